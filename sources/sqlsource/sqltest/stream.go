package sqltest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// StreamColumn is one column of the stream equivalence table: its SQL
// declaration and a generator of SQL literals for its values.
type StreamColumn struct {
	Decl string
	Gen  func(r *rand.Rand) string
}

// Pick returns a generator of one of the literals.
func Pick(lits ...string) func(*rand.Rand) string {
	return func(r *rand.Rand) string { return lits[r.IntN(len(lits))] }
}

// Digits returns n random decimal digits.
func Digits(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

// Text returns a generator of string literals of up to 11 pieces of
// alphabet, escaped by escape and single-quoted.
func Text(alphabet []string, escape *strings.Replacer) func(*rand.Rand) string {
	return func(r *rand.Rand) string {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return "'" + escape.Replace(b.String()) + "'"
	}
}

// StreamMatches fills a table with rows of random values of every column
// (NULL among them), and checks that sources.Streamer hands over, for
// every row, the raw values Fetch and FetchLocated give: the same Go types
// and values, the same place, the same unknown columns. Raw values equal,
// every contract canonicalizes them alike.
func StreamMatches(t *testing.T, b Backend, cols []StreamColumn, rows int) {
	name := Name("stream")
	q := b.Quote(name)
	decls, names := []string{"id int PRIMARY KEY"}, []string{"id"}
	for i, c := range cols {
		decls = append(decls, fmt.Sprintf("c%d %s", i, c.Decl))
		names = append(names, fmt.Sprintf("c%d", i))
	}
	b.Exec(t, fmt.Sprintf("CREATE TABLE %s (%s, extra text)", q, strings.Join(decls, ", ")))
	t.Cleanup(func() { b.Exec(t, "DROP TABLE IF EXISTS "+q) })
	seed := uint64(time.Now().UnixNano())
	t.Logf("random rows from seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 7))
	for id := range rows {
		vals := []string{fmt.Sprint(id)}
		for _, c := range cols {
			if r.IntN(8) == 0 {
				vals = append(vals, "NULL")
			} else {
				vals = append(vals, c.Gen(r))
			}
		}
		b.Exec(t, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", q, strings.Join(names, ", "), strings.Join(vals, ", ")))
	}
	body := "version: 1\ncontract:\n  name: stream\n  version: 1\n  key: [id]\n  fields:\n    id: {type: int}\n"
	for _, n := range names[1:] {
		body += "    " + n + ": {type: string}\n"
	}
	for _, opts := range []string{"table: " + name, "query: SELECT * FROM " + q + " ORDER BY id"} {
		cfg := Config(t, t.TempDir(), body+"sources:\n  db:\n    type: "+b.Type+"\n    "+b.Conn+"\n    "+opts+"\n")
		want, _ := Fetch(t, New(t, cfg))
		sameStream(t, opts, want, streamed(t, New(t, cfg), false))
		if rr, ok := New(t, cfg).(sources.Rereader); ok && rr.Rereadable() {
			sameStream(t, opts+" (located)", Located(t, rr.(sources.Source)), streamed(t, New(t, cfg), true))
		}
	}
}

// streamed runs Stream and copies each record into the Values form.
func streamed(t *testing.T, src sources.Source, located bool) []contract.Record {
	t.Helper()
	st, ok := src.(sources.Streamer)
	if !ok {
		t.Fatalf("%T does not implement sources.Streamer", src)
	}
	var out []contract.Record
	_, err := st.Stream(context.Background(), located, func(rec contract.Record) error {
		vals := make([]any, rec.Len())
		for i := range vals {
			vals[i] = rec.Raw(i)
		}
		out = append(out, contract.Record{Values: vals, Unknown: rec.Unknown, Loc: rec.Where(), Pos: rec.Pos})
		return nil
	})
	if err != nil {
		t.Fatalf("stream: %v", err)
	}
	return out
}

func sameStream(t *testing.T, what string, want, got []contract.Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: Stream emitted %d records, Fetch %d", what, len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Loc != w.Loc || g.Pos != w.Pos || !reflect.DeepEqual(g.Unknown, w.Unknown) || len(g.Values) != len(w.Values) {
			t.Errorf("%s: record %d: streamed %s, pos %d, unknown %v, %d values; fetched %s, %d, %v, %d",
				what, i, g.Loc, g.Pos, g.Unknown, len(g.Values), w.Loc, w.Pos, w.Unknown, len(w.Values))
			continue
		}
		for j := range w.Values {
			if !sameRaw(g.Values[j], w.Values[j]) {
				t.Errorf("%s: record %d value %d: streamed %T %#v, fetched %T %#v", what, i, j, g.Values[j], g.Values[j], w.Values[j], w.Values[j])
			}
		}
	}
}

// sameRaw is reflect.DeepEqual, with a NaN double equal to itself.
func sameRaw(a, b any) bool {
	if x, ok := a.(float64); ok && math.IsNaN(x) {
		y, ok := b.(float64)
		return ok && math.IsNaN(y)
	}
	return reflect.DeepEqual(a, b)
}
