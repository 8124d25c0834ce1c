package diff

import (
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
)

// TestFastColumnsMatchesParse checks that the key string and row built
// from database columns are the bytes that parsing each column's raw
// value gives, for every kind a driver hands over.
func TestFastColumnsMatchesParse(t *testing.T) {
	c := &contract.Contract{Key: []int{0}, Fields: []*contract.Field{
		{Name: "id", Type: contract.TypeInt},
		{Name: "name", Type: contract.TypeString, Normalize: []contract.Normalizer{contract.NormTrim, contract.NormLower}},
		{Name: "price", Type: contract.TypeDecimal},
		{Name: "at", Type: contract.TypeTimestamp, Precision: time.Second},
		{Name: "ok", Type: contract.TypeBool},
		{Name: "ratio", Type: contract.TypeFloat},
		{Name: "label", Type: contract.TypeString},
	}}
	for i, f := range c.Fields {
		f.Index = i
	}
	at := time.Date(2026, 3, 7, 20, 7, 14, 730e6, time.FixedZone("x", -3600))
	text := func(k contract.ColumnKind, s string) contract.Column {
		return contract.Column{Kind: k, Text: []byte(s)}
	}
	tests := []struct {
		name string
		cols []contract.Column
	}{
		{"typed", []contract.Column{text(contract.ColInt, "7"), text(contract.ColString, " Ann "), text(contract.ColDecimal, "12.50"),
			{Kind: contract.ColTime, Time: at}, {Kind: contract.ColBool, Bool: true}, {Kind: contract.ColFloat, Float: -0.5}, {Kind: contract.ColBool}}},
		{"nulls", []contract.Column{text(contract.ColInt, "-8"), {}, {}, {}, {}, {}, text(contract.ColString, "")}},
		{"text read as types", []contract.Column{text(contract.ColString, "9"), text(contract.ColInt, "42"), text(contract.ColString, "3.0"),
			text(contract.ColString, "2026-03-07 20:07:14"), text(contract.ColString, "t"), text(contract.ColDecimal, "1.25"), text(contract.ColDecimal, "-0.10")}},
		{"slow shapes", []contract.Column{text(contract.ColInt, "-9223372036854775808"), text(contract.ColString, `a"b`), text(contract.ColDecimal, "1e3"),
			{Kind: contract.ColValue, Value: "2026-03-07T20:07:14Z"}, text(contract.ColInt, "1"), {Kind: contract.ColValue, Value: int64(3)}, text(contract.ColBytes, strings.Repeat("z", 200))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(c, names(1))
			s := e.sources[0]
			if !e.fastColumns(s, &contract.Record{Columns: tt.cols}) {
				t.Fatal("fastColumns declined a valid record")
			}
			gotKey, gotRow := string(s.kbuf), string(s.buf)
			raw := make([]any, len(tt.cols))
			for i := range tt.cols {
				raw[i] = tt.cols[i].Raw()
			}
			vals := e.parse(s, &contract.Record{Values: raw})
			if want := string(e.appendKey(nil, vals)); gotKey != want {
				t.Errorf("key %q, want %q", gotKey, want)
			}
			if want := string(encodeRow(nil, vals, e.cols)); gotRow != want {
				t.Errorf("row %q, want %q", gotRow, want)
			}
		})
	}
}

// TestFastColumnsDeclines leaves records that may break a rule to the
// full path.
func TestFastColumnsDeclines(t *testing.T) {
	c := testContract()
	e := New(c, names(1))
	cols := make([]contract.Column, len(c.Fields))
	if e.fastColumns(e.sources[0], &contract.Record{Columns: cols}) {
		t.Error("fastColumns took a record with a null key")
	}
	if e.fastColumns(e.sources[0], &contract.Record{Columns: cols[:1]}) {
		t.Error("fastColumns took a record with too few columns")
	}
}
