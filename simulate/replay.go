package simulate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/rules"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// outcome is what one contract makes of the records: the scan's drifts
// and summary, and the plan.
type outcome struct {
	drifts []diff.Drift
	sum    diff.Summary
	plan   *repair.Plan
}

// scenario alters a replay: a source taken as unreadable, or a source's
// clock field shifted. The zero scenario replays the scan as it was.
type scenario struct {
	unreadable string
	shifted    string
	shift      time.Duration
}

// replay diffs the recorded records under contract c and plans the
// repair, as drift plan would have on the day of the scan.
func replay(c *contract.Contract, rec state.Recording, records [][]contract.Record, sc scenario) (*outcome, error) {
	r, err := rules.New(c)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(rec.Sources))
	for i, s := range rec.Sources {
		names[i] = s.Name
	}
	var opts []diff.Option
	if len(c.Invariants) > 0 || len(c.Transitions) > 0 {
		// Transitions have no previous snapshot here: a replay checks them
		// on the updates a plan would make, not against an earlier scan.
		opts = append(opts, diff.WithChecker(scan.NewChecker(c, r, names, map[string]scan.Lookup{})))
	}
	eng := diff.New(c, names, opts...)
	m := newMapping(c, rec, sc)
	for i, s := range rec.Sources {
		if s.Error != "" || s.Name == sc.unreadable {
			eng.Fail(i)
			continue
		}
		shift := s.Name == sc.shifted
		for _, raw := range records[i] {
			eng.Add(i, m.record(raw, shift))
		}
	}
	drifts, sum := eng.Result()
	in := repair.Input{Contract: c, Records: eng, Expr: r.Resolve}
	if len(c.Invariants) > 0 {
		in.Rules = r
	}
	if len(c.Transitions) > 0 {
		in.Transitions = r
	}
	for _, s := range rec.Sources {
		failed := s.Error != "" || s.Name == sc.unreadable
		in.Sources = append(in.Sources, repair.Source{Name: s.Name, Writable: s.Writable, Failed: failed, Version: s.Version})
	}
	for _, d := range drifts {
		if d.Kind == diff.Violation && d.Rule == "duplicate-key" {
			in.Duplicates = append(in.Duplicates, repair.Duplicate{Source: d.Source, Key: d.Key})
		}
	}
	plan, err := repair.Build(in)
	if err != nil {
		return nil, err
	}
	return &outcome{drifts: drifts, sum: sum, plan: plan}, nil
}

// mapping moves a recorded record's raw values to a contract's fields, by
// field name: the recording may have been read with another contract.
type mapping struct {
	from  []int // per contract field, its index among the recorded fields, or -1
	clock int   // the contract field to shift, or -1
	field *contract.Field
	shift time.Duration
	known map[string]bool
}

func newMapping(c *contract.Contract, rec state.Recording, sc scenario) *mapping {
	m := &mapping{clock: -1, known: map[string]bool{}}
	for _, f := range c.Fields {
		m.known[f.Name] = true
		m.from = append(m.from, slices.IndexFunc(rec.Fields, func(r state.RecordedField) bool { return r.Name == f.Name }))
		if sc.shift != 0 && f.Name == c.Resolve.Clock.Field {
			m.clock = len(m.from) - 1
			// Parse at full precision: the shifted instant is parsed again
			// with the field's own precision.
			cp := *f
			cp.Precision = 0
			m.field, m.shift = &cp, sc.shift
		}
	}
	return m
}

// record is the raw record as contract c reads it.
func (m *mapping) record(raw contract.Record, shift bool) contract.Record {
	out := contract.Record{Values: make([]any, len(m.from)), Loc: raw.Loc}
	for i, j := range m.from {
		if j >= 0 {
			out.Values[i] = raw.Raw(j)
		}
	}
	for _, u := range raw.Unknown {
		if !m.known[u] {
			out.Unknown = append(out.Unknown, u)
		}
	}
	if shift && m.clock >= 0 {
		v := m.field.Parse(out.Values[m.clock])
		if t, ok := v.Native.(time.Time); ok && v.State == contract.Valid {
			out.Values[m.clock] = t.Add(m.shift)
		}
	}
	return out
}

// fits checks that a contract can be replayed on the recording: its key
// fields were read, and the sources its resolve rules name were scanned.
func fits(c *contract.Contract, rec state.Recording) error {
	recorded := map[string]bool{}
	for _, f := range rec.Fields {
		recorded[f.Name] = !f.Ignored
	}
	for _, k := range c.Key {
		if name := c.Fields[k].Name; !recorded[name] {
			return fmt.Errorf("contract %s: key field %q was not read by the recorded scan %s; record a scan whose contract declares it (drift scan --record)",
				c.Name, name, rec.ScanID)
		}
	}
	srcs := map[string]bool{}
	var names []string
	for _, s := range rec.Sources {
		srcs[s.Name] = true
		names = append(names, s.Name)
	}
	check := func(what, name string) error {
		if name != "" && !srcs[name] {
			return fmt.Errorf("contract %s: %s names source %q, which the recorded scan %s did not read (its sources: %s)",
				c.Name, what, name, rec.ScanID, strings.Join(names, ", "))
		}
		return nil
	}
	if err := check("resolve.authority", c.Resolve.Authority); err != nil {
		return err
	}
	for _, f := range c.Fields {
		if err := check(fmt.Sprintf("field %q", f.Name), f.Source); err != nil {
			return err
		}
		if fr, ok := c.Resolve.Fields[f.Name]; ok {
			if err := check(fmt.Sprintf("resolve of field %q", f.Name), fr.Source); err != nil {
				return err
			}
		}
	}
	return nil
}

// unread lists the fields of c the recording holds no values of.
func unread(c *contract.Contract, rec state.Recording) []string {
	recorded := map[string]bool{}
	for _, f := range rec.Fields {
		recorded[f.Name] = !f.Ignored
	}
	var out []string
	for _, f := range c.Fields {
		if !f.Ignore && !recorded[f.Name] {
			out = append(out, f.Name)
		}
	}
	return out
}
