// Package diff is the field-level diff engine: records from any number of
// sources in, drifts out. It does no I/O.
package diff

import (
	"encoding/json"
	"time"
)

// Kind is the kind of a drift.
type Kind uint8

// Drift kinds, in report sort order.
const (
	Changed Kind = iota + 1
	Missing
	Violation
)

var kindNames = map[Kind]string{Changed: "changed", Missing: "missing", Violation: "violation"}

// String returns the kind's report name.
func (k Kind) String() string { return kindNames[k] }

// MarshalJSON writes the kind's name.
func (k Kind) MarshalJSON() ([]byte, error) { return json.Marshal(k.String()) }

// KeyPart is one field of a record key with its canonical JSON value.
type KeyPart struct {
	Field string
	Value json.RawMessage
}

// Key is a record key in contract key order; it marshals as a JSON object
// that keeps that order.
type Key []KeyPart

// SourceValue is one source's canonical value of a changed field.
type SourceValue struct {
	Source string
	Value  json.RawMessage
}

// Values maps sources to values; it marshals as a JSON object in source
// order (the config's order).
type Values []SourceValue

// Drift is one divergence: a changed field, a key missing from a source, or
// a broken rule.
type Drift struct {
	ID      string `json:"id"`
	Kind    Kind   `json:"kind"`
	Key     Key    `json:"key"`
	Source  string `json:"source,omitempty"`
	Field   string `json:"field,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message,omitempty"`
	Values  Values `json:"values,omitempty"`
	// Severity is "warning" for a violation of a warning-level rule; empty
	// for everything else.
	Severity string `json:"severity,omitempty"`
	// FirstSeen is when a scan first saw this drift unresolved; set from the
	// scan history, nil without one.
	FirstSeen *time.Time `json:"first_seen,omitempty"`
	// Class is where the drift stands in its lifecycle (converging or
	// persistent, against the contract's grace); set from the scan
	// history, empty without one.
	Class string `json:"class,omitempty"`
}

// SourceStatus is what a scan read from one source.
type SourceStatus struct {
	Name          string  `json:"name"`
	Type          string  `json:"type"`
	Records       int     `json:"records"`
	Version       string  `json:"version"`
	Authoritative bool    `json:"authoritative"`
	Error         *string `json:"error"`
}

// ContractRef names the contract a report or plan was made under.
type ContractRef struct {
	Name    string `json:"name"`
	Version int    `json:"version"`
	Digest  string `json:"digest"`
}

// Summary counts a report's drifts.
type Summary struct {
	Keys        int            `json:"keys"`
	DriftedKeys int            `json:"drifted_keys"`
	Missing     int            `json:"missing"`
	Changed     int            `json:"changed"`
	Violations  int            `json:"violations"`
	ByField     map[string]int `json:"by_field"`
	// Filter is the filter a filtered report was narrowed by (scan --key,
	// --source, --field); its counts are over the drifts it kept.
	Filter *Filter `json:"filter,omitempty"`
	// Resolved counts the drifts open before this scan that it no longer
	// saw; set from the scan history (nil without one, and in a filtered
	// report).
	Resolved *int `json:"resolved,omitempty"`
}

// Report is the result of one scan, SPEC's drift.report/v1.
type Report struct {
	Schema     string         `json:"schema"`
	RunID      string         `json:"run_id"`
	StartedAt  time.Time      `json:"started_at"`
	FinishedAt time.Time      `json:"finished_at"`
	Contract   ContractRef    `json:"contract"`
	Sources    []SourceStatus `json:"sources"`
	Summary    Summary        `json:"summary"`
	Drifts     []Drift        `json:"drifts"`
}

// ReportSchema is the schema name of a scan report.
const ReportSchema = "drift.report/v1"

// MarshalJSON writes the key as an object in key order.
func (k Key) MarshalJSON() ([]byte, error) {
	n := 2
	for _, p := range k {
		n += len(p.Field) + len(p.Value) + 4
	}
	return k.AppendJSON(make([]byte, 0, n)), nil
}

// AppendJSON appends the key's JSON, as MarshalJSON gives it, to b.
func (k Key) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	for i, p := range k {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendName(b, p.Field)
		b = append(b, ':')
		b = append(b, p.Value...)
	}
	return append(b, '}')
}

// AppendName appends s as json.Marshal writes it: a name of printable
// ASCII with nothing to escape is quoted as it is; any other goes
// through json.Marshal (which escapes <, > and & too).
func AppendName(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			name, _ := json.Marshal(s)
			return append(b, name...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// MarshalJSON writes the values as an object in source order.
func (v Values) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, p := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendName(b, p.Source)
		b = append(b, ':')
		b = append(b, p.Value...)
	}
	return append(b, '}'), nil
}
