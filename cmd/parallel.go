package cmd

import (
	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/repair"
)

// parallelFlag is apply's and rollback's --parallel.
func parallelFlag() *cli.IntFlag {
	return &cli.IntFlag{
		Name: "parallel", Value: repair.DefaultParallel,
		Usage: "`N` ops in flight at once per database or API source, each on its own record (1: one at a time, in plan order); a file is rewritten once per run whatever N",
	}
}

// checkParallel refuses a --parallel below 1.
func checkParallel(n int) error {
	if n < 1 {
		return usagef("--parallel %d: give at least 1 (1 runs ops one at a time, in plan order)", n)
	}
	return nil
}
