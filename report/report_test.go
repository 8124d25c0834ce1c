package report

import (
	"reflect"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	tests := []struct {
		format string
		want   Writer
	}{
		{"table", &TableWriter{Options: Options{Width: 80}}},
		{"json", &JSONWriter{}},
		{"ndjson", &NDJSONWriter{}},
		{"markdown", &MarkdownWriter{}},
		{"junit", &JUnitWriter{}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			got, err := New(tt.format, Options{Width: 80})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("New(%q) = %#v, want %#v", tt.format, got, tt.want)
			}
		})
	}
	if len(tests) != len(Formats) {
		t.Errorf("Formats lists %d formats, the test %d", len(Formats), len(tests))
	}
}

func TestNewUnknown(t *testing.T) {
	for _, f := range []string{"", "xml", "JSON", "csv"} {
		_, err := New(f, Options{})
		if err == nil {
			t.Fatalf("New(%q) gave no error", f)
		}
		msg := err.Error()
		if !strings.Contains(msg, "table, json, ndjson, markdown, junit") || !strings.Contains(msg, `"`+f+`"`) {
			t.Errorf("New(%q) error %q should name the format and list the known ones", f, msg)
		}
	}
}

func TestDisplayValue(t *testing.T) {
	tests := []struct {
		name, raw, want string
		null            bool
	}{
		{"string", `"a@x.io"`, "a@x.io", false},
		{"null", `null`, "null", true},
		{"absent", ``, "null", true},
		{"the string null", `"null"`, `"null"`, false},
		{"empty string", `""`, `""`, false},
		{"padded string", `" a "`, `" a "`, false},
		{"newline", `"a\nb"`, `"a\nb"`, false},
		{"number", `12.5`, "12.5", false},
		{"array", `["a","b"]`, `["a","b"]`, false},
		{"unicode", `"日本"`, "日本", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, null := displayValue([]byte(tt.raw))
			if got != tt.want || null != tt.null {
				t.Errorf("displayValue(%s) = %q, %v; want %q, %v", tt.raw, got, null, tt.want, tt.null)
			}
		})
	}
}

func TestKeyString(t *testing.T) {
	k := key("region", "eu", "account_id", "a-17", "shard", num("7"))
	if got := keyString(k); got != "region=eu,account_id=a-17,shard=7" {
		t.Errorf("keyString = %q", got)
	}
}
