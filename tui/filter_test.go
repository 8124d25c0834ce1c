package tui

import (
	"encoding/json"
	"testing"

	"github.com/drift-sh/drift/diff"
)

// TestFilteredSession: drift repair --source lists only the drifts about
// that source, and accepting all of them writes to that source only; the
// plan records the filter under its plan id.
func TestFilteredSession(t *testing.T) {
	f := newFixture(t)
	f.opts.Filter = diff.Filter{Source: "cache"}
	m := f.scanned(t)
	if len(m.sess.items) == 0 {
		t.Fatal("the filtered session lists no drift")
	}
	for _, it := range m.sess.items {
		d := it.drift
		if d.Source != "cache" && !d.Values.Has("cache") {
			t.Errorf("drift %s %s %s is not about cache", d.Kind, d.Source, d.Field)
		}
	}
	accepted := m.sess.acceptAll(m.sess.items)
	for _, it := range accepted {
		it.decision = decision{choice: chooseAccept}
	}
	plan, err := m.sess.amend()
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Ops) == 0 {
		t.Fatal("accepting every listed drift planned nothing")
	}
	for _, op := range plan.Ops {
		if op.Source != "cache" {
			t.Errorf("op %s writes %s; the session is narrowed to cache", op.ID, op.Source)
		}
	}
	if plan.Filter == nil || plan.Filter.Source != "cache" {
		b, _ := json.Marshal(plan.Filter)
		t.Errorf("plan filter = %s, want source cache", b)
	}
}
