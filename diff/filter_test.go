package diff

import (
	"encoding/json"
	"testing"
)

func TestFilterMatch(t *testing.T) {
	key := Key{{Field: "region", Value: json.RawMessage(`"eu"`)}, {Field: "id", Value: json.RawMessage(`"a-1"`)}}
	changed := Drift{Kind: Changed, Key: key, Field: "email", Values: Values{{Source: "primary"}, {Source: "replica"}}}
	missing := Drift{Kind: Missing, Key: key, Source: "cache"}
	eu := Key{{Field: "region", Value: json.RawMessage(`"eu"`)}}
	us := Key{{Field: "region", Value: json.RawMessage(`"us"`)}}
	cases := []struct {
		name   string
		f      Filter
		d      Drift
		expect bool
	}{
		{"zero keeps all", Filter{}, missing, true},
		{"part of the key", Filter{Key: eu}, changed, true},
		{"other key", Filter{Key: us}, changed, false},
		{"source among the values", Filter{Source: "replica"}, changed, true},
		{"source lacking the key", Filter{Source: "cache"}, missing, true},
		{"other source", Filter{Source: "cache"}, changed, false},
		{"field", Filter{Field: "email"}, changed, true},
		{"a missing key has no field", Filter{Field: "email"}, missing, false},
		{"all at once", Filter{Key: eu, Source: "primary", Field: "email"}, changed, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f.Match(c.d); got != c.expect {
				t.Errorf("Match = %v, want %v", got, c.expect)
			}
		})
	}
}

func TestReportFiltered(t *testing.T) {
	k1 := Key{{Field: "id", Value: json.RawMessage(`"1"`)}}
	k2 := Key{{Field: "id", Value: json.RawMessage(`"2"`)}}
	r := &Report{Summary: Summary{Keys: 5}, Drifts: []Drift{
		{Kind: Changed, Key: k1, Field: "email", Values: Values{{Source: "a"}, {Source: "b"}}},
		{Kind: Missing, Key: k2, Source: "b"},
		{Kind: Violation, Key: k2, Source: "a", Field: "email", Rule: "enum"},
	}}
	if r.Filtered(Filter{}) != r {
		t.Error("the zero filter should return the report itself")
	}
	got := r.Filtered(Filter{Field: "email"})
	want := Summary{Keys: 5, DriftedKeys: 1, Changed: 1, Violations: 1, ByField: map[string]int{"email": 1}}
	if s := got.Summary; s.Keys != want.Keys || s.DriftedKeys != want.DriftedKeys || s.Changed != want.Changed ||
		s.Missing != 0 || s.Violations != want.Violations || s.ByField["email"] != 1 || s.Filter == nil || s.Filter.Field != "email" {
		t.Errorf("summary %+v, want %+v with the filter", s, want)
	}
	if len(got.Drifts) != 2 || len(r.Drifts) != 3 {
		t.Errorf("kept %d drifts (report still has %d), want 2 (3)", len(got.Drifts), len(r.Drifts))
	}
	if s := (Filter{Key: k1, Source: "b", Field: "email"}).String(); s != "--key id=1 --source b --field email" {
		t.Errorf("String = %q", s)
	}
}
