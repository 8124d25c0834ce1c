package repair

import (
	"runtime"
	"sync"
)

// inRuns splits the indexes 0..n-1 into one run per core (a single run
// below 1,024) and calls fn(run, lo, hi) for each on a goroutine of its
// own, returning once all have: for work on a large plan's ops that
// needs no order between them. It returns the number of runs, which
// fn's run numbers index.
func inRuns(n int, fn func(run, lo, hi int)) int {
	runs := min(maxRuns(), max(1, n/1024))
	per := (n + runs - 1) / runs
	var wg sync.WaitGroup
	for r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(r, min(r*per, n), min((r+1)*per, n))
		}()
	}
	wg.Wait()
	return runs
}

// maxRuns is the most runs inRuns makes.
func maxRuns() int { return runtime.GOMAXPROCS(0) }
