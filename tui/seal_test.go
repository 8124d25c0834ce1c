package tui

import (
	"encoding/json"
	"testing"

	"github.com/drift-sh/drift/repair"
)

// The session computes op and plan ids itself; they must be the ids the
// repair package computes, or apply would refuse the saved plan.
func TestIDsMatchThePlanner(t *testing.T) {
	m := newFixture(t).scanned(t)
	plan := m.sess.plan
	if len(plan.Ops) == 0 {
		t.Fatal("the example has no ops")
	}
	for _, op := range plan.Ops {
		if got := repair.OpID(op); got != op.ID {
			t.Errorf("op %s %s: OpID = %s, want %s", op.Source, keyText(op.Key), got, op.ID)
		}
	}
	sealed := *plan
	if err := sealed.Seal(); err != nil || sealed.PlanID != plan.PlanID {
		t.Errorf("Seal = %s (%v), want %s", sealed.PlanID, err, plan.PlanID)
	}
}

// Accepting every proposal gives exactly the planner's ops, and the saved
// session plan reads back as a valid plan file.
func TestAcceptAllGivesThePlannersOps(t *testing.T) {
	m := newFixture(t).scanned(t)
	for _, it := range m.sess.items {
		if it.decidable() && len(it.ops) > 0 {
			it.decision = decision{choice: chooseAccept}
		}
	}
	got, err := m.sess.sessionPlan("/x/drift.yaml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := m.sess.plan.Ops
	gj, _ := json.Marshal(got.Ops)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("ops differ:\n got %s\nwant %s", gj, wj)
	}
	data, err := got.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := repair.ReadPlan(data)
	if err != nil {
		t.Fatalf("the saved session plan is refused: %v", err)
	}
	if back.PlanID != got.PlanID {
		t.Errorf("plan id %s read back as %s", got.PlanID, back.PlanID)
	}
}
