package main

import (
	"database/sql"
	"fmt"
	"os"
	"reflect"
	"testing"

	_ "modernc.org/sqlite"
)

// TestExampleDatabaseMatchesSeed checks that the committed SQLite database
// of the accounts example holds exactly the rows of its seed script, so the
// example can be rebuilt from readable SQL.
func TestExampleDatabaseMatchesSeed(t *testing.T) {
	seed, err := os.ReadFile("examples/accounts/data/primary.sql")
	if err != nil {
		t.Fatal(err)
	}
	fresh := openDB(t, ":memory:")
	if _, err := fresh.Exec(string(seed)); err != nil {
		t.Fatalf("primary.sql: %v", err)
	}
	committed := openDB(t, "file:examples/accounts/data/primary.db?mode=ro")
	want, got := dumpRows(t, fresh), dumpRows(t, committed)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("primary.db differs from primary.sql; rebuild it:\n got %v\nwant %v", got, want)
	}
}

func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func dumpRows(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query("SELECT * FROM accounts ORDER BY region, account_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if len(out) == 0 {
		t.Fatal("no rows")
	}
	return out
}
