package sqltest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Run runs the tests every SQL backend must pass, beyond the conformance
// suite: unknown columns, the query option, streaming, compare-and-set
// writes with conflicts, identifier quoting, and errors that name the
// missing table or column and the source.
func Run(t *testing.T, b Backend) {
	t.Run("table", func(t *testing.T) { testTable(t, b) })
	t.Run("query", func(t *testing.T) { testQuery(t, b) })
	t.Run("stream", func(t *testing.T) { testStream(t, b) })
	t.Run("compare-and-set", func(t *testing.T) { testWrite(t, b) })
	t.Run("injection", func(t *testing.T) { testInjection(t, b) })
	t.Run("missing", func(t *testing.T) { testMissing(t, b) })
	t.Run("init", func(t *testing.T) { testInit(t, b) })
}

func testTable(t *testing.T, b Backend) {
	name := b.Table(t)
	src := b.Source(t, "table: "+name)
	recs, _ := Fetch(t, src)
	if len(recs) != 2 {
		t.Fatalf("got %d records, want 2", len(recs))
	}
	c := contractOf(t, src, b)
	want := map[string]string{"id": "1", "name": `"Ann"`, "balance": `"1.5"`, "ratio": "0.25", "active": "true",
		"updated_at": `"2024-05-01T10:00:00Z"`, "tags": `["a","b"]`, "attrs": `{"a":1}`}
	got := Canon(c, first(recs, 1))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("record 1:\n got %v\nwant %v", got, want)
	}
	if u := recs[0].Unknown; !reflect.DeepEqual(u, []string{"extra"}) {
		t.Errorf("unknown columns = %v, want [extra]", u)
	}
}

// contractOf loads the contract the backend's sources are built with.
func contractOf(t *testing.T, _ sources.Source, b Backend) *contract.Contract {
	return Config(t, t.TempDir(), Contract+"sources:\n  db: {type: "+b.Type+"}\n").Contract
}

// first returns the record whose id is id.
func first(recs []contract.Record, id int64) contract.Record {
	for _, r := range recs {
		if r.Values[0] == id {
			return r
		}
	}
	return contract.Record{Values: make([]any, 8)}
}

func testQuery(t *testing.T, b Backend) {
	name := b.Quote(b.Table(t))
	src := b.Source(t, `query: "SELECT id, name AS name, balance, ratio, active, updated_at, tags, attrs FROM `+
		strings.ReplaceAll(name, `"`, `\"`)+` WHERE id > 1"`)
	recs, _ := Fetch(t, src)
	if len(recs) != 1 || Canon(contractOf(t, src, b), recs[0])["name"] != `"Bob"` {
		t.Fatalf("query read %d records %v, want Bob only", len(recs), recs)
	}
	if len(recs[0].Unknown) != 0 {
		t.Errorf("unknown = %v, want none: the query selects only declared columns", recs[0].Unknown)
	}
}

func testStream(t *testing.T, b Backend) {
	src := b.Source(t, "table: "+b.Table(t))
	stop := errors.New("stop")
	calls := 0
	_, err := src.Fetch(context.Background(), func(contract.Record) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("emit error: Fetch returned %v after %d calls, want stop after 1", err, calls)
	}
}

func testInjection(t *testing.T, b Backend) {
	keep := b.Table(t)
	evil := strings.ReplaceAll(`accounts"; DROP TABLE `+keep+`; --`, `"`, b.Quote("")[:1])
	src := b.Source(t, "table: '"+evil+"'")
	MustContain(t, FetchErr(src), "db", "DROP TABLE")
	if recs, _ := Fetch(t, b.Source(t, "table: "+keep)); len(recs) != 2 {
		t.Errorf("table %s has %d rows after the injection attempt, want 2", keep, len(recs))
	}
}

func testMissing(t *testing.T, b Backend) {
	MustContain(t, FetchErr(b.Source(t, "table: no_such_table_x")), `"db"`, "no_such_table_x")
	name := b.Table(t)
	b.Exec(t, "ALTER TABLE "+b.Quote(name)+" DROP COLUMN "+b.Quote("ratio"))
	MustContain(t, FetchErr(b.Source(t, "table: "+name)), `"db"`, `"ratio"`, "column")
}

func testInit(t *testing.T, b Backend) {
	cases := []struct{ name, opts, want string }{
		{"both", "table: a\n    query: SELECT 1", "not both"},
		{"neither", "timeout: 5s", "set table"},
		{"unknown key", "table: a\n    tabel: b", `"tabel"`},
		{"writable query", "query: SELECT 1\n    writable: true", "cannot be writable"},
		{"negative timeout", "table: a\n    timeout: -1s", "negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.Init(t, tc.opts)
			MustContain(t, err, tc.want, "drift.yaml")
		})
	}
}
