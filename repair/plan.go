// Package repair turns a scan into a plan of compare-and-set writes and
// executes it. Planning is pure: Build reads a scan's canonical records and
// the contract's resolve rules and returns plain data. Only Execute and
// Rollback write, and only through sources.Writer's compare-and-set.
package repair

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/sources"
)

// PlanSchema is the schema name of a plan file.
const PlanSchema = "drift.plan/v1"

// Plan is SPEC's drift.plan/v1: the writes that would make the sources
// agree, and the divergences left to a person. It carries the contract and
// the source versions it was built on, so a stale or edited plan is refused.
type Plan struct {
	Schema string `json:"schema"`
	PlanID string `json:"plan_id"`
	// CreatedAt is informational; it is not part of PlanID, so the same
	// inputs give the same plan id.
	CreatedAt *time.Time `json:"created_at,omitempty"`
	// Config is the absolute path of the config the plan was made from;
	// apply reads the sources' settings from it unless -c names another.
	Config   string           `json:"config,omitempty"`
	Contract diff.ContractRef `json:"contract"`
	Sources  []SourceVersion  `json:"sources"`
	Ops      []Op             `json:"ops"`
	Manual   []Manual         `json:"manual"`
	// Filter is what a narrowed plan (drift plan --key, --source,
	// --field) was narrowed by; nil for a whole plan. It is part of
	// PlanID.
	Filter *diff.Filter `json:"filter,omitempty"`
}

// SourceVersion is the snapshot version of one source the plan read.
type SourceVersion struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// The actions of an op, as sources name them; faces that show ops use
// these and need not import sources.
const (
	ActionUpdate = sources.ActionUpdate
	ActionInsert = sources.ActionInsert
	ActionDelete = sources.ActionDelete
)

// Op is one compare-and-set write to one record of one source. Values are
// canonical JSON, fields in contract order.
type Op struct {
	ID     string         `json:"id"`
	Source string         `json:"source"`
	Key    diff.Key       `json:"key"`
	Action sources.Action `json:"action"`
	Set    Fields         `json:"set,omitempty"`
	Expect Fields         `json:"expect,omitempty"`
	Record Fields         `json:"record,omitempty"`
	Reason Reason         `json:"reason"`
}

// Reason records why an op exists: the rule, the source whose value won
// and the drift it fixes. An update that fixes several fields of one record
// names its first field's rule and drift at the top and lists every field
// in Fields.
type Reason struct {
	Strategy string        `json:"strategy"`
	From     string        `json:"from,omitempty"`
	Drift    string        `json:"drift"`
	Fields   []FieldReason `json:"fields,omitempty"`
}

// FieldReason is the reason for one field of a multi-field update.
type FieldReason struct {
	Field    string `json:"field"`
	Strategy string `json:"strategy"`
	From     string `json:"from,omitempty"`
	Drift    string `json:"drift"`
}

// Manual is a divergence the planner would not decide: the drift, why, and
// each source's value (or record) to choose from.
type Manual struct {
	Drift      string      `json:"drift"`
	Why        string      `json:"why"`
	Candidates diff.Values `json:"candidates"`
	// Key and Field say what the drift is about, for display; they are not
	// part of the file.
	Key   diff.Key `json:"-"`
	Field string   `json:"-"`
}

// FieldValue is one field's canonical JSON value.
type FieldValue struct {
	Field string
	Value json.RawMessage
}

// Fields is a set of field values in contract field order; it marshals as
// a JSON object that keeps that order.
type Fields []FieldValue

// Get returns the value of a field.
func (fs Fields) Get(name string) (json.RawMessage, bool) {
	for _, f := range fs {
		if f.Field == name {
			return f.Value, true
		}
	}
	return nil, false
}

// MarshalJSON writes the fields as an object in order.
func (fs Fields) MarshalJSON() ([]byte, error) { return fs.key().MarshalJSON() }

// UnmarshalJSON reads an object, keeping its member order.
func (fs *Fields) UnmarshalJSON(b []byte) error {
	var key diff.Key
	if err := key.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("field values: %w", err)
	}
	out := make(Fields, len(key))
	for i, p := range key {
		out[i] = FieldValue{Field: p.Field, Value: p.Value}
	}
	*fs = out
	return nil
}

// ReadPlan decodes a plan file and checks its schema and plan id: a plan
// whose content does not hash to its plan_id was edited and is refused.
func ReadPlan(data []byte) (*Plan, error) {
	return ReadPlanKeeping(bytes.Clone(data))
}

// ReadPlanKeeping is ReadPlan for bytes the caller gives up, as a file
// just read: the plan's values may be slices of data, which must not
// change afterwards. It saves copying a large plan.
func ReadPlanKeeping(data []byte) (*Plan, error) {
	if p, ok := readPlanFast(data); ok {
		return checkPlan(p)
	}
	var p Plan
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return nil, fmt.Errorf("plan file has a member drift does not write, %s; the plan was edited or made by another tool: make a new plan with drift plan -o FILE", name)
		}
		return nil, fmt.Errorf("not a drift plan: %w; make one with drift plan -o FILE", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("not a drift plan: more data follows the plan object; make a new plan with drift plan -o FILE")
	}
	return checkPlan(&p)
}

// checkPlan refuses a decoded plan of another schema, or whose content
// does not hash to its plan id.
func checkPlan(p *Plan) (*Plan, error) {
	if p.Schema != PlanSchema {
		return nil, fmt.Errorf("schema %q is not %s; make the plan again with this drift", p.Schema, PlanSchema)
	}
	// A plan's lists are read as Marshal writes them and Seal hashes them:
	// null or left out, they are empty.
	p.fillLists()
	want, err := p.computeID()
	if err != nil {
		return nil, err
	}
	if p.PlanID != want {
		return nil, fmt.Errorf("plan file was modified: its content does not match plan_id %s; make a new plan with drift plan", p.PlanID)
	}
	return p, nil
}
