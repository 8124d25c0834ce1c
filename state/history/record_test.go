package history

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func openStore(t *testing.T) state.Store {
	t.Helper()
	return openStoreAt(t, filepath.Join(t.TempDir(), "state.db"))
}

func openStoreAt(t testing.TB, path string) state.Store {
	t.Helper()
	st, err := state.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// scanAt is a finished scan at t that saw the drifts with these ids.
func scanAt(t time.Time, ids ...string) *scan.Result {
	r := &diff.Report{RunID: t.Format("150405"), StartedAt: t, FinishedAt: t,
		Contract: diff.ContractRef{Name: "accounts", Version: 1, Digest: "sha256:a"}}
	for _, id := range ids {
		r.Drifts = append(r.Drifts, diff.Drift{ID: id, Kind: diff.Changed, Field: "email",
			Key: diff.Key{{Field: "id", Value: json.RawMessage(`"` + id + `"`)}}})
	}
	return &scan.Result{Report: r}
}

func TestRecordStampsFirstSeenStreaks(t *testing.T) {
	ctx := context.Background()
	cfg := &contract.Config{File: "drift.yaml", Contract: &contract.Contract{Name: "accounts", Version: 1, Digest: "sha256:a"}}
	var warn bytes.Buffer
	h := New(openStore(t), &warn)
	defer h.Close()
	steps := []struct {
		name string
		res  *scan.Result
		want map[string]time.Time
	}{
		{"new drift starts its streak", scanAt(t0, "d1"), map[string]time.Time{"d1": t0}},
		{"seen again keeps its start", scanAt(t0.Add(time.Hour), "d1", "d2"),
			map[string]time.Time{"d1": t0, "d2": t0.Add(time.Hour)}},
		{"a scan without it breaks the streak", scanAt(t0.Add(2 * time.Hour)), nil},
		{"back again starts anew", scanAt(t0.Add(3*time.Hour), "d1"), map[string]time.Time{"d1": t0.Add(3 * time.Hour)}},
	}
	for _, s := range steps {
		h.Record(ctx, cfg, s.res, nil)
		for _, d := range s.res.Report.Drifts {
			if d.FirstSeen == nil || !d.FirstSeen.Equal(s.want[d.ID]) {
				t.Errorf("%s: %s first_seen = %v, want %v", s.name, d.ID, d.FirstSeen, s.want[d.ID])
			}
		}
	}
	if warn.Len() != 0 {
		t.Errorf("unexpected warning: %s", warn.String())
	}
}

func TestUnavailableWarnsOnceAndRecordsNothing(t *testing.T) {
	var warn bytes.Buffer
	h := Unavailable(errors.New("state.db: permission denied"), &warn)
	res := scanAt(t0, "d1")
	h.Record(context.Background(), &contract.Config{Contract: &contract.Contract{Name: "accounts"}}, res, nil)
	h.Close()
	if got := strings.Count(warn.String(), "scan history not saved: state.db: permission denied"); got != 1 {
		t.Errorf("warnings = %q, want one naming the error", warn.String())
	}
	if res.Report.Drifts[0].FirstSeen != nil {
		t.Error("an unavailable history stamped first_seen")
	}
	var none *Recorder // --no-state
	none.Record(context.Background(), nil, res, nil)
	none.Close()
}
