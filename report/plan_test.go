package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// A plan saved with -o shows at most Max ops, then a count of the rest;
// printed without -o it shows every op.
func TestPlanTableCap(t *testing.T) {
	const max = 200
	p := &repair.Plan{PlanID: "sha256:x"}
	for i := range max + 5 {
		p.Ops = append(p.Ops, repair.Op{Source: "r", Action: "delete",
			Key: diff.Key{{Field: "id", Value: json.RawMessage(strconv.Itoa(i))}}})
	}
	var capped, full bytes.Buffer
	if err := (&PlanTableWriter{Max: max}).WritePlan(&capped, p); err != nil {
		t.Fatal(err)
	}
	if err := (&PlanTableWriter{}).WritePlan(&full, p); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(capped.String(), "… and 5 more ops") || strings.Contains(capped.String(), "\nr  "+strconv.Itoa(max)+" ") {
		t.Errorf("capped table:\n%s", capped.String())
	}
	if strings.Count(full.String(), "delete") != max+5 {
		t.Errorf("full table has %d rows, want %d", strings.Count(full.String(), "delete"), max+5)
	}
}
