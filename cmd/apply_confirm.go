package cmd

import (
	"fmt"
	"strings"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/report"
)

// confirmOps is how many ops apply's confirmation shows; it counts the rest.
const confirmOps = 20

// confirmApply asks before apply writes: on a terminal, without --yes, it
// first shows what will be written, the plan's ops table (the first
// confirmOps ops, then a count of the rest), then asks. Elsewhere only
// --yes allows writing (see confirm).
func confirmApply(sio *IO, yes bool, plan *repair.Plan) error {
	if !yes && sio.InTTY {
		tw := &report.PlanTableWriter{Options: report.Options{Width: tableWidth(sio)}, Max: confirmOps}
		if err := tw.WritePlan(sio.prompt(), plan); err != nil {
			return err
		}
		fmt.Fprintln(sio.prompt())
	}
	question := fmt.Sprintf("apply %d ops of plan %s to %s?", len(plan.Ops), plan.PlanID, strings.Join(planSources(plan), ", "))
	return confirm(sio, yes, question)
}
