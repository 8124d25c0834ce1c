package repair_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// BenchmarkReadPlan reads a plan of 100,000 update ops shaped like a file
// apply's (about 40 MB), as apply does before anything else.
func BenchmarkReadPlan(b *testing.B) {
	p := repair.Plan{Schema: repair.PlanSchema, Config: "drift.yaml",
		Contract: diff.ContractRef{Name: "bench", Version: 1, Digest: "sha256:x"},
		Sources:  []repair.SourceVersion{{Name: "right", Version: "sha256:y"}}, Manual: []repair.Manual{}}
	for i := range 100000 {
		op := repair.Op{Source: "right", Action: "update",
			Key:    diff.Key{{Field: "id", Value: json.RawMessage(fmt.Sprint(i))}},
			Set:    repair.Fields{{Field: "email", Value: json.RawMessage(fmt.Sprintf(`"user%d@example.com"`, i))}, {Field: "updated", Value: json.RawMessage(`"2026-04-20T09:27:50.547Z"`)}},
			Expect: repair.Fields{{Field: "email", Value: json.RawMessage(fmt.Sprintf(`"user%d@example.com9"`, i))}, {Field: "updated", Value: json.RawMessage(`"2026-04-21T09:08:10Z"`)}},
			Reason: repair.Reason{Strategy: "authority", From: "left", Drift: fmt.Sprintf("%016x", i),
				Fields: []repair.FieldReason{{Field: "email", Strategy: "authority", From: "left", Drift: fmt.Sprintf("%016x", i)}}}}
		op.ID = repair.OpID(op)
		p.Ops = append(p.Ops, op)
	}
	if err := p.Seal(); err != nil {
		b.Fatal(err)
	}
	data, err := p.Marshal()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		// ReadPlanKeeping keeps the bytes it reads: each read gets its own.
		b.StopTimer()
		own := append([]byte(nil), data...)
		b.StartTimer()
		if _, err := repair.ReadPlanKeeping(own); err != nil {
			b.Fatal(err)
		}
	}
}
