package contract

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

func BenchmarkParse(b *testing.B) {
	cases := []struct {
		name  string
		field Field
		raw   any
	}{
		{name: "string", field: field(TypeString), raw: "a@x.io"},
		{name: "string-normalized", field: field(TypeString, NormTrim, NormLower), raw: " A@X.io "},
		{name: "int-number", field: field(TypeInt), raw: json.Number("123456")},
		{name: "int-cell", field: field(TypeInt), raw: Cell("123456")},
		{name: "decimal", field: field(TypeDecimal), raw: json.Number("1234.50")},
		{name: "float", field: field(TypeFloat), raw: 1234.5},
		{name: "bool", field: field(TypeBool), raw: Cell("true")},
		{name: "timestamp-text", field: Field{Type: TypeTimestamp, Precision: time.Second}, raw: "2024-05-01T10:00:00.123Z"},
		{name: "timestamp-time", field: field(TypeTimestamp), raw: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)},
		{name: "enum", field: Field{Type: TypeEnum, Values: []string{"active", "suspended", "closed"}}, raw: "closed"},
		{name: "set", field: field(TypeSet), raw: "vip;beta;alpha"},
		{name: "json", field: field(TypeJSON), raw: map[string]any{"b": json.Number("1.0"), "a": "x"}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if v := bc.field.Parse(bc.raw); v.State != Valid {
					b.Fatalf("Parse(%v) = %v", bc.raw, v)
				}
			}
		})
	}
}

func BenchmarkEqual(b *testing.B) {
	f := field(TypeString)
	vals := []Value{f.Parse("a@x.io"), f.Parse("a@x.io"), f.Parse("a@x.io")}
	b.ReportAllocs()
	for b.Loop() {
		if !f.Equal(vals) {
			b.Fatal("not equal")
		}
	}
}

// BenchmarkAppendCell times the fast path on the cells of bench/gen's
// files, one field type at a time.
func BenchmarkAppendCell(b *testing.B) {
	cases := []struct {
		name string
		f    Field
		cell string
	}{
		{"int", Field{Type: TypeInt}, "-35800"},
		{"decimal", Field{Type: TypeDecimal}, "7506454.6827"},
		{"string", Field{Type: TypeString}, "customer 631426"},
		{"string quoted", Field{Type: TypeString}, `The "Big" Apple`},
		{"email", Field{Type: TypeString, Normalize: []Normalizer{NormTrim, NormLower}}, "user693493@example.com"},
		{"timestamp", Field{Type: TypeTimestamp, Precision: time.Second}, "2026-08-10T00:34:13Z"},
		{"timestamp fraction", Field{Type: TypeTimestamp}, "2026-08-10 01:03:19.701"},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			dst := make([]byte, 0, 64)
			for b.Loop() {
				dst, _, _ = tc.f.AppendCell(dst[:0], tc.cell)
			}
		})
	}
}

// BenchmarkAppendCellVaried canonicalizes cells that vary from one to the
// next, as a file's do: a loop over one cell lets the branch predictor
// learn its length and shape, which a scan never does.
func BenchmarkAppendCellVaried(b *testing.B) {
	cases := []struct {
		name  string
		f     Field
		cells []string
	}{
		{"decimal", Field{Type: TypeDecimal}, []string{"44837.36", "7506454.6827", "-12.5", "0.001", "67792.05", "4120929.7133", "100", "3.10", "-0.5", "918273.4", "12", "55555.5555"}},
		{"timestamp", Field{Type: TypeTimestamp, Precision: time.Second}, []string{"2026-08-10T00:34:13Z", "2025-01-31T23:59:59Z", "2026-10-26T03:29:22Z", "2024-02-29T12:00:00Z"}},
		{"timestamp fraction", Field{Type: TypeTimestamp}, []string{"2026-08-10 01:03:19.701", "2026-10-26 03:42:17.8", "2025-03-01 00:00:00.123456", "2026-01-01 10:10:10"}},
	}
	// A thousand decimals of random lengths, past what a predictor learns.
	r := rand.New(rand.NewPCG(1, 2))
	var many []string
	for range 1000 {
		many = append(many, strconv.FormatFloat(r.Float64()*math.Pow(10, float64(r.IntN(8))), 'f', r.IntN(5), 64))
	}
	cases = append(cases, struct {
		name  string
		f     Field
		cells []string
	}{"decimal random", Field{Type: TypeDecimal}, many})
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			dst := make([]byte, 0, 64)
			i := 0
			for b.Loop() {
				dst, _, _ = tc.f.AppendCell(dst[:0], tc.cells[i%len(tc.cells)])
				i++
			}
		})
	}
}
