package contract

import (
	"bytes"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// cellGen draws cells shaped for every fast path, and near misses.
func cellGen() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.String(),
		rapid.StringMatching(`[ aAbBzZ;"\\é\t]{0,8}`),
		rapid.StringMatching(`[ aZ"\\\n\r\t\x00\x1f\x7f]{0,6}`),
		rapid.StringMatching(`[-+]?0{0,2}[0-9]{0,20}(\.[0-9]{0,5})?`),
		rapid.StringMatching(` ?[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-4]):[0-5][0-9]:[0-6][0-9](\.[0-9]{1,12})?(Z|z|[+-](0[0-9]|1[0-3]):?[0-5][0-9])? ?`),
		// Every month and day number, leap years and not, and a minute
		// or second of 60 and over.
		rapid.StringMatching(`(1900|2000|2023|2024|0000|9999)-[01][0-9]-[0-3][0-9][T ]([01][0-9]|2[0-9]):[0-9][0-9]:[0-9][0-9](\.[0-9]{1,3})?[Zz]?`),
		rapid.SampledFrom([]string{"", " ", "true", "F", " yes ", "0", "1", "no", "a", "B", "c d", "-0", "-0.0", "0.50", "1e3"}),
		invalidUTF8Gen(),
	)
}

// invalidUTF8Gen draws texts of every fast-path shape with bytes that are
// not UTF-8 put in: a lone continuation byte, a cut rune, 0xFF.
func invalidUTF8Gen() *rapid.Generator[string] {
	shapes := rapid.SampledFrom([]string{"a", "B", "café", "42", "12.50", "true", "2024-05-01T10:00:00Z", ""})
	bad := rapid.SampledFrom([]string{"\x80", "\xc3", "\xe9", "\xfe", "\xff", "\xed\xa0\x80"})
	return rapid.Custom(func(t *rapid.T) string {
		s := shapes.Draw(t, "shape")
		at := rapid.IntRange(0, len(s)).Draw(t, "at")
		return s[:at] + bad.Draw(t, "bad") + s[at:]
	})
}

// TestAppendCellMatchesParse checks the law of the fast path: whenever it
// answers, it answers exactly what Parse does, and it leaves dst alone
// when it does not.
func TestAppendCellMatchesParse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fieldGen().Draw(t, "field")
		cell := cellGen().Draw(t, "cell")
		checkAppendCell(t, f, cell)
	})
}

// checkAppendCell fails t unless f.AppendCell(cell) and the reader of
// f.CellKind(), appended after "xy", each either decline and leave "xy"
// alone or give what f.Parse gives.
func checkAppendCell(t *rapid.T, f Field, cell string) {
	byKind := map[CellKind]func([]byte, string) ([]byte, State, bool){
		CellOther: f.AppendCell, CellText: f.AppendTextCell, CellInt: AppendIntCell,
		CellDecimal: AppendDecimalCell, CellTimestamp: f.AppendTimestampCell,
	}
	for name, appendCell := range map[string]func([]byte, string) ([]byte, State, bool){
		"AppendCell": f.AppendCell, "the reader of its CellKind": byKind[f.CellKind()],
	} {
		got, st, ok := appendCell([]byte("xy"), cell)
		if !ok {
			if string(got) != "xy" {
				t.Fatalf("%s(%q) declined but changed dst to %q", name, cell, got)
			}
			continue
		}
		want := f.Parse(Cell(cell))
		wantJSON := want.JSON
		if want.State == Null {
			wantJSON = ""
		}
		if st != want.State || string(got[2:]) != wantJSON {
			t.Fatalf("%v field %v precision %v: %s(%q) = %v %s, Parse = %v %s", f.Type, f.Normalize, f.Precision, name, cell, st, got[2:], want.State, want.JSON)
		}
	}
}

