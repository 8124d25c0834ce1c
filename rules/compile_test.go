package rules

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
)

func TestCompileErrors(t *testing.T) {
	// Line 20 of the generated config is the first line after the fields.
	tests := []struct {
		name string
		tail string
		want []string // line:col: message fragment
	}{
		{"syntax error in a plain scalar", "  invariants:\n    - name: r\n      rule: self.count >\n",
			[]string{"22:25: rule \"r\": Syntax error: mismatched input '<EOF>'"}},
		{"syntax error in a quoted scalar", "  invariants:\n    - name: r\n      rule: \"self.count + + )\"\n",
			[]string{"22:27: rule \"r\": Syntax error: mismatched input '+'"}},
		{"error on a block scalar's second line", "  invariants:\n    - name: r\n      rule: |\n        self.count > 0 &&\n          self.nme == 'x'\n",
			[]string{"24:11: rule \"r\": field \"nme\" is not declared under fields; did you mean \"name\"?"}},
		{"undeclared field", "  invariants:\n    - {name: r, rule: self.count > 0 && self.bogus_field == 1}\n",
			[]string{"21:41: rule \"r\": field \"bogus_field\" is not declared"}},
		{"ignored field", "  invariants:\n    - {name: r, rule: \"self['notes'] == ''\"}\n",
			[]string{"21:", "field \"notes\" has ignore: true"}},
		{"type error", "  invariants:\n    - {name: r, rule: \"'a' + 1 == 'a1'\"}\n",
			[]string{"21:", "found no matching overload for '_+_' applied to '(string, int)'"}},
		{"not a bool", "  invariants:\n    - {name: r, rule: \"'a' + 'b'\"}\n",
			[]string{"21:24: rule \"r\" gives string, not a bool"}},
		{"undeclared variable", "  transitions:\n    - {name: t, rule: old.count == self.count}\n",
			[]string{"21:23: rule \"t\": undeclared reference to 'old'"}},
		{"oldSelf in an invariant", "  invariants:\n    - {name: r, rule: oldSelf.count == 1}\n",
			[]string{"undeclared reference to 'oldSelf'"}},
		{"bad expr", "  resolve:\n    fields:\n      count: {strategy: expr, expr: \"values.a +\"}\n",
			[]string{"22:", "resolve: fields: \"count\": expr: Syntax error"}},
		{"expr reads an undeclared field", "  resolve:\n    fields:\n      count: {strategy: expr, expr: \"records.a.cnt\"}\n",
			[]string{"22:", "field \"cnt\" is not declared"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := load(t, tt.tail)
			_, err := New(c)
			var le *contract.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *contract.LoadError", err)
			}
			got := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("error %q\ndoes not contain %q", got, w)
				}
			}
			if !strings.HasPrefix(got, c.File+":") {
				t.Errorf("error %q does not start with the file name", got)
			}
		})
	}
}

func TestCompileReportsEveryProblem(t *testing.T) {
	tail := "  invariants:\n    - {name: a, rule: self.x > 0}\n    - {name: b, rule: self.count >}\n  transitions:\n    - {name: c, rule: self.y == oldSelf.y}\n"
	_, err := New(load(t, tail))
	var le *contract.LoadError
	if !errors.As(err, &le) || len(le.Problems) != 4 {
		t.Fatalf("got %v, want 4 problems (x, syntax, y twice)", err)
	}
}

func TestCompileWithoutTheFile(t *testing.T) {
	c := load(t, "  invariants:\n    - {name: r, rule: self.nope}\n")
	if err := os.Remove(c.File); err != nil {
		t.Fatal(err)
	}
	_, err := New(c)
	if err == nil || !strings.Contains(err.Error(), filepath.Base(c.File)+":21:") {
		t.Fatalf("got %v, want a position on line 21 even without the file", err)
	}
}
