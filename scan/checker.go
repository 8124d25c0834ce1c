package scan

import (
	"encoding/json"
	"sync"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// Rules is what a scan needs of a contract's compiled CEL rules;
// *rules.Rules is one.
type Rules interface {
	// Check evaluates the invariants over one record.
	Check(source string, values []contract.Value) []diff.RuleViolation
	// CheckTransition evaluates the transitions over a record's previous
	// (nil when it is new) and current values.
	CheckTransition(source string, old, cur []contract.Value) []diff.RuleViolation
}

// Lookup finds a record of a source's previous snapshot by its key JSON
// (see SnapshotRow) and returns its values JSON.
type Lookup func(key string) (values string, ok bool)

// SnapshotRow is one record as a snapshot keeps it: the canonical key JSON
// (an object in contract key order, as reports print keys) and the record's
// valid values as a JSON object of canonical JSON, in field order.
type SnapshotRow struct {
	Key    string
	Values string
}

// Checker is the diff.Checker of a scan: it runs the contract's invariants
// over every record and, when the contract has transitions, checks every
// record against its previous version and keeps the record for this scan's
// snapshot. It is safe for concurrent calls for different sources, and keeps
// nothing of the values slice it is given.
type Checker struct {
	c           *contract.Contract
	rules       Rules
	invariants  bool
	transitions bool
	previous    map[string]Lookup
	// names are the fields' names as JSON strings.
	names []string
	// snaps holds each source's snapshot rows; the map is fixed at
	// construction, each entry guarded by its own lock.
	snaps map[string]*snapshot
}

var _ diff.Checker = (*Checker)(nil)

type snapshot struct {
	mu   sync.Mutex
	rows []SnapshotRow
}

// NewChecker makes the checker of a scan of the named sources. previous
// gives, per source, the lookup of its previous snapshot; a source without
// one has every record new, so its transitions pass.
func NewChecker(c *contract.Contract, r Rules, sources []string, previous map[string]Lookup) *Checker {
	ch := &Checker{
		c: c, rules: r, previous: previous,
		invariants:  len(c.Invariants) > 0,
		transitions: len(c.Transitions) > 0,
		snaps:       map[string]*snapshot{},
	}
	for _, f := range c.Fields {
		b, _ := json.Marshal(f.Name)
		ch.names = append(ch.names, string(b))
	}
	if ch.transitions {
		for _, name := range sources {
			ch.snaps[name] = &snapshot{}
		}
	}
	return ch
}

// Check runs the invariants, then the transitions against the record's
// previous version, and keeps the record for the snapshot.
func (ch *Checker) Check(source string, values []contract.Value) []diff.RuleViolation {
	var out []diff.RuleViolation
	if ch.invariants {
		out = ch.rules.Check(source, values)
	}
	if !ch.transitions {
		return out
	}
	key := ch.keyJSON(values)
	var old []contract.Value
	if get := ch.previous[source]; get != nil {
		if text, ok := get(key); ok {
			old = ch.parseValues(text)
		}
	}
	out = append(out, ch.rules.CheckTransition(source, old, values)...)
	if s := ch.snaps[source]; s != nil {
		row := SnapshotRow{Key: key, Values: ch.valuesJSON(values)}
		s.mu.Lock()
		s.rows = append(s.rows, row)
		s.mu.Unlock()
	}
	return out
}

// Snapshot returns the records of source that this scan checked, in the
// order read; nil when the contract has no transitions.
func (ch *Checker) Snapshot(source string) []SnapshotRow {
	s := ch.snaps[source]
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SnapshotRow(nil), s.rows...)
}

// Transitions reports whether the contract has transition rules, and so
// whether snapshots are kept.
func (ch *Checker) Transitions() bool { return ch.transitions }

// keyJSON is the canonical key object of a record, in contract key order.
func (ch *Checker) keyJSON(values []contract.Value) string {
	key := make(diff.Key, len(ch.c.Key))
	for i, k := range ch.c.Key {
		key[i] = diff.KeyPart{Field: ch.c.Fields[k].Name, Value: json.RawMessage(values[k].JSON)}
	}
	b, _ := key.MarshalJSON()
	return string(b)
}

// valuesJSON writes a record's valid values as a JSON object in field
// order; null and invalid values are left out, as rules never see them.
func (ch *Checker) valuesJSON(values []contract.Value) string {
	b := []byte{'{'}
	for i, name := range ch.names {
		if i >= len(values) || values[i].State != contract.Valid {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, name...)
		b = append(b, ':')
		b = append(b, values[i].JSON...)
	}
	return string(append(b, '}'))
}

// parseValues reads a snapshot's values JSON back through each field's
// Parse. A snapshot that does not decode counts as no previous version.
func (ch *Checker) parseValues(text string) []contract.Value {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &fields); err != nil {
		return nil
	}
	out := make([]contract.Value, len(ch.c.Fields))
	for i, f := range ch.c.Fields {
		out[i] = contract.NullValue
		if js, ok := fields[f.Name]; ok && !f.Ignore {
			out[i] = f.Parse(contract.Value{State: contract.Valid, JSON: string(js)}.Decode())
		}
	}
	return out
}
