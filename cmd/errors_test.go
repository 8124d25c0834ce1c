package cmd

import (
	"fmt"
	"testing"

	"github.com/drift-sh/drift/repair"
)

// A plan repair.Apply refuses exits 2 (bad plan file or contract
// mismatch), even when a command wraps it as a failed run.
func TestRefusedPlanExitsUsage(t *testing.T) {
	refused := fmt.Errorf("%w: plan was made under contract a v1", repair.ErrRefused)
	for _, err := range []error{refused, &SourceError{Err: refused}} {
		if got := ExitCode(err); got != ExitUsage {
			t.Errorf("ExitCode(%v) = %d, want %d", err, got, ExitUsage)
		}
	}
}
