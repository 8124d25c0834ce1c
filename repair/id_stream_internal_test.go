package repair

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/drift-sh/drift/diff"
)

// wholeID is the plan id as the whole body marshalled at once, which
// computeID must give without holding it.
func wholeID(t *testing.T, p *Plan) string {
	body := struct {
		Schema   string           `json:"schema"`
		Config   string           `json:"config"`
		Contract diff.ContractRef `json:"contract"`
		Sources  []SourceVersion  `json:"sources"`
		Ops      []Op             `json:"ops"`
		Manual   []Manual         `json:"manual"`
		Filter   *diff.Filter     `json:"filter,omitempty"`
	}{p.Schema, p.Config, p.Contract, p.Sources, p.Ops, p.Manual, p.Filter}
	b, err := compactJSON(body)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func TestComputeIDStreamsTheWholeBody(t *testing.T) {
	op := Op{ID: "a1", Source: "s<&>", Action: "update", Set: Fields{{Field: "f", Value: json.RawMessage(`"<b>"`)}},
		Reason: Reason{Strategy: "lww", Drift: "d"}}
	// Enough ops for a run per core: the first run's are hashed as they
	// are made, the others' after it.
	many := make([]Op, 5000)
	for i := range many {
		many[i] = op
		many[i].ID = fmt.Sprintf("%04x", i)
		many[i].Expect = Fields{{Field: "n", Value: json.RawMessage(fmt.Sprint(i))}, {Field: "o", Value: json.RawMessage(`{"a": [1, 2]}`)}}
	}
	for name, p := range map[string]*Plan{
		"many ops": {Schema: PlanSchema, Ops: many},
		"empty":    {},
		"no ops":   {Schema: PlanSchema, Ops: []Op{}},
		"ops":      {Schema: PlanSchema, Config: "/c.yaml", Sources: []SourceVersion{{Name: "s", Version: "v"}}, Ops: []Op{op, op}},
		"filtered": {Schema: PlanSchema, Ops: []Op{op}, Filter: &diff.Filter{}},
		"one op":   {Ops: []Op{op}, Manual: []Manual{}},
	} {
		got, err := p.computeID()
		if err != nil {
			t.Fatal(err)
		}
		if want := wholeID(t, p); got != want {
			t.Errorf("%s: %s, the whole body hashes to %s", name, got, want)
		}
	}
}

// TestSealedPlanReadsBack: a plan built outside the planner, its lists
// left nil, reads back once sealed and written.
func TestSealedPlanReadsBack(t *testing.T) {
	op := Op{Source: "s", Action: "update", Key: diff.Key{{Field: "id", Value: json.RawMessage(`1`)}},
		Set: Fields{{Field: "f", Value: json.RawMessage(`2`)}}, Reason: Reason{Strategy: "lww", Drift: "d"}}
	op.ID = OpID(op)
	for name, p := range map[string]*Plan{
		"no lists":  {Schema: PlanSchema},
		"no manual": {Schema: PlanSchema, Ops: []Op{op}},
	} {
		if err := p.Seal(); err != nil {
			t.Fatal(err)
		}
		b, err := p.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ReadPlan(b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
