package diff

import (
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/drift-sh/drift/contract"
	"pgregory.net/rapid"
)

// TestPropLocatedRounds drives a located engine as scan/reread does:
// rounds of Needs, AddDetail concurrently per source (records in random
// order, with extra records not asked for), a source failed between
// rounds, and compares with an engine holding every row, failed alike.
func TestPropLocatedRounds(t *testing.T) {
	c := testContract()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 4).Draw(t, "sources")
		recs, mem, loc := locatedPair(t, c, n)
		shuffle := rapid.Bool().Draw(t, "shuffle")
		extra := rapid.Bool().Draw(t, "extra")
		for round := 0; round < n+1; round++ {
			needs := loc.Needs()
			if len(needs) == 0 {
				break
			}
			feeds := make([][]contract.Record, len(needs))
			for i, need := range needs {
				if !slices.IsSorted(need.Locs) {
					t.Fatalf("locs not sorted: %v", need.Locs)
				}
				var f []contract.Record
				for _, p := range need.Locs {
					f = append(f, withValues(recs[need.Source][p]))
				}
				if extra && len(recs[need.Source]) > 0 {
					for range rapid.IntRange(0, 3).Draw(t, "extras") {
						p := rapid.IntRange(0, len(recs[need.Source])-1).Draw(t, "extra pos")
						at := rapid.IntRange(0, len(f)).Draw(t, "extra at")
						f = slices.Insert(f, at, withValues(recs[need.Source][p]))
					}
				}
				if shuffle {
					f = rapid.Permutation(f).Draw(t, "order")
				}
				feeds[i] = f
			}
			errs := make([]error, len(needs))
			var wg sync.WaitGroup
			for i, need := range needs {
				wg.Go(func() {
					for _, r := range feeds[i] {
						if err := loc.AddDetail(need.Source, r); err != nil {
							errs[i] = err
							return
						}
					}
				})
			}
			wg.Wait()
			failed := false
			for i, err := range errs {
				if err != nil && !extra {
					t.Fatalf("AddDetail of asked records (shuffle %v): %v", shuffle, err)
				}
				if err != nil {
					loc.Fail(needs[i].Source)
					mem.Fail(needs[i].Source)
					failed = true
				}
			}
			if !failed && rapid.Bool().Draw(t, "fail one") {
				s := rapid.IntRange(0, n-1).Draw(t, "failed source")
				loc.Fail(s)
				mem.Fail(s)
			}
		}
		wantDrifts, wantSum := mem.Result()
		gotDrifts, gotSum := loc.Result()
		if !reflect.DeepEqual(gotDrifts, wantDrifts) || !reflect.DeepEqual(gotSum, wantSum) {
			t.Fatalf("located:\n%v %+v\nin memory:\n%v %+v", lines(gotDrifts), gotSum, lines(wantDrifts), wantSum)
		}
	})
}
