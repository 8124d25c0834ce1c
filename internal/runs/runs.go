// Package runs splits work on many independent items between the cores.
package runs

import (
	"runtime"
	"sync"
)

// Min is the fewest items a run is given: below twice this, the work
// stays on one goroutine.
const Min = 1024

// Each splits the indexes 0..n-1 into one run per core (fewer when a run
// would get under Min items, and one for fewer) and calls fn(run, lo, hi)
// for each on a goroutine of its own, returning once all have: for work
// on items that needs no order between them. It returns the number of
// runs, which fn's run numbers index, at most Max().
func Each(n int, fn func(run, lo, hi int)) int {
	runs := min(Max(), max(1, n/Min))
	per := (n + runs - 1) / runs
	var wg sync.WaitGroup
	for r := range runs {
		wg.Go(func() { fn(r, min(r*per, n), min((r+1)*per, n)) })
	}
	wg.Wait()
	return runs
}

// Max is the most runs Each makes: the cores at start. It is read once,
// so that slices a caller sizes by it before Each still fit the runs
// should GOMAXPROCS change meanwhile (the runtime follows a container's
// CPU limit).
func Max() int { return maxRuns }

var maxRuns = runtime.GOMAXPROCS(0)
