package repair_test

import (
	"strings"
	"testing"

	"github.com/drift-sh/drift/repair"
)

// A decision whose value a source that takes no write does not hold
// cannot converge: the drift is still there after the apply.
func TestUnsettled(t *testing.T) {
	tests := []struct {
		name string
		pick pick
		want string // "" when the sources would agree
	}{
		{"the replica's value while the read-only primary keeps another", take("eu/a-11", "status", "cache"),
			`cannot converge: "primary" (not writable) keeps suspended`},
		{"the primary's value", take("eu/a-11", "status", "primary"), ""},
		{"the proposal, which follows the primary", accept("eu/a-11", "status"), ""},
		{"an edit the primary does not hold", edit("eu/a-17", "email", `"b@x.io"`), `"primary" (not writable) keeps a@x.io`},
		{"an edit to what the primary holds", edit("eu/a-17", "email", `"a@x.io"`), ""},
		{"a skip writes nothing", choose("eu/a-11", "status", repair.ChoiceSkip), ""},
		{"a missing key is not a field", take("eu/a-09", "replica", "cache"), ""},
	}
	in, res := inputDir(t, "../examples/accounts")
	a := repair.NewAmender(in)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := decisionsOf(t, res, []pick{tc.pick})[0]
			got := a.Unsettled(d)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("Unsettled = %q, want %q", got, tc.want)
			}
		})
	}
}
