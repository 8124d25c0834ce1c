package history

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// valued is scanAt with one changed drift d1 whose replica value is v.
func valued(t time.Time, v string) *scan.Result {
	res := scanAt(t, "d1")
	res.Report.Drifts[0].Values = diff.Values{{Source: "replica", Value: json.RawMessage(`"` + v + `"`)}}
	return res
}

// TestRecordMovesLifecycles: drift scan keeps each drift's lifecycle
// (class against resolve.grace, resolved count in the summary), saves a
// drift's detail only when it is new or changed, and marks nothing
// reported, so that a later watch still alerts.
func TestRecordMovesLifecycles(t *testing.T) {
	ctx := context.Background()
	cfg := &contract.Config{File: "drift.yaml", Contract: &contract.Contract{Name: "accounts", Version: 1,
		Digest: "sha256:a", Resolve: contract.Resolve{Grace: 90 * time.Minute}}}
	st := openStore(t)
	h := New(st, &bytes.Buffer{})
	defer h.Close()
	steps := []struct {
		res      *scan.Result
		class    string
		resolved int
	}{
		{valued(t0, "a"), "converging", 0},
		{valued(t0.Add(time.Hour), "a"), "converging", 0},
		{valued(t0.Add(2*time.Hour), "a"), "persistent", 0},
		{valued(t0.Add(3*time.Hour), "b"), "persistent", 0},
		{scanAt(t0.Add(4 * time.Hour)), "", 1},
	}
	for i, s := range steps {
		h.Record(ctx, cfg, s.res, nil)
		r := s.res.Report
		if r.Summary.Resolved == nil || *r.Summary.Resolved != s.resolved {
			t.Errorf("scan %d: resolved = %v, want %d", i, r.Summary.Resolved, s.resolved)
		}
		if len(r.Drifts) > 0 && (r.Drifts[0].Class != s.class || !r.Drifts[0].FirstSeen.Equal(t0)) {
			t.Errorf("scan %d: class %q first_seen %v, want %q and %v", i, r.Drifts[0].Class, r.Drifts[0].FirstSeen, s.class, t0)
		}
		if st, ok := h.Step(r.RunID); !ok || st.RunID != r.RunID || len(st.Events) != 0 {
			t.Errorf("scan %d: step = %+v, %v; want this scan's, without alerts", i, st, ok)
		}
	}
	key := `{"id":"d1"}`
	details, err := st.DriftsForKey(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(details) != 2 || details[0].ScanID != steps[0].res.Report.RunID || details[1].ScanID != steps[3].res.Report.RunID {
		t.Errorf("detail saved by %d scans (%+v), want the first and the one that changed the value", len(details), details)
	}
	ls, err := st.LifecyclesForKey(ctx, key)
	if err != nil || len(ls) != 1 {
		t.Fatalf("lifecycles = %+v, %v", ls, err)
	}
	l := ls[0]
	if l.Class != state.ClassResolved || !l.FirstSeen.Equal(t0) || !l.LastSeen.Equal(t0.Add(3*time.Hour)) ||
		!l.ResolvedAt.Equal(t0.Add(4*time.Hour)) || !l.AlertedAt.IsZero() {
		t.Errorf("lifecycle = %+v, want resolved at +4h, first seen t0, last seen +3h, never alerted", l)
	}
}

func TestTrackAlerts(t *testing.T) {
	ctx := context.Background()
	cfg := &contract.Config{File: "drift.yaml", Contract: &contract.Contract{Name: "accounts", Version: 1, Digest: "sha256:a"}}
	h := New(openStore(t), &bytes.Buffer{})
	defer h.Close()
	h.Track(Policy{Grace: time.Minute, Alert: true})
	var events []EventType
	for i, res := range []*scan.Result{scanAt(t0, "d1"), scanAt(t0.Add(time.Hour), "d1"), scanAt(t0.Add(2*time.Hour), "d1"), scanAt(t0.Add(3 * time.Hour))} {
		h.Record(ctx, cfg, res, nil)
		st, ok := h.Step(res.Report.RunID)
		if !ok {
			t.Fatalf("scan %d: no step", i)
		}
		for _, e := range st.Events {
			events = append(events, e.Type)
		}
	}
	if want := []EventType{EventPersistent, EventResolved}; len(events) != 2 || events[0] != want[0] || events[1] != want[1] {
		t.Errorf("events = %v, want %v", events, want)
	}
	var none *Recorder
	none.Track(Policy{})
	if _, ok := none.Step("x"); ok {
		t.Error("a nil recorder gave a step")
	}
}
