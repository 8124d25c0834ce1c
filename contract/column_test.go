package contract

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// columnGen draws database values of every column kind, shaped as
// drivers print them, and near misses.
func columnGen() *rapid.Generator[Column] {
	texts := cellGen()
	return rapid.Custom(func(t *rapid.T) Column {
		k := ColumnKind(rapid.IntRange(int(ColNull), int(ColCell)).Draw(t, "kind"))
		c := Column{Kind: k}
		switch k {
		case ColString, ColBytes, ColInt, ColDecimal, ColCell:
			c.Text = []byte(texts.Draw(t, "text"))
		case ColFloat:
			c.Float = rapid.SampledFrom([]float64{0, math.Copysign(0, -1), 1.5, -2.25e30, 1e-7, math.NaN(), math.Inf(1)}).Draw(t, "float")
		case ColBool:
			c.Bool = rapid.Bool().Draw(t, "bool")
		case ColTime:
			sec := rapid.Int64Range(-70000000000, 260000000000).Draw(t, "sec")
			c.Time = time.Unix(sec, rapid.Int64Range(0, 999999999).Draw(t, "nsec")).In(time.FixedZone("x", 3600))
		case ColValue:
			c.Value = rapid.SampledFrom([]any{nil, "a", json.Number("1.5"), []any{"a"}}).Draw(t, "value")
		}
		return c
	})
}

// TestAppendColumnMatchesParse is the law of the database fast path:
// whenever it answers, it answers what Parse gives for the column's raw
// value, and it leaves dst alone when it does not.
func TestAppendColumnMatchesParse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fieldGen().Draw(t, "field")
		c := columnGen().Draw(t, "column")
		got, st, ok := f.AppendColumn([]byte("xy"), &c)
		if !ok {
			if string(got) != "xy" {
				t.Fatalf("AppendColumn declined but changed dst to %q", got)
			}
			return
		}
		want := f.Parse(c.Raw())
		wantJSON := want.JSON
		if want.State == Null {
			wantJSON = ""
		}
		if st != want.State || string(got[2:]) != wantJSON {
			t.Fatalf("%v field %v: AppendColumn(%#v) = %v %s, Parse = %v %s", f.Type, f.Normalize, c, st, got[2:], want.State, want.JSON)
		}
	})
}

// oldDecimalRaw is the rule DecimalRaw replaces: any text big.Rat reads
// but hexadecimal and underscores.
func oldDecimalRaw(s string) any {
	t := strings.TrimSpace(s)
	if t == "" || strings.ContainsAny(t, "xXpP_") {
		return s
	}
	if _, ok := new(big.Rat).SetString(t); !ok {
		return s
	}
	return json.Number(t)
}

func TestDecimalRawMatchesBigRat(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(cellGen(), rapid.StringMatching(`[-+ ]?[0-9]{0,3}[./eE]?[-+]?[0-9]{0,3}`)).Draw(t, "text")
		if got, want := DecimalRaw(s), oldDecimalRaw(s); got != want {
			t.Fatalf("DecimalRaw(%q) = %#v, want %#v", s, got, want)
		}
	})
}

func TestRecordWhere(t *testing.T) {
	for _, tc := range []struct {
		rec  Record
		want string
	}{
		{Record{Loc: "line 3"}, "line 3"},
		{Record{Row: 12}, "row 12"},
		{Record{Loc: "line 3", Row: 12}, "line 3"},
		{Record{}, ""},
	} {
		if got := tc.rec.Where(); got != tc.want {
			t.Errorf("%+v.Where() = %q, want %q", tc.rec, got, tc.want)
		}
	}
}
