package cmd

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/repair"
)

// quietFlag is scan's, plan's and apply's --quiet.
func quietFlag() cli.Flag {
	return &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"},
		Usage: "print nothing but errors; the exit code says the rest (-o FILE is still written)"}
}

// noColorFlag is the global --no-color; NO_COLOR does the same.
func noColorFlag() cli.Flag {
	return &cli.BoolFlag{Name: "no-color", Usage: "no colour, even on a terminal (as NO_COLOR=1)"}
}

// quieted is the IO a --quiet command runs with: stdout and stderr go
// nowhere, and no progress line is drawn. The error a command returns is
// still printed, on the process's stderr, and a question (apply's
// confirmation) is still asked there.
func quieted(sio *IO, quiet bool) *IO {
	if !quiet {
		return sio
	}
	q := *sio
	q.Prompt = sio.prompt()
	q.Out, q.Err = io.Discard, io.Discard
	q.OutTTY, q.ErrTTY = false, false
	return &q
}

// prompt is where questions go: stderr, even under --quiet.
func (s *IO) prompt() io.Writer {
	if s.Prompt != nil {
		return s.Prompt
	}
	return s.Err
}

// planExit is plan --detailed-exitcode's verdict on a complete plan: exit 1
// when it has ops or manual items, 0 when it has neither.
func planExit(plan *repair.Plan, detailed bool) error {
	if !detailed || (len(plan.Ops) == 0 && len(plan.Manual) == 0) {
		return nil
	}
	return &DriftError{Msg: fmt.Sprintf("the plan has %d ops and %d manual items", len(plan.Ops), len(plan.Manual))}
}
