package rules

import (
	"encoding/json"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
)

func TestCheckTransition(t *testing.T) {
	tail := `  transitions:
    - name: closed-is-final
      rule: oldSelf.status != 'closed' || self.status == 'closed'
    - name: count-grows
      rule: self.count >= oldSelf.count
`
	r, c := compile(t, tail)
	rec := func(status string, count int) []any { return []any{status, json.Number(itoa(count))} }
	tests := []struct {
		name     string
		old, cur []any
		want     []string
	}{
		{"new record passes", nil, rec("closed", 1), nil},
		{"allowed change", rec("open", 1), rec("closed", 2), nil},
		{"reopened", rec("closed", 1), rec("open", 1), []string{`closed-is-final: oldSelf.status != 'closed' || self.status == 'closed' is false (status: "closed" -> "open")`}},
		{"both broken", rec("closed", 5), rec("open", 4), []string{"closed-is-final", "count-grows: self.count >= oldSelf.count is false (count: 5 -> 4)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var old []contract.Value
			if tt.old != nil {
				old = record(c, map[string]any{"id": "a", "status": tt.old[0], "count": tt.old[1]})
			}
			cur := record(c, map[string]any{"id": "a", "status": tt.cur[0], "count": tt.cur[1]})
			got := r.CheckTransition("a", old, cur)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %d violations", got, len(tt.want))
			}
			for i, w := range tt.want {
				if s := got[i].Rule + ": " + got[i].Message; !strings.HasPrefix(s, w) {
					t.Errorf("violation %d = %q, want %q", i, s, w)
				}
			}
		})
	}
}

// A transition that is always true never fires; one that is always false
// fires on every changed record and never on an unchanged one.
func TestTransitionLaws(t *testing.T) {
	r, c := compile(t, "  transitions:\n    - {name: never, rule: 'true'}\n    - {name: always, rule: 'false'}\n")
	gen := rapid.Custom(func(t *rapid.T) map[string]any {
		return map[string]any{
			"id":      "k",
			"name":    rapid.SampledFrom([]any{nil, "a", "b"}).Draw(t, "name"),
			"count":   rapid.SampledFrom([]any{nil, json.Number("1"), json.Number("2")}).Draw(t, "count"),
			"balance": rapid.SampledFrom([]any{nil, json.Number("1.0"), json.Number("1"), json.Number("1.5")}).Draw(t, "balance"),
			"tags":    rapid.SampledFrom([]any{nil, []any{"x"}, []any{"x", "y"}, []any{"y", "x"}}).Draw(t, "tags"),
		}
	})
	rapid.Check(t, func(t *rapid.T) {
		old, cur := record(c, gen.Draw(t, "old")), record(c, gen.Draw(t, "cur"))
		changed := !sameValues(old, cur)
		got := r.CheckTransition("a", old, cur)
		for _, v := range got {
			if v.Rule == "never" {
				t.Fatalf("a true transition fired: %+v", v)
			}
		}
		if fired := len(got) == 1; fired != changed {
			t.Fatalf("changed = %v but the false transition fired = %v (%+v)", changed, fired, got)
		}
		if again := r.CheckTransition("a", cur, cur); len(again) != 0 {
			t.Fatalf("an unchanged record fired: %+v", again)
		}
		if fresh := r.CheckTransition("a", nil, cur); len(fresh) != 0 {
			t.Fatalf("a new record fired: %+v", fresh)
		}
	})
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
