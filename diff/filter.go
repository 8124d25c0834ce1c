package diff

import (
	"bytes"
	"strings"
)

// Filter narrows a report to some keys, one source or one field: what
// drift scan's and drift plan's --key, --source and --field ask for. The
// zero Filter keeps everything.
type Filter struct {
	// Key holds canonical values of some key fields, in key order: a
	// drift matches when its key has each of them, so a part of the key
	// (region=eu) selects every key that agrees on it.
	Key Key `json:"key,omitempty"`
	// Source keeps the drifts about this source: a key missing from it,
	// a violation in it, a changed field among whose values it holds one.
	Source string `json:"source,omitempty"`
	// Field keeps the drifts about this field: changed, and the
	// violations of it. A missing key is about no field.
	Field string `json:"field,omitempty"`
}

// IsZero reports whether f keeps everything.
func (f Filter) IsZero() bool { return len(f.Key) == 0 && f.Source == "" && f.Field == "" }

// Match reports whether f keeps d.
func (f Filter) Match(d Drift) bool {
	return f.MatchKey(d.Key) && (f.Field == "" || d.Field == f.Field) &&
		(f.Source == "" || d.Source == f.Source || d.Values.Has(f.Source))
}

// MatchKey reports whether k has every key value of f.
func (f Filter) MatchKey(k Key) bool {
	for _, want := range f.Key {
		found := false
		for _, p := range k {
			if p.Field == want.Field {
				found = bytes.Equal(p.Value, want.Value)
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// String is the filter as flags: `--key region=eu --source replica`.
func (f Filter) String() string {
	var parts []string
	if len(f.Key) > 0 {
		kv := make([]string, len(f.Key))
		for i, p := range f.Key {
			kv[i] = p.Field + "=" + strings.Trim(string(p.Value), `"`)
		}
		parts = append(parts, "--key "+strings.Join(kv, ","))
	}
	if f.Source != "" {
		parts = append(parts, "--source "+f.Source)
	}
	if f.Field != "" {
		parts = append(parts, "--field "+f.Field)
	}
	return strings.Join(parts, " ")
}

// Has reports whether v holds a value of source.
func (v Values) Has(source string) bool {
	for _, sv := range v {
		if sv.Source == source {
			return true
		}
	}
	return false
}

// Filtered is r with only the drifts f keeps, its summary counted over
// them and naming f. Keys stays the number of keys compared. The zero
// filter returns r itself.
func (r *Report) Filtered(f Filter) *Report {
	if f.IsZero() {
		return r
	}
	out := *r
	out.Drifts = []Drift{}
	sum := Summary{Keys: r.Summary.Keys, ByField: map[string]int{}, Filter: &f}
	drifted := map[string]bool{}
	for _, d := range r.Drifts {
		if !f.Match(d) {
			continue
		}
		out.Drifts = append(out.Drifts, d)
		switch d.Kind {
		case Missing:
			sum.Missing++
		case Changed:
			sum.Changed++
			sum.ByField[d.Field]++
		default:
			sum.Violations++
			continue
		}
		b, _ := d.Key.MarshalJSON()
		drifted[string(b)] = true
	}
	sum.DriftedKeys = len(drifted)
	out.Summary = sum
	return &out
}
