package repair_test

import (
	"os"
	"testing"

	"github.com/drift-sh/drift/repair"
)

// FuzzReadPlan reads arbitrary plan files: refused or read, never a panic;
// a plan that reads back is one whose id matches its content.
func FuzzReadPlan(f *testing.F) {
	if b, err := os.ReadFile("testdata/multi-field/want-plan.json"); err == nil {
		f.Add(string(b))
	}
	f.Add(`{"schema":"drift.plan/v1","plan_id":"sha256:x","ops":[{"key":5}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		p, err := repair.ReadPlan([]byte(body))
		if err != nil {
			return
		}
		sealed := *p
		if err := sealed.Seal(); err != nil || sealed.PlanID != p.PlanID {
			t.Fatalf("a plan read back with a mismatching id: %s vs %s (%v)", p.PlanID, sealed.PlanID, err)
		}
	})
}
