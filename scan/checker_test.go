package scan_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/rules"
	"github.com/drift-sh/drift/scan"
)

const checkerConfig = `version: 1
contract:
  name: t
  version: 1
  key: [region, id]
  fields:
    region:  {type: string}
    id:      {type: int}
    status:  {type: enum, values: [open, closed]}
    balance: {type: decimal}
    opened:  {type: timestamp}
    tags:    {type: set}
    notes:   {type: string, ignore: true}
%s
sources:
  a: {type: file, path: a.csv}
  b: {type: file, path: b.csv}
`

const invariant = `  invariants:
    - name: non-negative
      rule: self.balance >= 0
`

const transition = `  transitions:
    - name: closed-is-final
      rule: oldSelf.status != 'closed' || self.status == 'closed'
`

func loadContract(t *testing.T, tail string) (*contract.Contract, *rules.Rules) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "drift.yaml")
	if err := os.WriteFile(path, []byte(strings.Replace(checkerConfig, "%s", tail, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := contract.Load(path, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	r, err := rules.New(cfg.Contract)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Contract, r
}

func rec(c *contract.Contract, raw map[string]any) []contract.Value {
	vals := make([]contract.Value, len(c.Fields))
	for i, f := range c.Fields {
		vals[i] = contract.NullValue
		if !f.Ignore {
			vals[i] = f.Parse(raw[f.Name])
		}
	}
	return vals
}

func account(status, balance string) map[string]any {
	return map[string]any{"region": "eu", "id": "7", "status": status, "balance": balance,
		"opened": "2024-05-01 10:00:00", "tags": "b;a", "notes": "x"}
}

func TestCheckerComposition(t *testing.T) {
	const prevKey = `{"region":"eu","id":7}`
	tests := []struct {
		name     string
		tail     string
		previous map[string]any // the record's previous version in source a; nil: new
		cur      map[string]any
		want     []string // rule names, in order
	}{
		{"no rules", "", nil, account("open", "-1"), nil},
		{"invariant only", invariant, nil, account("open", "-1"), []string{"non-negative"}},
		{"new record passes transitions", transition, nil, account("open", "1"), nil},
		{"allowed transition", transition, account("open", "1"), account("closed", "1"), nil},
		{"broken transition", transition, account("closed", "1"), account("open", "1"), []string{"closed-is-final"}},
		{"invariants then transitions", invariant + transition, account("closed", "1"), account("open", "-1"),
			[]string{"non-negative", "closed-is-final"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, r := loadContract(t, tt.tail)
			previous := map[string]scan.Lookup{}
			if tt.previous != nil {
				// The previous version round-trips through a snapshot row.
				seed := scan.NewChecker(c, r, []string{"a"}, nil)
				seed.Check("a", rec(c, tt.previous))
				rows := seed.Snapshot("a")
				if len(rows) != 1 || rows[0].Key != prevKey {
					t.Fatalf("seed snapshot = %+v, want one row keyed %s", rows, prevKey)
				}
				previous["a"] = func(k string) (string, bool) { return rows[0].Values, k == rows[0].Key }
			}
			ch := scan.NewChecker(c, r, []string{"a", "b"}, previous)
			var got []string
			for _, v := range ch.Check("a", rec(c, tt.cur)) {
				got = append(got, v.Rule)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rules broken = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckerSnapshotRows(t *testing.T) {
	c, r := loadContract(t, transition)
	ch := scan.NewChecker(c, r, []string{"a"}, nil)
	vals := rec(c, map[string]any{"region": "eu", "id": "7", "status": "bogus", "balance": "12.50", "tags": "b;a", "notes": "x"})
	ch.Check("a", vals)
	vals[2] = contract.NullValue // the engine reuses the slice; the row must not change
	want := []scan.SnapshotRow{{Key: `{"region":"eu","id":7}`, Values: `{"region":"eu","id":7,"balance":"12.5","tags":["a","b"]}`}}
	if got := ch.Snapshot("a"); !reflect.DeepEqual(got, want) {
		t.Errorf("Snapshot = %+v, want %+v (invalid, null and ignored values left out)", got, want)
	}
	if got := ch.Snapshot("unknown"); got != nil {
		t.Errorf("Snapshot of an unknown source = %+v, want nil", got)
	}
	c2, r2 := loadContract(t, invariant)
	plain := scan.NewChecker(c2, r2, []string{"a"}, nil)
	plain.Check("a", rec(c2, account("open", "1")))
	if plain.Transitions() || plain.Snapshot("a") != nil {
		t.Error("a contract without transitions keeps snapshots")
	}
}

func TestCheckerConcurrentSources(t *testing.T) {
	c, r := loadContract(t, invariant+transition)
	sources := []string{"a", "b", "c", "d"}
	ch := scan.NewChecker(c, r, sources, nil)
	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				ch.Check(s, rec(c, account("open", "-1")))
			}
		}()
	}
	wg.Wait()
	for _, s := range sources {
		if n := len(ch.Snapshot(s)); n != 200 {
			t.Errorf("source %s kept %d rows, want 200", s, n)
		}
	}
}
