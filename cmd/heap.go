package cmd

import (
	"os"

	"github.com/drift-sh/drift/internal/hugeheap"
	"github.com/drift-sh/drift/scan"
)

// Inputs from this size up make a run's heap large enough to be worth
// huge pages (internal/hugeheap): a plan file of 4 MiB holds about 10,000
// ops, and a scan or plan of 16 MiB of files about 130,000 records (a
// plan of those may make 60,000 ops).
// Below them, preparing the heap (6–9 ms) would cost more than it saves.
const (
	bigPlanFile = 4 << 20
	bigRun      = 10_000 // ops a rollback undoes
	bigFiles    = 16 << 20
)

// growHeapForSources prepares a large heap for a scan or a plan of srcs
// when they are large.
func growHeapForSources(srcs []*scan.Opened) {
	if largeSources(srcs) {
		hugeheap.Grow()
	}
}

// largeSources reports whether srcs may be large: some source is not a
// file (a database, Redis or an API may be of any size), or the files
// hold bigFiles bytes or more in all.
func largeSources(srcs []*scan.Opened) bool {
	var total int64
	for _, o := range srcs {
		f, ok := o.Source.(interface{ Size() int64 })
		if !ok {
			return true
		}
		total += f.Size()
	}
	return total >= bigFiles
}

// growHeapForPlan prepares a large heap for an apply of a large plan file.
func growHeapForPlan(path string) {
	if st, err := os.Stat(path); err == nil && st.Size() >= bigPlanFile {
		hugeheap.Grow()
	}
}

// growHeapForRollback prepares a large heap for a rollback of many ops.
func growHeapForRollback(applied int) {
	if applied >= bigRun {
		hugeheap.Grow()
	}
}
