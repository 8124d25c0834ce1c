package sqlsource

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestKeyEncoding(t *testing.T) {
	ts := time.Date(2024, 5, 1, 10, 0, 0, 5, time.UTC)
	cases := []struct {
		name string
		in   any
		want any // the bound parameter decoded back
	}{
		{"null", nil, nil},
		{"int", int64(-42), int64(-42)},
		{"float", 0.1, 0.1},
		{"bool", true, true},
		{"string", "héllo", "héllo"},
		{"empty string", "", ""},
		{"bytes", []byte{0, 1}, []byte{0, 1}},
		{"number as text", json.Number("1.50"), "1.50"},
		{"time", ts, ts},
		{"other as json", []any{"a"}, `["a"]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := appendValue(appendValue(nil, tc.in), "tail")
			got, ok := decodeKey(b, 2)
			if !ok || !reflect.DeepEqual(got, []any{tc.want, "tail"}) {
				t.Errorf("decodeKey(appendValue(%#v)) = %#v, %v; want [%#v tail]", tc.in, got, ok, tc.want)
			}
		})
	}
	if _, ok := decodeKey([]byte{tagString, 9, 'a'}, 1); ok {
		t.Error("a truncated key decodes")
	}
}
