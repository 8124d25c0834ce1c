package diff

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/runs"
	"pgregory.net/rapid"
)

// genRecords draws records of testContract with distinct ids and values
// that are sometimes equal, null, within tolerance or invalid.
func genRecords(t *rapid.T, label string) []contract.Record {
	ids := rapid.SliceOfNDistinct(rapid.IntRange(0, 40), 0, 15, rapid.ID[int]).Draw(t, label+" ids")
	out := make([]contract.Record, len(ids))
	for i, id := range ids {
		out[i] = genRecord(t, "line "+strconv.Itoa(i+1))
		out[i].Values[0] = json.Number(strconv.Itoa(id))
	}
	return out
}

// genRecord draws a record of testContract at loc, with a null key.
func genRecord(t *rapid.T, loc string) contract.Record {
	return contract.Record{Loc: loc, Values: []any{
		nil,
		rapid.SampledFrom([]any{"x", " x", "y", nil}).Draw(t, "name"),
		rapid.SampledFrom([]any{"1", "1.005", "2", "abc", nil}).Draw(t, "balance"),
		rapid.SampledFrom([]any{"active", "closed", "gone", nil}).Draw(t, "status"),
		rapid.SampledFrom([]any{"a;b", "b;a", "", "c", nil}).Draw(t, "tags"),
		rapid.SampledFrom([]any{"#1", "abc", nil}).Draw(t, "notes"),
	}}
}

func shuffled(t *rapid.T, label string, recs []contract.Record) []contract.Record {
	return rapid.Permutation(recs).Draw(t, label)
}

func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("s%d", i)
	}
	return out
}

// normalized renders drifts with source names mapped through rename and
// values in name order, sorted, so results can be compared across source
// orders.
func normalized(ds []Drift, rename map[string]string) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		if n, ok := rename[d.Source]; ok {
			d.Source = n
		}
		vals := slices.Clone(d.Values)
		for j := range vals {
			if n, ok := rename[vals[j].Source]; ok {
				vals[j].Source = n
			}
		}
		slices.SortFunc(vals, func(a, b SourceValue) int { return cmpString(a.Source, b.Source) })
		d.Values = vals
		out[i] = line(d) + " " + d.Message
	}
	slices.Sort(out)
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestPropIdenticalReplicasHaveNoDrift(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := genRecords(t, "base")
		n := rapid.IntRange(1, 4).Draw(t, "sources")
		recs := make([][]contract.Record, n)
		for s := range recs {
			recs[s] = shuffled(t, "order", base)
		}
		drifts, sum := run(t, testContract(), names(n), recs, nil)
		_, one := run(t, testContract(), names(1), [][]contract.Record{base}, nil)
		for _, d := range drifts {
			if d.Kind != Violation {
				t.Fatalf("identical replicas drifted: %s", line(d))
			}
		}
		if sum.Violations != n*one.Violations || sum.Keys != len(base) {
			t.Fatalf("summary %+v: want %d violations per source and %d keys", sum, one.Violations, len(base))
		}
	})
}

func TestPropOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "sources")
		recs := make([][]contract.Record, n)
		for s := range recs {
			recs[s] = genRecords(t, "source")
		}
		want, wantSum := run(t, testContract(), names(n), recs, nil)

		perm := rapid.Permutation(slices.Collect(func(yield func(int) bool) {
			for i := range n {
				if !yield(i) {
					return
				}
			}
		})).Draw(t, "source order")
		permNames, permRecs := make([]string, n), make([][]contract.Record, n)
		for i, s := range perm {
			permNames[i], permRecs[i] = names(n)[s], shuffled(t, "record order", recs[s])
		}
		got, gotSum := run(t, testContract(), permNames, permRecs, nil)
		if !reflect.DeepEqual(normalized(got, nil), normalized(want, nil)) || !reflect.DeepEqual(gotSum, wantSum) {
			t.Fatalf("reordering changed the result:\n got %q\nwant %q", normalized(got, nil), normalized(want, nil))
		}
		for i := range got {
			if got[i].ID != want[i].ID || got[i].Kind != want[i].Kind || got[i].Source != want[i].Source {
				t.Fatalf("drift %d: got %s (%s), want %s (%s): order or ids depend on input order", i, line(got[i]), got[i].ID, line(want[i]), want[i].ID)
			}
		}
	})
}

