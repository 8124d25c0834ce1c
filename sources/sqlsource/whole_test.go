package sqlsource

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestWholeValueRoundTrip: each value a driver returns is written into a
// whole record and bound back as a value the database stores the same.
func TestWholeValueRoundTrip(t *testing.T) {
	ts := time.Date(2024, 5, 1, 10, 0, 0, 123456000, time.UTC)
	cases := []struct {
		name    string
		dialect Dialect
		typ     string
		in      any
		json    string
		back    any
	}{
		{"null", MySQL, "TEXT", nil, `null`, nil},
		{"mysql decimal exact", MySQL, "DECIMAL", []byte("1.50"), `1.50`, "1.50"},
		{"mysql unsigned as text", MySQL, "UNSIGNED BIGINT", []byte("18446744073709551615"), `18446744073709551615`, "18446744073709551615"},
		{"mysql datetime", MySQL, "DATETIME", ts, `"2024-05-01 10:00:00.123456"`, "2024-05-01 10:00:00.123456"},
		{"mysql date", MySQL, "DATE", ts, `"2024-05-01"`, "2024-05-01"},
		{"mysql blob base64", MySQL, "BLOB", []byte{0, 1, 255}, `"AAH/"`, []byte{0, 1, 255}},
		{"mysql json document", MySQL, "JSON", []byte(`{"b": 1.0}`), `{"b":1.0}`, `{"b":1.0}`},
		{"mysql text keeps <&>", MySQL, "VARCHAR", []byte("a<&>"), `"a<&>"`, "a<&>"},
		{"sqlite integer", SQLite, "", int64(7), `7`, int64(7)},
		{"sqlite integral real stays real", SQLite, "REAL", 2.0, `2.0`, 2.0},
		{"sqlite real", SQLite, "", 0.1, `0.1`, 0.1},
		{"sqlite text that looks numeric", SQLite, "NUMERIC", "1.50x", `"1.50x"`, "1.50x"},
		{"sqlite blob column", SQLite, "BLOB", []byte{9}, `"CQ=="`, []byte{9}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb := &Table{Dialect: tc.dialect}
			got, err := tb.wholeValue(tc.typ, tc.in)
			if err != nil || string(got) != tc.json {
				t.Fatalf("wholeValue = %s, %v; want %s", got, err, tc.json)
			}
			back, err := tb.bindWhole(tc.typ, json.RawMessage(got))
			if err != nil || !reflect.DeepEqual(back, tc.back) {
				t.Errorf("bindWhole(%s) = %#v, %v; want %#v", got, back, err, tc.back)
			}
		})
	}
}

func TestDecodeMembers(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"keeps order", `{"b":1,"a":{"x":[1]}}`, `b=1 a={"x":[1]} `},
		{"not an object", `[1]`, "error"},
		{"empty", `{}`, "error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := decodeMembers(json.RawMessage(tc.in))
			got := "error"
			if err == nil {
				got = ""
				for _, m := range ms {
					got += m.name + "=" + string(m.raw) + " "
				}
			}
			if got != tc.want {
				t.Errorf("decodeMembers(%s) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
