package repair_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/repair"

	_ "github.com/drift-sh/drift/sources/sqlite"
)

const exactConfig = `version: 1
contract:
  name: exact
  version: 1
  key: [id]
  fields:
    id:     {type: int}
    email:  {type: string, normalize: [trim, lower]}
    ts:     {type: timestamp, precision: 1s}
    amount: {type: decimal}
  resolve:
    authority: a
sources:
  a: {type: file, path: a.csv}
  b: %s
`

// TestRollbackRestoresStoredValues: a rollback puts back each value as the
// target stored it, not its canonical form: the e-mail's spaces and case,
// the timestamp's sub-second digits and offset, the decimal's notation.
func TestRollbackRestoresStoredValues(t *testing.T) {
	tests := []struct {
		name   string
		source string
		file   string // the target's file and its content; empty for sqlite
		data   string
	}{
		{"csv", "{type: file, path: b.csv, writable: true}", "b.csv",
			"id,email,ts,amount\n1,\"  Bob@Example.COM \",2024-01-01T10:20:31.987654+02:00,1.10\n"},
		{"ndjson", "{type: file, path: b.ndjson, writable: true}", "b.ndjson",
			`{"id": 1, "email": "  Bob@Example.COM ", "ts": "2024-01-01T10:20:31.987654+02:00", "amount": 1.10}` + "\n"},
		{"json", "{type: file, path: b.json, writable: true}", "b.json",
			`[{"id": 1, "email": "  Bob@Example.COM ", "ts": "2024-01-01T10:20:31.987654+02:00", "amount": 1.10}]` + "\n"},
		{"yaml", "{type: file, path: b.yaml, writable: true}", "b.yaml",
			"- id: 1\n  email: \"  Bob@Example.COM \"\n  ts: 2024-01-01T10:20:31.987654+02:00\n  amount: 1.10\n"},
		{"sqlite", "{type: sqlite, path: b.db, table: t, writable: true}", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "drift.yaml"), fmt.Sprintf(exactConfig, tt.source))
			write(t, filepath.Join(dir, "a.csv"), "id,email,ts,amount\n1,alice@x.io,2025-06-01T00:00:00Z,2.5\n")
			read := func() string { return readFile(t, filepath.Join(dir, tt.file)) }
			if tt.file == "" {
				read = seedExactSQLite(t, filepath.Join(dir, "b.db"))
			} else {
				write(t, filepath.Join(dir, tt.file), tt.data)
			}
			stored := read()
			st := openStore(t, dir)
			f := load(t, dir, st)
			plan := f.plan(t)
			if len(plan.Ops) != 1 || len(plan.Ops[0].Set) != 3 {
				t.Fatalf("want one update of three fields, got %+v", plan.Ops)
			}
			ctx := context.Background()
			res, err := repair.Execute(ctx, plan, f.cfg.Contract, f.targets(), st, execOpts())
			if err != nil || res.Counts.Applied != 1 {
				t.Fatalf("apply: %+v, %v", res, err)
			}
			back, err := repair.Rollback(ctx, res.RunID, f.cfg.Contract, f.targets(), st, execOpts())
			if err != nil || back.Counts.Applied != 1 {
				t.Fatalf("rollback: %+v, %v", back, err)
			}
			if got := read(); got != stored {
				t.Errorf("after rollback the target holds\n%s\nwant, as it was stored,\n%s", got, stored)
			}
		})
	}
}

// seedExactSQLite makes table t in a new database, and returns a function
// that lists its rows with each value's storage class.
func seedExactSQLite(t *testing.T, path string) func() string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT, ts TEXT, amount NUMERIC)`,
		`INSERT INTO t VALUES (1, '  Bob@Example.COM ', '2024-01-01T10:20:31.987654+02:00', '1.10')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return func() string {
		var out string
		err := db.QueryRow(`SELECT group_concat(quote(email) || '|' || typeof(ts) || ':' || ts || '|' || typeof(amount) || ':' || amount, ';') FROM t`).Scan(&out)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
}