func TestPropSymmetric(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genRecords(t, "a"), genRecords(t, "b")
		ab, _ := run(t, testContract(), []string{"a", "b"}, [][]contract.Record{a, b}, nil)
		ba, _ := run(t, testContract(), []string{"a", "b"}, [][]contract.Record{b, a}, nil)
		swap := map[string]string{"a": "b", "b": "a"}
		if got, want := normalized(ba, swap), normalized(ab, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("diff(b, a) is not diff(a, b) with names swapped:\n got %q\nwant %q", got, want)
		}
	})
}

// changedValue returns a raw value of field i that never equals v.
func changedValue(i int, v any) any {
	switch i {
	case 1:
		return "changed"
	case 2:
		return "1000"
	case 3:
		if v == "active" {
			return "closed"
		}
		return "active"
	default:
		return "zzz"
	}
}

func TestPropOneChangeGivesOneChangedDrift(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := genRecords(t, "base")
		if len(base) == 0 {
			t.Skip("no records")
		}
		n := rapid.IntRange(2, 4).Draw(t, "sources")
		recs := make([][]contract.Record, n)
		for s := range recs {
			recs[s] = slices.Clone(base)
		}
		s := rapid.IntRange(0, n-1).Draw(t, "changed source")
		r := rapid.IntRange(0, len(base)-1).Draw(t, "changed record")
		f := rapid.IntRange(1, 4).Draw(t, "changed field")
		vals := slices.Clone(base[r].Values)
		vals[f] = changedValue(f, vals[f])
		recs[s][r] = contract.Record{Loc: base[r].Loc, Values: vals}

		drifts, sum := run(t, testContract(), names(n), recs, nil)
		var changed []Drift
		for _, d := range drifts {
			switch d.Kind {
			case Missing:
				t.Fatalf("a changed value made a key missing: %s", line(d))
			case Changed:
				changed = append(changed, d)
			}
		}
		field := testContract().Fields[f].Name
		wantKey := `{"id":` + string(base[r].Values[0].(json.Number)) + `}`
		if len(changed) != 1 || changed[0].Field != field || string(must(changed[0].Key.MarshalJSON())) != wantKey {
			t.Fatalf("got changed %q, want exactly one for %s field %s", lines(changed), wantKey, field)
		}
		if sum.DriftedKeys != 1 || sum.Changed != 1 || sum.ByField[field] != 1 || len(sum.ByField) != 1 {
			t.Fatalf("summary %+v: want one drifted key with one %s change", sum, field)
		}
	})
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestPropDriftsInReportOrder: over enough keys to be diffed in runs on
// every core, with missing, changed and violation drifts mixed (seeded
// draws), the drifts come in report order: by key, then kind, source,
// rule and field.
func TestPropDriftsInReportOrder(t *testing.T) {
	for seed := range uint64(6) {
		rng := rand.New(rand.NewPCG(seed, 1))
		n := 2 + int(seed%2)
		recs := make([][]contract.Record, n)
		pick := func(vals ...any) any { return vals[rng.IntN(len(vals))] }
		for id := range 5000 {
			for s := range recs {
				if rng.IntN(20) == 0 {
					continue // missing here
				}
				r := account(strconv.Itoa(id), "x", "1")
				if rng.IntN(3) == 0 {
					r.Values[1] = pick("y", "z", nil)
				}
				if rng.IntN(15) == 0 {
					r.Values[3] = pick("closed", "gone", nil) // gone and null break rules
				}
				if rng.IntN(30) == 0 {
					r.Values[2] = pick("abc", "2")
				}
				recs[s] = append(recs[s], r)
			}
		}
		drifts, sum := run(t, testContract(), names(n), recs, nil)
		if sum.DriftedKeys < 2*runs.Min || sum.Violations == 0 {
			t.Fatalf("seed %d: %d drifted keys and %d violations: too few to test runs", seed, sum.DriftedKeys, sum.Violations)
		}
		keyID := func(d Drift) int {
			id, err := strconv.Atoi(string(d.Key[0].Value))
			if err != nil {
				t.Fatalf("drift %s: key not an int", line(d))
			}
			return id
		}
		ordered := func(a, b Drift) int {
			return cmp.Or(cmp.Compare(keyID(a), keyID(b)), cmp.Compare(a.Kind, b.Kind),
				strings.Compare(a.Source, b.Source), strings.Compare(a.Rule, b.Rule), strings.Compare(a.Field, b.Field))
		}
		for i := 1; i < len(drifts); i++ {
			if ordered(drifts[i-1], drifts[i]) >= 0 {
				t.Fatalf("seed %d: drift %d (%s) is not after drift %d (%s)", seed, i, line(drifts[i]), i-1, line(drifts[i-1]))
			}
		}
	}
}
