package state

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
