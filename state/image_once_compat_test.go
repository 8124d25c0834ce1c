package state

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestImageOnceRefusesOlderDrift: a drift of schema version 10 reads an
// after_json of "=" as the after-image; it must refuse a store that may
// hold one, asking to be upgraded.
func TestImageOnceRefusesOlderDrift(t *testing.T) {
	const unaware = 10 // the newest schema whose drift does not know "="
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	st := openAt(t, path)
	beginRun(t, st, "r", "p", KindApply, 0)
	image := raw(`{"id":1,"n":2}`)
	if _, err := st.AppendOps(ctx, []Entry{{RunID: "r", OpID: "o", Source: "s", Key: raw(`{"id":1}`), Action: "update",
		Before: image, After: image, Outcome: OutcomeAlreadyApplied, At: at(1)}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	old, err := openAtVersion(ctx, path, unaware)
	if err == nil {
		old.Close()
		t.Fatal("a drift of schema version 10 opens a store whose journal holds \"=\" for an after-image")
	}
	if !strings.Contains(err.Error(), "upgrade drift") {
		t.Errorf("Open by an older drift = %v, want it asked to upgrade", err)
	}
}
