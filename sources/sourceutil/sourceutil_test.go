package sourceutil

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
)

func testContract() *contract.Contract {
	fields := []*contract.Field{
		{Name: "id", Type: contract.TypeInt},
		{Name: "region", Type: contract.TypeString},
		{Name: "score", Type: contract.TypeDecimal},
		{Name: "tags", Type: contract.TypeSet},
		{Name: "doc", Type: contract.TypeJSON},
	}
	for i, f := range fields {
		f.Index = i
	}
	return &contract.Contract{Name: "accounts", Version: 1, Key: []int{0, 1}, Fields: fields}
}

func TestText(t *testing.T) {
	c := testContract()
	tags, doc := c.Fields[3], c.Fields[4]
	tx := Texter{Holder: "a cell", Refusal: "this value cannot be written as text"}
	cases := []struct {
		name  string
		field *contract.Field
		in    any
		want  string
		err   string
	}{
		{"null is empty", tags, nil, "", ""},
		{"string as is", tags, "a<b", "a<b", ""},
		{"number literal", tags, json.Number("12.50"), "12.50", ""},
		{"bool", tags, true, "true", ""},
		{"set joined", tags, []any{"a", "b"}, "a;b", ""},
		{"member with separator", tags, []any{"a;b"}, "", `field "tags": member "a;b" contains ";", which separates members in a cell; this value cannot be written as text`},
		{"a join that reads as a JSON array is written as one", tags, []any{`["a","b"]`}, `["[\"a\",\"b\"]"]`, ""},
		{"a join that is not valid JSON stays joined", tags, []any{"[a", "b]"}, "[a;b]", ""},
		{"json array stays json", doc, []any{"a", json.Number("1")}, `["a",1]`, ""},
		{"json object sorted, no html escaping", doc, map[string]any{"b": "<", "a": nil}, `{"a":null,"b":"<"}`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tx.Text(tc.field, tc.in)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Text(%v) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestTextUsesJSON(t *testing.T) {
	tx := Texter{JSON: func(any) (string, error) { return "", errors.New("no json") }}
	if _, err := tx.Text(testContract().Fields[4], map[string]any{}); err == nil || err.Error() != "no json" {
		t.Fatalf("error %v, want the JSON func's", err)
	}
}

func TestJSONTextInvalidNumber(t *testing.T) {
	_, err := JSONText(json.Number("1x"))
	if err == nil || !strings.HasPrefix(err.Error(), "cannot write json.Number as JSON") {
		t.Fatalf("error %v", err)
	}
}

func TestIsJSONNumber(t *testing.T) {
	cases := map[string]bool{"1": true, "-0.5": true, "1e3": true, "": false, "+1": false, "1x": false, "NaN": false, "01": false}
	for in, want := range cases {
		if got := IsJSONNumber(in); got != want {
			t.Errorf("IsJSONNumber(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestNumberStyled(t *testing.T) {
	c := testContract()
	score, region := c.Fields[2], c.Fields[1]
	cases := []struct {
		name  string
		field *contract.Field
		cur   any
		in    any
		want  any
	}{
		{"decimal becomes a number", score, json.Number("1"), "2.50", json.Number("2.50")},
		{"absent becomes a number", score, nil, "2.50", json.Number("2.50")},
		{"stored as a string stays one", score, "1", "2.50", "2.50"},
		{"not a number stays a string", score, nil, "abc", "abc"},
		{"string field untouched", region, nil, "12", "12"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := NumberStyled(tc.field, tc.cur, tc.in); got != tc.want {
				t.Fatalf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}
