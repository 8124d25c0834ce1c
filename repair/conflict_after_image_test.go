package repair_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// TestConflictAfterImageIsWholeRecord: a conflicting update journals as
// its after-image the record read with the op's set applied, every field
// of it, not nulls for the fields the op does not compare (an op's
// re-read parses only those it compares, unless it needs the rest).
func TestConflictAfterImageIsWholeRecord(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	replica := filepath.Join(dir, "replica.ndjson")
	b, _ := os.ReadFile(replica)
	write(t, replica, strings.Replace(string(b), "old@x.io", "third@x.io", 1))

	res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil {
		t.Fatal(err)
	}
	entries, err := st.Journal(context.Background(), res.RunID)
	if err != nil {
		t.Fatal(err)
	}
	const (
		before = `{"id":"a1","email":"third@x.io","balance":"10","score":1,"status":"active","updated_at":"2026-01-01T00:00:00Z","tags":null}`
		after  = `{"id":"a1","email":"new@x.io","balance":"10","score":1,"status":"active","updated_at":"2026-01-01T00:00:00Z","tags":null}`
	)
	for _, e := range entries {
		if e.Outcome != state.OutcomeConflict {
			continue
		}
		if string(e.Before) != before || string(e.After) != after {
			t.Fatalf("conflict entry images:\nbefore %s\nafter  %s\nwant\nbefore %s\nafter  %s", e.Before, e.After, before, after)
		}
		return
	}
	t.Fatal("no conflict entry")
}
