// Package simulate replays a recorded scan (drift scan --record) under a
// candidate contract and tells what would change: the ops, manual items,
// violations and drifted keys of the candidate's plan against those of the
// current contract's plan on the same records. It reads no source and
// writes nothing; the diff is diff.Engine's and the plan repair.Build's.
package simulate

import (
	"encoding/json"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/state"
)

// Schema is the schema name of a simulation's JSON.
const Schema = "drift.simulation/v1"

// Input is what a simulation replays: a recording, its records per source
// (raw values indexed like Recording.Fields), and the two contracts.
type Input struct {
	Recording state.Recording
	Records   [][]contract.Record
	Current   *contract.Contract
	Candidate *contract.Contract
	// Faults adds the fault scenarios (see Faults) under the candidate.
	Faults bool
}

// Result is SPEC's drift.simulation/v1: what the candidate contract would
// change on the recorded records, counted and item by item.
type Result struct {
	Schema      string    `json:"schema"`
	ScanID      string    `json:"scan_id"`
	Current     Side      `json:"current"`
	Candidate   Side      `json:"candidate"`
	Ops         OpCounts  `json:"ops"`
	Manual      GainLost  `json:"manual"`
	Violations  GainLost  `json:"violations"`
	DriftedKeys KeyCounts `json:"drifted_keys"`
	Items       []Item    `json:"items"`
	// Faults are the fault scenarios, with --faults only.
	Faults []Fault `json:"faults,omitempty"`
}

// Side names one of the two contracts. Unread lists its fields whose
// values the recording does not hold: fields the recording contract did
// not declare, or ignored (sources need not read an ignored field). The
// simulation takes them as null; it cannot know what the sources hold.
type Side struct {
	Contract diff.ContractRef `json:"contract"`
	Unread   []string         `json:"unread_fields,omitempty"`
}

// OpCounts counts the ops only the candidate's plan has (added), only the
// current one has (removed), and those both have for the same record of
// the same source with a different write (changed).
type OpCounts struct {
	Added   int `json:"added"`
	Removed int `json:"removed"`
	Changed int `json:"changed"`
}

// GainLost counts what only the candidate has (gained) and what only the
// current contract has (lost).
type GainLost struct {
	Gained int `json:"gained"`
	Lost   int `json:"lost"`
}

// KeyCounts counts the keys with missing or changed drift under each
// contract, as a scan's summary does.
type KeyCounts struct {
	Current   int `json:"current"`
	Candidate int `json:"candidate"`
}

// Item kinds and changes.
const (
	KindOp        = "op"
	KindManual    = "manual"
	KindViolation = "violation"
	KindDrift     = "drift"

	Added      = "added"
	Removed    = "removed"
	Changed    = "changed"
	Gained     = "gained"
	Lost       = "lost"
	Appears    = "appears"
	Disappears = "disappears"
)

// Item is one difference between the two plans. Kind says what it is
// about (op, manual, violation, drift) and Change how it differs. Old and
// New are an op's write under each contract (action, set, record, expect);
// Fields lists what a drift that appears or disappears is about (a field
// name, or "missing from SOURCE").
type Item struct {
	Kind    string          `json:"kind"`
	Change  string          `json:"change"`
	Key     diff.Key        `json:"key"`
	Source  string          `json:"source,omitempty"`
	Field   string          `json:"field,omitempty"`
	Rule    string          `json:"rule,omitempty"`
	Message string          `json:"message,omitempty"`
	Old     json.RawMessage `json:"old,omitempty"`
	New     json.RawMessage `json:"new,omitempty"`
	Fields  []string        `json:"fields,omitempty"`
}

// Changes reports whether the candidate changes anything, or a fault
// scenario would add or change an op: a write the healthy scan's plan
// does not make. Ops a fault removes are the safe side (an unreadable
// source gets no writes) and do not count.
func (r *Result) Changes() bool {
	if len(r.Items) > 0 {
		return true
	}
	for _, f := range r.Faults {
		if f.Ops.Added > 0 || f.Ops.Changed > 0 {
			return true
		}
	}
	return false
}

// Run replays the recording under both contracts and compares them.
func Run(in Input) (*Result, error) {
	if len(in.Records) != len(in.Recording.Sources) {
		return nil, fmt.Errorf("scan %s: records of %d sources for %d recorded sources", in.Recording.ScanID, len(in.Records), len(in.Recording.Sources))
	}
	for _, c := range []*contract.Contract{in.Current, in.Candidate} {
		if err := fits(c, in.Recording); err != nil {
			return nil, err
		}
	}
	cur, err := replay(in.Current, in.Recording, in.Records, scenario{})
	if err != nil {
		return nil, fmt.Errorf("current contract %s: %w", in.Current.Name, err)
	}
	cand, err := replay(in.Candidate, in.Recording, in.Records, scenario{})
	if err != nil {
		return nil, fmt.Errorf("candidate contract %s: %w", in.Candidate.Name, err)
	}
	res := &Result{
		Schema: Schema, ScanID: in.Recording.ScanID,
		Current:   Side{Contract: ref(in.Current), Unread: unread(in.Current, in.Recording)},
		Candidate: Side{Contract: ref(in.Candidate), Unread: unread(in.Candidate, in.Recording)},
	}
	compare(res, cur, cand)
	if in.Faults {
		if res.Faults, err = faults(in, cand); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func ref(c *contract.Contract) diff.ContractRef {
	return diff.ContractRef{Name: c.Name, Version: c.Version, Digest: c.Digest}
}
