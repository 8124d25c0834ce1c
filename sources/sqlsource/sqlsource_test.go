package sqlsource

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
)

func TestQuoteName(t *testing.T) {
	cases := []struct {
		name    string
		dialect Dialect
		in      string
		want    string
	}{
		{"postgres plain", Postgres, "accounts", `"accounts"`},
		{"postgres schema-qualified", Postgres, "public.accounts", `"public"."accounts"`},
		{"postgres quote doubled", Postgres, `accounts"; DROP TABLE x; --`, `"accounts""; DROP TABLE x; --"`},
		{"sqlite quote doubled", SQLite, `a"b`, `"a""b"`},
		{"mysql backtick", MySQL, "db.accounts", "`db`.`accounts`"},
		{"mysql backtick doubled", MySQL, "a`b", "`a``b`"},
		{"mysql double quote kept", MySQL, `a"b`, "`a\"b`"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.dialect.QuoteName(tc.in); got != tc.want {
				t.Errorf("QuoteName(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestPlaceholder(t *testing.T) {
	if Postgres.Placeholder(3) != "$3" || MySQL.Placeholder(3) != "?" || SQLite.Placeholder(1) != "?" {
		t.Errorf("placeholders: %s %s %s", Postgres.Placeholder(3), MySQL.Placeholder(3), SQLite.Placeholder(1))
	}
}

func TestFromSQL(t *testing.T) {
	ts := time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("x", 7200))
	cases := []struct {
		name, typ string
		in, want  any
	}{
		{"null", "TEXT", nil, nil},
		{"decimal bytes keep text", "DECIMAL", []byte("1.50"), json.Number("1.50")},
		{"decimal that is not a number", "DECIMAL", []byte("abc"), "abc"},
		{"decimal hex is not a number", "DECIMAL", "0x10", "0x10"},
		{"integer in decimal column", "NUMERIC", int64(7), json.Number("7")},
		{"real in decimal column", "DECIMAL(10,2)", 1.1, json.Number("1.1")},
		{"int", "INT", int64(-3), int64(-3)},
		{"unsigned beyond int64", "BIGINT", uint64(1 << 63), json.Number("9223372036854775808")},
		{"unsigned within int64", "BIGINT", uint64(5), int64(5)},
		{"float32 shortest", "FLOAT", float32(0.1), 0.1},
		{"double", "DOUBLE", 0.25, 0.25},
		{"time to UTC", "DATETIME", ts, ts.UTC()},
		{"json bytes", "JSON", []byte(`{"a":1.0}`), map[string]any{"a": json.Number("1.0")}},
		{"json null", "JSON", []byte(`null`), nil},
		{"invalid json stays text", "JSON", []byte(`{"a"`), `{"a"`},
		{"trailing data is not json", "JSON", []byte(`1 2`), `1 2`},
		{"text bytes", "VARCHAR", []byte("hé"), "hé"},
		{"blob bytes", "BLOB", []byte{0, 1}, []byte{0, 1}},
		{"bool", "BOOLEAN", true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := FromSQL(tc.typ, tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("FromSQL(%s, %#v) = %#v, want %#v", tc.typ, tc.in, got, tc.want)
			}
		})
	}
}

func TestEncode(t *testing.T) {
	ts := time.Date(2024, 5, 1, 10, 0, 0, 500, time.UTC)
	cases := []struct {
		name   string
		typ    contract.Type
		dbType string
		in     any
		want   any
	}{
		{"null", contract.TypeString, "", nil, nil},
		{"string", contract.TypeString, "", "a", "a"},
		{"int", contract.TypeInt, "", json.Number("42"), int64(42)},
		{"invalid int stays text", contract.TypeInt, "", "abc", "abc"},
		{"decimal as exact text", contract.TypeDecimal, "", "12.50", "12.50"},
		{"float", contract.TypeFloat, "", json.Number("0.5"), 0.5},
		{"bool", contract.TypeBool, "", false, false},
		{"timestamp", contract.TypeTimestamp, "", "2024-05-01T10:00:00.0000005Z", ts},
		{"set into text", contract.TypeSet, "TEXT", []any{"a", "b"}, "a;b"},
		{"set into postgres array", contract.TypeSet, "_text", []any{"a", "b"}, []string{"a", "b"}},
		{"set into a JSON column", contract.TypeSet, "JSON", []any{"a", "b"}, `["a","b"]`},
		{"list into a JSONB column", contract.TypeList, "JSONB", []any{"b", json.Number("1")}, `["b","1"]`},
		{"a join that reads as a JSON array", contract.TypeSet, "TEXT", []any{"[1]"}, `["[1]"]`},
		{"list with numbers", contract.TypeList, "", []any{json.Number("1"), "x"}, "1;x"},
		{"json object", contract.TypeJSON, "", map[string]any{"b": json.Number("1.0"), "a": "<"}, `{"a":"<","b":1.0}`},
		{"json kept raw when invalid", contract.TypeJSON, "", "{oops", "{oops"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Encode(&contract.Field{Name: "f", Type: tc.typ}, tc.dbType, tc.in)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Encode(%#v) = %#v, %v; want %#v", tc.in, got, err, tc.want)
			}
		})
	}
}
