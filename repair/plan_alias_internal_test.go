package repair

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/drift-sh/drift/diff"
)

// TestReadPlanDistinctOps: a plan of many varied ops (up to 12 members,
// more than the decoder checks on the stack; an op left to encoding/json
// now and then) reads as a whole decode gives it, and no value read
// shares room with the file or another value.
func TestReadPlanDistinctOps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	values := []string{`1`, `-2.5e3`, `"x"`, `"é"`, `true`, `null`, `{"a": [1, 2]}`, `[ ]`, `"\u00e9\n"`}
	fields := func(n int) Fields {
		fs := Fields{}
		for j := range n {
			fs = append(fs, FieldValue{Field: fmt.Sprintf("f%d", j), Value: json.RawMessage(values[r.IntN(len(values))])})
		}
		return fs
	}
	p := Plan{Schema: PlanSchema, Sources: []SourceVersion{}, Manual: []Manual{}}
	for i := range 5000 {
		op := Op{Source: fmt.Sprintf("s%d", i%3), Action: "update",
			Key: diff.Key{{Field: "id", Value: json.RawMessage(fmt.Sprint(i))}, {Field: "r", Value: json.RawMessage(`"eu"`)}},
			Set: fields(r.IntN(12)), Expect: fields(r.IntN(12)),
			Reason: Reason{Strategy: "lww", Drift: fmt.Sprintf("%016x", i)}}
		if i%5 == 0 {
			op.Action, op.Set, op.Expect, op.Record = "insert", nil, nil, fields(1+r.IntN(11))
		}
		for j := range r.IntN(4) {
			op.Reason.Fields = append(op.Reason.Fields, FieldReason{Field: fmt.Sprintf("f%d", j), Strategy: "lww", Drift: fmt.Sprint(i, j)})
		}
		if i%97 == 0 { // a name written with an escape: the op is left to encoding/json
			op.Expect = append(op.Expect, FieldValue{Field: "q\"uote", Value: json.RawMessage(`1`)})
		}
		op.ID = OpID(op)
		p.Ops = append(p.Ops, op)
	}
	if err := p.Seal(); err != nil {
		t.Fatal(err)
	}
	data, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var want Plan
	if err := newPlanDecoder(data).Decode(&want); err != nil {
		t.Fatal(err)
	}
	orig := bytes.Clone(data)
	got, ok := readPlanFast(data)
	if !ok {
		t.Fatal("the plan is not taken by the fast decoder")
	}
	if _, err := checkPlan(got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, want) {
		for i := range got.Ops {
			if !reflect.DeepEqual(got.Ops[i], want.Ops[i]) {
				t.Fatalf("op %d read as %+v, a whole decode gives %+v", i, got.Ops[i], want.Ops[i])
			}
		}
		t.Fatalf("plan read as %+v, a whole decode gives %+v", *got, want)
	}
	grow := func(v json.RawMessage) { _ = append(v, "XXXXXXXX"...) }
	for _, op := range got.Ops {
		for _, k := range op.Key {
			grow(k.Value)
		}
		for _, fs := range []Fields{op.Set, op.Expect, op.Record} {
			for _, fv := range fs {
				grow(fv.Value)
			}
		}
	}
	if !bytes.Equal(data, orig) {
		t.Fatal("appending to a value read changed the plan's bytes")
	}
	if !reflect.DeepEqual(*got, want) {
		t.Fatal("appending to a value read changed another value")
	}
}

// TestSealKeepsTheIDOfAPlanRead: a plan file whose lists are missing or
// null is refused, or seals to its own id.
func TestSealKeepsTheIDOfAPlanRead(t *testing.T) {
	for name, p := range map[string]Plan{
		"no manual": {Schema: PlanSchema, Ops: []Op{}},
		"null ops":  {Schema: PlanSchema, Manual: []Manual{}},
	} {
		id, err := p.computeID()
		if err != nil {
			t.Fatal(err)
		}
		doc := fmt.Sprintf(`{"schema":%q,"plan_id":%q,"ops":null,"manual":[]}`, PlanSchema, id)
		if name == "no manual" {
			doc = fmt.Sprintf(`{"schema":%q,"plan_id":%q,"ops":[]}`, PlanSchema, id)
		}
		read, err := ReadPlan([]byte(doc))
		if err != nil {
			continue // refused: drift never writes such a plan
		}
		sealed := *read
		if err := sealed.Seal(); err != nil || sealed.PlanID != read.PlanID {
			t.Errorf("%s: a plan read with id %s seals to %s (%v)", name, read.PlanID, sealed.PlanID, err)
		}
	}
}
