package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// TestConfirmApplyShowsOps: on a terminal apply shows the first 20 ops and
// counts the rest before it asks; with --yes, or off a terminal, it shows
// nothing.
func TestConfirmApplyShowsOps(t *testing.T) {
	plan := &repair.Plan{PlanID: "sha256:abc", Contract: diff.ContractRef{Name: "accounts", Version: 3}}
	for i := range 25 {
		plan.Ops = append(plan.Ops, repair.Op{Source: "replica", Action: repair.ActionDelete,
			Key: diff.Key{{Field: "id", Value: json.RawMessage(fmt.Sprintf(`"k-%02d"`, i))}}})
	}
	var errb bytes.Buffer
	sio := &IO{In: strings.NewReader("n\n"), Err: &errb, InTTY: true, Width: 80}
	err := confirmApply(sio, false, plan)
	if ExitCode(err) != ExitUsage {
		t.Fatalf("answer n: %v, want not confirmed (exit 2)", err)
	}
	out := errb.String()
	for _, want := range []string{"25 ops, 0 manual", "replica  k-19", "… and 5 more ops", "apply 25 ops of plan sha256:abc to replica? [y/N] "} {
		if !strings.Contains(out, want) {
			t.Errorf("the confirmation lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "k-20") {
		t.Errorf("the confirmation shows more than 20 ops:\n%s", out)
	}
	errb.Reset()
	if err := confirmApply(sio, true, plan); err != nil || errb.Len() != 0 {
		t.Errorf("--yes: %v, stderr %q; want no question and no table", err, errb.String())
	}
}
