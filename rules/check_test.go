package rules

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckInvariants(t *testing.T) {
	base := map[string]any{
		"id": "a-1", "name": " Ann ", "count": json.Number("3"), "balance": json.Number("0.1"),
		"limit": json.Number("0.2"), "ratio": json.Number("0.5"), "active": true, "status": "open",
		"at": "2024-05-01T10:00:00Z", "tags": []any{"vip", "eu"}, "steps": "a;b;c",
		"attrs": map[string]any{"tier": "gold", "n": json.Number("1.0"), "deep": map[string]any{"x": json.Number("2")}},
	}
	tests := []struct {
		name string
		rule string
		want bool // the rule holds
	}{
		{"string equals", `self.name == " Ann "`, true},
		{"string function", `self.name.trim() == "Ann"`, true},
		{"int compare", `self.count > 2 && self.count < 4`, true},
		{"int arithmetic", `self.count * 2 == 6`, true},
		{"decimal sum is exact", `self.balance + self.limit == 0.3`, true},
		{"decimal sum literal on the left", `0.3 == self.balance + self.limit`, true},
		{"decimal literal on the left", `0 <= self.balance`, true},
		{"decimal against int", `self.balance < 1`, true},
		{"decimal from string", `self.balance * 3 == decimal("0.3")`, true},
		{"decimal subtraction", `self.limit - self.balance == self.balance`, true},
		{"decimal negation", `-self.balance < 0`, true},
		{"decimal division", `self.limit / self.balance == 2`, true},
		{"decimal not equal", `self.balance != 0.1`, false},
		{"float compare", `self.ratio == 0.5`, true},
		{"bool", `self.active`, true},
		{"enum is a string", `self.status in ["open", "closed"]`, true},
		{"timestamp compare", `self.at > timestamp("2024-01-01T00:00:00Z")`, true},
		{"timestamp equal", `self.at == timestamp("2024-05-01T10:00:00Z")`, true},
		{"timestamp accessor", `self.at.getFullYear() == 2024`, true},
		{"set membership", `"vip" in self.tags`, true},
		{"set non-membership", `"us" in self.tags`, false},
		{"set is sorted list", `self.tags == ["eu", "vip"]`, true},
		{"list order", `self.steps[0] == "a" && size(self.steps) == 3`, true},
		{"json map", `self.attrs.tier == "gold"`, true},
		{"json number exact", `self.attrs.n == 1`, true},
		{"json nested", `self.attrs.deep.x + 1 == 3`, true},
		{"has present", `has(self.balance)`, true},
		{"has absent key", `!has(self.attrs.missing)`, true},
		{"exists macro", `self.tags.exists(t, t.startsWith("v"))`, true},
		{"false rule", `self.count > 5`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tail := "  invariants:\n    - name: r\n      rule: '" + strings.ReplaceAll(tt.rule, "'", "''") + "'\n"
			r, c := compile(t, tail)
			got := r.Check("a", record(c, base))
			if holds := len(got) == 0; holds != tt.want {
				t.Fatalf("rule %s: holds = %v, want %v; violations %+v", tt.rule, holds, tt.want, got)
			}
		})
	}
}

func TestCheckMessages(t *testing.T) {
	tail := `  invariants:
    - name: non-negative
      rule: self.balance >= 0
    - name: custom
      rule: self.count < 10
      message: too many
      severity: warning
    - name: missing
      rule: self.limit > 0
    - name: divide
      rule: self.count / (self.count - self.count) == 1
    - name: no-key
      rule: self.attrs.nope == 1
`
	r, c := compile(t, tail)
	got := r.Check("a", record(c, map[string]any{
		"id": "a-1", "balance": json.Number("-5"), "count": json.Number("12"), "attrs": map[string]any{},
	}))
	want := map[string]struct{ msg, severity string }{
		"non-negative": {"self.balance >= 0 is false (balance = -5)", "error"},
		"custom":       {"too many", "warning"},
		"missing":      {`rule "missing" could not be evaluated: no such key: limit (limit = null; rule: self.limit > 0)`, "error"},
		"divide":       {`rule "divide" could not be evaluated: division by zero (count = 12; rule: self.count / (self.count - self.count) == 1)`, "error"},
		"no-key":       {`rule "no-key" could not be evaluated: no such key: nope (attrs = {}; rule: self.attrs.nope == 1)`, "error"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d violations, want %d: %+v", len(got), len(want), got)
	}
	for _, v := range got {
		w, ok := want[v.Rule]
		if !ok {
			t.Errorf("unexpected violation %+v", v)
			continue
		}
		if v.Message != w.msg || v.Severity != w.severity {
			t.Errorf("%s: got %q (%s), want %q (%s)", v.Rule, v.Message, v.Severity, w.msg, w.severity)
		}
	}
}

func TestCheckCostLimit(t *testing.T) {
	tail := `  invariants:
    - name: expensive
      rule: self.steps.all(a, self.steps.all(b, self.steps.all(c, a + b + c != "")))
`
	r, c := compile(t, tail)
	steps := make([]any, 200)
	for i := range steps {
		steps[i] = "s" + strings.Repeat("x", i%5)
	}
	got := r.Check("a", record(c, map[string]any{"id": "a-1", "steps": steps}))
	if len(got) != 1 || got[0].Rule != "expensive" || !strings.Contains(got[0].Message, "cost limit") {
		t.Fatalf("got %+v, want the rule stopped at the cost limit", got)
	}
	small := r.Check("a", record(c, map[string]any{"id": "a-1", "steps": []any{"a", "b"}}))
	if len(small) != 0 {
		t.Fatalf("a cheap evaluation of the same rule was stopped: %+v", small)
	}
}