func TestAppendCellCases(t *testing.T) {
	tests := []struct {
		name string
		f    Field
		cell string
		want string
		ok   bool
	}{
		{"int", Field{Type: TypeInt}, "-42", "-42", true},
		{"int with leading zero goes slow", Field{Type: TypeInt}, "042", "", false},
		{"decimal trailing zeros", Field{Type: TypeDecimal}, "12.50", `"12.5"`, true},
		{"decimal zero", Field{Type: TypeDecimal}, "-0.00", `"0"`, true},
		{"decimal zeros after the point", Field{Type: TypeDecimal}, "-12.000", `"-12"`, true},
		{"decimal zeros before the point", Field{Type: TypeDecimal}, "100.10", `"100.1"`, true},
		{"string lowered and trimmed", Field{Type: TypeString, Normalize: []Normalizer{NormTrim, NormLower}}, " A@X.io ", `"a@x.io"`, true},
		{"string with a quote escaped", Field{Type: TypeString}, `a"b`, `"a\"b"`, true},
		{"string with a line break escaped", Field{Type: TypeString}, "a\nb\\", `"a\nb\\"`, true},
		{"string with a control byte escaped", Field{Type: TypeString}, "\x01", `"\u0001"`, true},
		{"trimmed string with a line break goes slow", Field{Type: TypeString, Normalize: []Normalizer{NormTrim}}, "a\n", "", false},
		{"lowered string with a quote goes slow", Field{Type: TypeString, Normalize: []Normalizer{NormLower}}, `A"`, "", false},
		{"enum with a quote goes slow", Field{Type: TypeEnum, Values: []string{`a"`}}, `a"`, "", false},
		{"timestamp floored", Field{Type: TypeTimestamp, Precision: 1e9}, "2026-03-07 20:07:14.730", `"2026-03-07T20:07:14Z"`, true},
		{"timestamp to the millisecond", Field{Type: TypeTimestamp, Precision: 1e6}, "2026-03-07T20:07:14.1209999Z", `"2026-03-07T20:07:14.12Z"`, true},
		{"timestamp fraction floored away", Field{Type: TypeTimestamp, Precision: 1e6}, "2026-03-07T20:07:14.0009", `"2026-03-07T20:07:14Z"`, true},
		{"timestamp to a quarter second", Field{Type: TypeTimestamp, Precision: 250e6}, "2026-03-07T20:07:14.730", `"2026-03-07T20:07:14.5Z"`, true},
		{"timestamp past nanoseconds", Field{Type: TypeTimestamp}, "2026-03-07T20:07:14.123456789123z", `"2026-03-07T20:07:14.123456Z"`, true},
		{"timestamp with a bare point goes slow", Field{Type: TypeTimestamp}, "2026-03-07T20:07:14.", "", false},
		{"timestamp on 29 February of a leap year", Field{Type: TypeTimestamp}, "2024-02-29T00:00:00Z", `"2024-02-29T00:00:00Z"`, true},
		{"timestamp on 29 February 2000", Field{Type: TypeTimestamp}, "2000-02-29 12:00:00", `"2000-02-29T12:00:00Z"`, true},
		{"timestamp at the end of a year", Field{Type: TypeTimestamp}, "1999-12-31T23:59:59Z", `"1999-12-31T23:59:59Z"`, true},
		{"timestamp on 30 April", Field{Type: TypeTimestamp}, "2026-04-30T10:00:00Z", `"2026-04-30T10:00:00Z"`, true},
		{"timestamp on 29 February 1900 goes slow", Field{Type: TypeTimestamp}, "1900-02-29T00:00:00Z", "", false},
		{"timestamp on 29 February 2023 goes slow", Field{Type: TypeTimestamp}, "2023-02-29T00:00:00Z", "", false},
		{"timestamp on 30 February goes slow", Field{Type: TypeTimestamp}, "2024-02-30T00:00:00Z", "", false},
		{"timestamp on 31 April goes slow", Field{Type: TypeTimestamp}, "2026-04-31T10:00:00Z", "", false},
		{"timestamp in month 00 goes slow", Field{Type: TypeTimestamp}, "2026-00-10T10:00:00Z", "", false},
		{"timestamp in month 13 goes slow", Field{Type: TypeTimestamp}, "2026-13-10T10:00:00Z", "", false},
		{"timestamp on day 00 goes slow", Field{Type: TypeTimestamp}, "2026-01-00T10:00:00Z", "", false},
		{"timestamp on day 32 goes slow", Field{Type: TypeTimestamp}, "2026-01-32T10:00:00Z", "", false},
		{"timestamp at hour 24 goes slow", Field{Type: TypeTimestamp}, "2026-01-10T24:00:00Z", "", false},
		{"timestamp at minute 60 goes slow", Field{Type: TypeTimestamp}, "2026-01-10T10:60:00Z", "", false},
		{"timestamp at second 60 goes slow", Field{Type: TypeTimestamp}, "2026-01-10T10:00:60Z", "", false},
		{"timestamp with a zone letter other than Z goes slow", Field{Type: TypeTimestamp}, "2026-01-10T10:00:00A", "", false},
		{"string uppered", Field{Type: TypeString, Normalize: []Normalizer{NormUpper}}, "a-Z~b", `"A-Z~B"`, true},
		{"string with a control byte goes slow", Field{Type: TypeString}, "a\x7fb", "", false},
		{"enum outside values goes slow", Field{Type: TypeEnum, Values: []string{"a"}}, "b", "", false},
		{"float goes slow", Field{Type: TypeFloat}, "1.5", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _, ok := tc.f.AppendCell(nil, tc.cell)
			if ok != tc.ok || string(got) != tc.want {
				t.Errorf("AppendCell(%q) = %s, %v; want %s, %v", tc.cell, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestAppendTextCellMatchesParse is TestAppendCellMatchesParse for text
// fields only, with text that JSON escapes (quotes, backslashes, control
// bytes) and white space the normalizers act on, so that each run tries
// the escaping fast path many times.
func TestAppendTextCellMatchesParse(t *testing.T) {
	text := rapid.OneOf(
		rapid.StringMatching(`[ aZ"\\\n\r\t\x00\x1f\x7f]{0,6}`),
		rapid.StringMatching(`[ -~]{0,12}`),
		rapid.StringMatching(`[ -~]{8,40}`),
	)
	rapid.Check(t, func(t *rapid.T) {
		f := Field{
			Type:      rapid.SampledFrom([]Type{TypeString, TypeEnum}).Draw(t, "type"),
			Normalize: rapid.SliceOfN(normalizerGen, 0, 2).Draw(t, "normalize"),
			Values:    []string{"a", `a"`, "Z", ""},
		}
		cell := text.Draw(t, "cell")
		checkAppendCell(t, f, cell)
	})
}

// TestAppendDecimalCellMatchesParse is TestAppendCellMatchesParse for
// decimal fields only, with fractions that end in zeros or are all zeros.
func TestAppendDecimalCellMatchesParse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cell := rapid.StringMatching(`-?(0|[1-9][0-9]{0,6})(\.[0-9]{0,3}0{0,3})?`).Draw(t, "cell")
		checkAppendCell(t, Field{Type: TypeDecimal}, cell)
	})
}

// TestAppendTimestampCellMatchesParse is TestAppendCellMatchesParse for
// timestamp fields only: date-times near and off the fast path's shape,
// with white space or other bytes at their ends, at every kind of
// precision.
func TestAppendTimestampCellMatchesParse(t *testing.T) {
	valid := rapid.StringMatching(`[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{0,11})?[Zz]?`)
	// stamp is a valid date-time, or one with a byte swapped for a near miss.
	stamp := rapid.Custom(func(t *rapid.T) string {
		s := valid.Draw(t, "valid")
		if rapid.Bool().Draw(t, "swap") {
			i := rapid.IntRange(0, len(s)-1).Draw(t, "at")
			s = s[:i] + rapid.SampledFrom([]string{"/", ":", "-", ".", " ", "0", "9", "T", "z"}).Draw(t, "by") + s[i+1:]
		}
		return s
	})
	edge := rapid.SampledFrom([]string{"", "", " ", "\t", "\n", "\x00", "\u00a0", "\u2003", "é", "x"})
	rapid.Check(t, func(t *rapid.T) {
		f := Field{Type: TypeTimestamp, Precision: rapid.SampledFrom([]time.Duration{
			0, 1, 10, time.Microsecond, time.Millisecond, 100 * time.Millisecond, 250 * time.Millisecond, time.Second, 7 * time.Second, time.Hour,
		}).Draw(t, "precision")}
		cell := edge.Draw(t, "before") + stamp.Draw(t, "stamp") + edge.Draw(t, "after")
		checkAppendCell(t, f, cell)
	})
}

// TestAppendCase: lowering and raising ASCII text eight bytes at a time
// is bytes.ToLower and bytes.ToUpper, at any length and after any prefix.
func TestAppendCase(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		prefix := []byte(rapid.StringMatching(`[a-z]{0,3}`).Draw(t, "prefix"))
		s := rapid.StringMatching(`[\x00-\x7f]{0,40}`).Draw(t, "text")
		if got, want := appendLower(bytes.Clone(prefix), s), append(bytes.Clone(prefix), bytes.ToLower([]byte(s))...); !bytes.Equal(got, want) {
			t.Fatalf("appendLower(%q, %q) = %q, want %q", prefix, s, got, want)
		}
		if got, want := appendUpper(bytes.Clone(prefix), s), append(bytes.Clone(prefix), bytes.ToUpper([]byte(s))...); !bytes.Equal(got, want) {
			t.Fatalf("appendUpper(%q, %q) = %q, want %q", prefix, s, got, want)
		}
	})
}

// TestTextPlain: the eight-bytes-at-a-time check says plain exactly when
// every byte is of class 0, whatever the bytes and wherever they sit.
func TestTextPlain(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Plain bytes, then at most one byte of any class anywhere among
		// them: a lone exception in a word must be caught.
		b := rapid.SliceOfN(rapid.ByteRange(0x20, 0x7e), 0, 40).Draw(t, "plain")
		for i, c := range b {
			if c == '"' || c == '\\' {
				b[i] = 'a'
			}
		}
		if len(b) > 0 && rapid.Bool().Draw(t, "odd") {
			odd := rapid.OneOf(rapid.Byte(), rapid.SampledFrom([]byte{0x00, 0x1f, '"', '\\', 0x7f, 0x80, 0xff})).Draw(t, "byte")
			b[rapid.IntRange(0, len(b)-1).Draw(t, "at")] = odd
		}
		want := true
		for _, c := range b {
			if textClass[c] != 0 {
				want = false
			}
		}
		if got := textPlain(string(b)); got != want {
			t.Fatalf("textPlain(%q) = %v, want %v", b, got, want)
		}
	})
}
