package scan

import (
	"context"
	"sync"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/sources"
)

// rereadable lists the sources that can read records again by position:
// the engine keeps only hashes and positions for them.
func rereadable(srcs []*Opened) []int {
	var out []int
	for i, o := range srcs {
		if rr, ok := o.Source.(sources.Rereader); ok && rr.Rereadable() {
			out = append(out, i)
		}
	}
	return out
}

// reread reads again, concurrently per source, the records the engine
// needs for its field-level diff. A source that fails to do so (its data
// changed during the scan) is failed like one that could not be read, and
// the engine is asked again, since the keys to look at may change.
func reread(ctx context.Context, eng *diff.Engine, srcs []*Opened, statuses []diff.SourceStatus) {
	for range len(srcs) + 1 {
		needs := eng.Needs()
		if len(needs) == 0 {
			return
		}
		errs := make([]error, len(needs))
		var wg sync.WaitGroup
		for n, need := range needs {
			rr := srcs[need.Source].Source.(sources.Rereader)
			wg.Go(func() {
				errs[n] = rr.Reread(ctx, need.Locs, func(rec contract.Record) error {
					return eng.AddDetail(need.Source, rec)
				})
			})
		}
		wg.Wait()
		ok := true
		for n, err := range errs {
			if err != nil {
				i := needs[n].Source
				failed(eng, i, srcs[i], &statuses[i], err)
				ok = false
			}
		}
		if ok || ctx.Err() != nil {
			return
		}
	}
}
