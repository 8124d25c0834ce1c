package runs

import "testing"

// Each hands every index to exactly one run, in runs of consecutive
// indexes, numbered below what it returns.
func TestEach(t *testing.T) {
	for _, n := range []int{0, 1, Min - 1, 2 * Min, 5*Min + 3} {
		seen := make([]int32, n)
		owner := make([]int, n)
		got := Each(n, func(run, lo, hi int) {
			for i := lo; i < hi; i++ {
				seen[i]++
				owner[i] = run
			}
		})
		if want := min(Max(), max(1, n/Min)); got != want {
			t.Errorf("Each(%d) made %d runs, want %d", n, got, want)
		}
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("Each(%d): index %d given %d times", n, i, c)
			}
			if owner[i] >= got || i > 0 && owner[i] < owner[i-1] {
				t.Fatalf("Each(%d): index %d in run %d after run %d", n, i, owner[i], owner[max(i-1, 0)])
			}
		}
	}
}
