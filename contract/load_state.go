package contract

import (
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// StateConfig is the config's `state:` block: what the state store keeps.
type StateConfig struct {
	Retention Retention
}

// Retention bounds the per-scan history the state store keeps for a
// contract: a scan is pruned once it is older than Age or more than Scans
// scans old, whichever comes first. Drift lifecycles are not per scan:
// an open one is always kept, a resolved one for Age.
type Retention struct {
	Age   time.Duration
	Scans int
}

// DefaultRetention is the retention when the config sets none: 30 days or
// 1,000 scans, whichever is less.
var DefaultRetention = Retention{Age: 30 * 24 * time.Hour, Scans: 1000}

// OrDefault fills the parts of r left zero from DefaultRetention.
func (r Retention) OrDefault() Retention {
	if r.Age <= 0 {
		r.Age = DefaultRetention.Age
	}
	if r.Scans <= 0 {
		r.Scans = DefaultRetention.Scans
	}
	return r
}

var (
	stateKeys     = []string{"retention"}
	retentionKeys = []string{"age", "scans"}
)

// state reads the `state:` block; absent parts keep their defaults.
func (r reader) state(p pair) StateConfig {
	out := StateConfig{Retention: DefaultRetention}
	m := r.keyed(p.val, "state", stateKeys...)
	rp, ok := m["retention"]
	if !ok {
		return out
	}
	if rp.val.Kind != yaml.MappingNode {
		r.errorf(rp.val, "state: retention must be a mapping like {age: 30d, scans: 1000}, not %s", r.describe(rp.val))
		return out
	}
	rm := r.keyed(rp.val, "state: retention", retentionKeys...)
	if ap, ok := rm["age"]; ok {
		if d, ok := r.retentionAge(ap); ok {
			out.Retention.Age = d
		}
	}
	if sp, ok := rm["scans"]; ok {
		if n, ok := r.integer(sp, "state: retention"); ok {
			if n < 1 {
				r.errorf(sp.val, "state: retention: scans must be at least 1, got %d; the newest scan is always kept", n)
			} else {
				out.Retention.Scans = n
			}
		}
	}
	return out
}

// retentionAge reads a positive duration: a Go duration (12h, 90m) or a
// whole number of days (30d).
func (r reader) retentionAge(p pair) (time.Duration, bool) {
	s, ok := r.str(p, "state: retention")
	if !ok {
		return 0, false
	}
	var d time.Duration
	var err error
	if days, found := strings.CutSuffix(s, "d"); found {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil {
		r.errorf(p.val, "state: retention: age %q is not a duration; write it like 30d, 12h or 90m", r.show(p.val))
		return 0, false
	}
	if d <= 0 {
		r.errorf(p.val, "state: retention: age must be positive, got %s; write it like 30d or 12h", r.show(p.val))
		return 0, false
	}
	return d, true
}
