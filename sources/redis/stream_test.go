package redis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
)

// TestStreamMatchesFetch checks that Stream hands over, for random hashes
// (fields missing, empty, unknown; key fields in the hash or only in the
// redis key), the raw values, place and unknown fields Fetch gives.
func TestStreamMatchesFetch(t *testing.T) {
	addr, c, prefix := server(t)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	values := []string{"", " ", "a", "12.50", "b;a", "-0", "x:y", "é"}
	names := []string{"region", "account_id", "email", "balance", "tags", "legacy", "other"}
	p := c.Pipeline()
	for i := range 400 {
		key := fmt.Sprintf("%s%s:%s", prefix, values[r.IntN(len(values))], fmt.Sprint("a", i, values[r.IntN(len(values))]))
		var fv []any
		for _, n := range names {
			if r.IntN(2) == 0 {
				fv = append(fv, n, values[r.IntN(len(values))])
			}
		}
		if len(fv) == 0 {
			fv = append(fv, "email", "e")
		}
		p.HSet(ctx, key, fv...)
	}
	if _, err := p.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\n", addr, prefix))
	want := records(t, s.Fetch)
	got := records(t, func(ctx context.Context, emit func(contract.Record) error) (_ any, err error) {
		return s.Stream(ctx, true, emit)
	})
	if len(got) != len(want) || len(want) != 400 {
		t.Fatalf("Stream emitted %d records, Fetch %d, want 400", len(got), len(want))
	}
	for loc, w := range want {
		if g := got[loc]; !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\nstreamed %#v\n fetched %#v", loc, g, w)
		}
	}
}

// records runs a fetch and keeps each record by its location, its values
// copied in the Values form.
func records[S any](t *testing.T, fetch func(context.Context, func(contract.Record) error) (S, error)) map[string]contract.Record {
	t.Helper()
	out := map[string]contract.Record{}
	_, err := fetch(context.Background(), func(rec contract.Record) error {
		vals := make([]any, rec.Len())
		for i := range vals {
			vals[i] = rec.Raw(i)
		}
		out[rec.Where()] = contract.Record{Values: vals, Unknown: rec.Unknown, Loc: rec.Where()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
