package sqltest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Reread runs the tests of sources.Rereader every SQL backend must pass:
// positions, reading again by position, the snapshot kept between the two
// reads, composite keys, and the transaction released by Close. Writes
// from another connection must not wait for the source's read (for
// SQLite, use WAL mode).
func Reread(t *testing.T, b Backend) {
	t.Run("positions", func(t *testing.T) { testPositions(t, b) })
	t.Run("same records", func(t *testing.T) { testRereadSame(t, b) })
	t.Run("snapshot", func(t *testing.T) { testSnapshot(t, b) })
	t.Run("composite key", func(t *testing.T) { testComposite(t, b) })
	t.Run("errors", func(t *testing.T) { testRereadErrors(t, b) })
	t.Run("query", func(t *testing.T) { testRereadQuery(t, b) })
	t.Run("close releases", func(t *testing.T) { testCloseReleases(t, b) })
}

// Located runs FetchLocated on src and returns what it emitted.
func Located(t testing.TB, src sources.Source) []contract.Record {
	t.Helper()
	rr := rereader(t, src)
	var recs []contract.Record
	snap, err := rr.FetchLocated(context.Background(), func(r contract.Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		t.Fatalf("fetch located: %v", err)
	}
	if snap.Records != len(recs) {
		t.Errorf("snapshot counts %d records, emitted %d", snap.Records, len(recs))
	}
	return recs
}

// Again runs Reread on src for the positions and returns what it emitted.
func Again(t testing.TB, src sources.Source, locs ...int64) ([]contract.Record, error) {
	t.Helper()
	var recs []contract.Record
	err := rereader(t, src).Reread(context.Background(), locs, func(r contract.Record) error {
		recs = append(recs, r)
		return nil
	})
	return recs, err
}

func rereader(t testing.TB, src sources.Source) sources.Rereader {
	t.Helper()
	rr, ok := src.(sources.Rereader)
	if !ok {
		t.Fatalf("%T does not implement sources.Rereader", src)
	}
	return rr
}

func testPositions(t *testing.T, b Backend) {
	src := b.Source(t, "table: "+b.Table(t))
	if !rereader(t, src).Rereadable() {
		t.Fatal("a table source is not rereadable")
	}
	want, _ := Fetch(t, src)
	got := Located(t, src)
	if len(got) != len(want) {
		t.Fatalf("FetchLocated emitted %d records, Fetch %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Pos != int64(i) {
			t.Errorf("record %d has Pos %d, want %d", i, got[i].Pos, i)
		}
		got[i].Pos = 0
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("record %d:\n located %#v\n fetched %#v", i, got[i], want[i])
		}
	}
}

func testRereadSame(t *testing.T, b Backend) {
	src := b.Source(t, "table: "+b.Table(t))
	first := Located(t, src)
	again, err := Again(t, src, 0, 1)
	if err != nil {
		t.Fatalf("reread: %v", err)
	}
	same(t, again, first)
	again, err = Again(t, src, 1)
	if err != nil || len(again) != 1 || again[0].Pos != 1 {
		t.Fatalf("reread of position 1: %v, %v", again, err)
	}
}

// same fails unless got holds the records of first at got's positions,
// with the same values and unknown columns.
func same(t testing.TB, got, first []contract.Record) {
	t.Helper()
	for _, g := range got {
		w := first[g.Pos]
		if !reflect.DeepEqual(g.Values, w.Values) || !reflect.DeepEqual(g.Unknown, w.Unknown) {
			t.Errorf("position %d read again:\n got %#v %v\nwant %#v %v", g.Pos, g.Values, g.Unknown, w.Values, w.Unknown)
		}
	}
}

func testSnapshot(t *testing.T, b Backend) {
	name := b.Table(t)
	src := b.Source(t, "table: "+name)
	first := Located(t, src)
	q := b.Quote(name)
	b.Exec(t, "UPDATE "+q+" SET name = 'Changed', balance = 99 WHERE id = 1")
	b.Exec(t, "DELETE FROM "+q+" WHERE id = 2")
	b.Exec(t, "INSERT INTO "+q+" (id, name) VALUES (3, 'New')")
	again, err := Again(t, src, 0, 1)
	if err != nil {
		t.Fatalf("reread after another connection changed the table: %v", err)
	}
	if len(again) != 2 {
		t.Fatalf("read again %d records, want 2", len(again))
	}
	same(t, again, first)
	if again[0].Values[1] == "Changed" || again[1].Values[1] == "Changed" {
		t.Errorf("reread sees the update made after FetchLocated: %v", again)
	}
}

// compositeContract is keyed by (region, id).
const compositeContract = `version: 1
contract:
  name: regional
  version: 1
  key: [region, id]
  fields:
    region: {type: string}
    id:     {type: int}
    name:   {type: string}
`

func testComposite(t *testing.T, b Backend) {
	name := Name("regional")
	q := b.Quote(name)
	b.Exec(t, "CREATE TABLE "+q+" (region varchar(20), id int, name varchar(50), PRIMARY KEY (region, id))")
	t.Cleanup(func() { b.Exec(t, "DROP TABLE IF EXISTS "+q) })
	for i := range 1200 {
		b.Exec(t, fmt.Sprintf("INSERT INTO %s (region, id, name) VALUES ('%s', %d, 'n%d')", q, []string{"eu", "us"}[i%2], i/2, i))
	}
	body := compositeContract + "sources:\n  db:\n    type: " + b.Type + "\n    " + b.Conn + "\n    table: " + name + "\n"
	src := New(t, Config(t, t.TempDir(), body))
	first := Located(t, src)
	if len(first) != 1200 {
		t.Fatalf("read %d records, want 1200", len(first))
	}
	locs := []int64{}
	for i := int64(0); i < 1200; i += 2 {
		locs = append(locs, i)
	}
	b.Exec(t, "UPDATE "+q+" SET name = 'changed'")
	again, err := Again(t, src, locs...)
	if err != nil {
		t.Fatalf("reread: %v", err)
	}
	if len(again) != len(locs) {
		t.Fatalf("read again %d records, want %d", len(again), len(locs))
	}
	for i, r := range again {
		if r.Pos != locs[i] {
			t.Fatalf("record %d read again has Pos %d, want %d (in the order asked)", i, r.Pos, locs[i])
		}
	}
	same(t, again, first)
}

func testRereadErrors(t *testing.T, b Backend) {
	src := b.Source(t, "table: "+b.Table(t))
	_, err := Again(t, src, 0)
	MustContain(t, err, `"db"`, "FetchLocated")
	Located(t, src)
	_, err = Again(t, src, 5)
	MustContain(t, err, `"db"`, "position 5")
}

func testRereadQuery(t *testing.T, b Backend) {
	src := b.Source(t, "query: SELECT id, name, balance, ratio, active, updated_at, tags, attrs FROM "+b.Table(t))
	if rereader(t, src).Rereadable() {
		t.Errorf("a query source says it is rereadable")
	}
}

func testCloseReleases(t *testing.T, b Backend) {
	name := b.Table(t)
	src := b.Source(t, "table: "+name)
	Located(t, src)
	if err := src.(sources.Closer).Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.Exec(t, "DROP TABLE "+b.Quote(name))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("DROP TABLE still waits 10s after Close: the read transaction was not released")
	}
	_, err := Again(t, src, 0)
	MustContain(t, err, "FetchLocated")
}
