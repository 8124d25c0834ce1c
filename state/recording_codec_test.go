package state

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
)

func TestRecordCodecRoundTrip(t *testing.T) {
	zone := time.FixedZone("", 5*3600+30*60)
	cases := map[string]contract.Record{
		"empty":   {},
		"cells":   {Cells: []string{"1", "", " Ann ", "12.50"}, Loc: "line 7"},
		"scalars": {Values: []any{nil, "x", json.Number("1e3"), true, false, int64(-42), 1.5, []byte("raw")}, Loc: "record 3"},
		"time":    {Values: []any{time.Date(2025, 1, 2, 3, 4, 5, 6, zone)}, Loc: "row id=7"},
		"nested": {Values: []any{[]any{"a", json.Number("1"), nil}, map[string]any{"b": map[string]any{"c": []any{}}, "a": "x"}},
			Unknown: []string{"extra", "more"}},
		"literal": {Values: []any{contract.Literal{Text: "0x1f", Number: "31"}}},
		"nan":     {Values: []any{math.Inf(-1)}, Loc: "line 01"},
	}
	for name, rec := range cases {
		t.Run(name, func(t *testing.T) {
			b, err := EncodeRecord(nil, rec)
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeRecord(b)
			if err != nil {
				t.Fatal(err)
			}
			want := rec
			if want.Values == nil {
				want.Values = make([]any, rec.Len())
				for i := range want.Values {
					want.Values[i] = rec.Raw(i)
				}
				want.Cells = nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip:\n got %#v\nwant %#v", got, want)
			}
		})
	}
}

func TestRecordCodecWidensAndRefuses(t *testing.T) {
	b, err := EncodeRecord(nil, contract.Record{Values: []any{7, uint64(math.MaxUint64), []string{"a"}, float32(0.1)}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := DecodeRecord(b)
	want := []any{int64(7), json.Number("18446744073709551615"), []any{"a"}, json.Number("0.1")}
	if !reflect.DeepEqual(got.Values, want) {
		t.Errorf("widened %#v, want %#v", got.Values, want)
	}
	if _, err := EncodeRecord(nil, contract.Record{Values: []any{struct{}{}}}); err == nil {
		t.Error("a struct value was recorded")
	}
}

// TestRecordCodecRapid: every record of the raw types decodes to itself,
// and parses, under every field type, to the same value as the original.
func TestRecordCodecRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		vals := rapid.SliceOfN(rawValue(2), 0, 6).Draw(t, "values")
		rec := contract.Record{Values: vals, Loc: rapid.SampledFrom([]string{"", "line 3", "record 12", "x"}).Draw(t, "loc")}
		b, err := EncodeRecord(nil, rec)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeRecord(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Values, rec.Values) || got.Loc != rec.Loc {
			t.Fatalf("round trip:\n got %#v\nwant %#v", got, rec)
		}
		for _, typ := range []contract.Type{contract.TypeString, contract.TypeInt, contract.TypeDecimal, contract.TypeTimestamp, contract.TypeJSON} {
			f := &contract.Field{Name: "f", Type: typ}
			for i := range vals {
				if a, b := f.Parse(vals[i]), f.Parse(got.Values[i]); a.JSON != b.JSON || a.State != b.State {
					t.Fatalf("%v: parse %#v = %s, decoded = %s", typ, vals[i], a.JSON, b.JSON)
				}
			}
		}
	})
}

func rawValue(depth int) *rapid.Generator[any] {
	gens := []*rapid.Generator[any]{
		rapid.Just[any](nil),
		rapid.Map(rapid.String(), func(s string) any { return contract.Cell(s) }),
		rapid.Map(rapid.String(), func(s string) any { return s }),
		rapid.Map(rapid.Int64(), func(n int64) any { return json.Number(strconv.FormatInt(n, 10)) }),
		rapid.Map(rapid.Bool(), func(b bool) any { return b }),
		rapid.Map(rapid.Int64(), func(n int64) any { return n }),
		rapid.Map(rapid.Float64(), func(f float64) any { return f }),
		rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) any { return b }),
		rapid.Map(rapid.Int64Range(-1e12, 1e12), func(n int64) any { return time.Unix(n, n%1e9).UTC() }),
	}
	if depth > 0 {
		gens = append(gens,
			rapid.Map(rapid.SliceOfN(rawValue(depth-1), 0, 3), func(xs []any) any {
				if xs == nil {
					return []any{}
				}
				return xs
			}),
			rapid.Map(rapid.MapOfN(rapid.String(), rawValue(depth-1), 0, 3), func(m map[string]any) any { return m }))
	}
	return rapid.OneOf(gens...)
}

func TestDecodeRecordRefusesGarbage(t *testing.T) {
	for _, b := range [][]byte{{5}, {1, 99}, {1, 1, 200}, {0, 9}, {0, 0, 1}, {0, 3, 50}} {
		if _, err := DecodeRecord(b); err == nil {
			t.Errorf("%v decoded", b)
		}
	}
}
