package state

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSQLite(t *testing.T) {
	testStore(t, func(t *testing.T) string {
		return filepath.Join(t.TempDir(), ".drift", "nested", "state.db")
	})
}

func TestSQLiteSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	st := openAt(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no database file: %v", err)
	}
	db := st.(*sqlStore).db
	tests := []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"busy_timeout", "10000"},
		{"foreign_keys", "1"},
	}
	for _, tt := range tests {
		var got string
		if err := db.QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil || got != tt.want {
			t.Errorf("PRAGMA %s = %q (%v), want %q", tt.pragma, got, err, tt.want)
		}
	}
}

// TestSQLiteCheckpointsBesideTheWriter: what the journal's commits put in
// the log reaches the database file while the store is open, once they
// wrote checkpointRows rows, far below the automatic checkpoint's 16,384
// pages, and so without the writer (or Close) copying it.
func TestSQLiteCheckpointsBesideTheWriter(t *testing.T) {
	ctx := context.Background()
	defer func(n int64) { checkpointRows = n }(checkpointRows)
	checkpointRows = 1500
	path := filepath.Join(t.TempDir(), "state.db")
	st := openAt(t, path)
	run := Run{ID: "r1", Kind: KindApply, PlanID: "sha256:p", StartedAt: at(0), Status: StatusRunning,
		Contract: Contract{Name: "c", Version: 1, Digest: "sha256:x"}}
	if err := st.BeginRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	image := []byte(`{"note":"` + strings.Repeat("x", 500) + `"}`)
	entries := make([]Entry, 2000) // about 1.2 MB: 300 pages of the log
	for i := range entries {
		entries[i] = Entry{RunID: run.ID, OpID: fmt.Sprintf("op%d", i), Source: "s", Key: []byte(fmt.Sprintf("[%d]", i)),
			Action: "update", Before: image, After: image, Outcome: OutcomeApplied, At: at(1)}
	}
	if _, err := st.AppendOps(ctx, entries); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); size() < before+1<<20; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the database file is %d bytes, %d before the commit: the log was not checkpointed while the store was open", size(), before)
		}
	}
}

func TestSQLiteRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	openAt(t, path).Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'x')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "upgrade drift") {
		t.Errorf("Open of a newer schema = %v, want an error asking to upgrade", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, loc, want string
	}{
		{"empty", "", "DRIFT_STATE"},
		{"question mark in path", filepath.Join(dir, "a?b.db"), "may not contain"},
		{"parent is a file", filepath.Join(blocker, "state.db"), "create its folder"},
		{"unsupported scheme", "mysql://root:Sup3rSecret@db/x", `unsupported scheme "mysql"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Open(context.Background(), tt.loc)
			if err == nil {
				st.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "Sup3rSecret") {
				t.Errorf("error %q: want it to mention %q and no password", err, tt.want)
			}
		})
	}
}
