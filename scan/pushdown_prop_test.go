package scan_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestPushdownMatchesFullScan: on random tables and random drift, a scan
// that compares ranges in the databases reports exactly what a scan that
// reads every record does.
func TestPushdownMatchesFullScan(t *testing.T) {
	dir := t.TempDir()
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		sub := filepath.Join(dir, fmt.Sprint(n))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			rt.Fatal(err)
		}
		rows := rapid.IntRange(0, 60).Draw(rt, "rows")
		unique := rapid.Bool().Draw(rt, "unique")
		left := make([][3]any, rows)
		for i := range left {
			left[i] = [3]any{int64(i * 3), fmt.Sprintf("n%d", i), int64(i % 7)}
		}
		right := append([][3]any(nil), left...)
		added := int64(1000)
		for k := rapid.IntRange(0, 6).Draw(rt, "edits"); k > 0 && len(right) > 0; k-- {
			i := rapid.IntRange(0, len(right)-1).Draw(rt, "at")
			switch rapid.IntRange(0, 4).Draw(rt, "edit") {
			case 0:
				right[i][1] = "changed"
			case 1:
				right[i][2] = nil
			case 2:
				right = append(right[:i], right[i+1:]...)
			case 3:
				added++
				right = append(right, [3]any{added, "new", int64(1)})
			case 4:
				if !unique {
					right = append(right, right[i])
				}
			}
		}
		key := ""
		if unique {
			key = " PRIMARY KEY"
		}
		for file, data := range map[string][][3]any{"l.db": left, "r.db": right} {
			db, err := sql.Open("sqlite", filepath.Join(sub, file))
			if err != nil {
				rt.Fatal(err)
			}
			if _, err := db.Exec("CREATE TABLE t (id INTEGER" + key + ", name TEXT, qty INTEGER)"); err != nil {
				rt.Fatal(err)
			}
			tx, err := db.Begin()
			if err != nil {
				rt.Fatal(err)
			}
			for _, r := range data {
				if _, err := tx.Exec("INSERT INTO t VALUES (?, ?, ?)", r[0], r[1], r[2]); err != nil {
					rt.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				rt.Fatal(err)
			}
			db.Close()
		}
		tune := fmt.Sprintf(", bisect_threshold: %d, bisect_factor: %d",
			rapid.IntRange(1, 20).Draw(rt, "threshold"), rapid.IntRange(2, 6).Draw(rt, "factor"))
		srcs := "  left: {type: sqlite, path: l.db, table: t" + tune + "}\n  right: {type: sqlite, path: r.db, table: t" + tune + "}\n"
		push, full, log := scanPair(t, sub, propContract, srcs)
		if push != full {
			rt.Fatalf("pushdown report differs\npushdown: %s\nfull: %s\nlog: %s", push, full, log)
		}
		if !strings.Contains(log, "msg=checksum") && !strings.Contains(log, "violations") {
			rt.Fatalf("pushdown not used: %s", log)
		}
	})
}

const propContract = `version: 1
contract:
  name: prop
  version: 1
  key: [id]
  fields:
    id:   {type: int}
    name: {type: string}
    qty:  {type: int}
sources:
`
