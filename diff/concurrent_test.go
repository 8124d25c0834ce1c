package diff

import (
	"reflect"
	"sync"
	"testing"

	"github.com/drift-sh/drift/contract"
)

// TestAddConcurrent feeds each source from its own goroutine, as a scan
// does, and expects the same result as feeding them one after another. Run
// with -race.
func TestAddConcurrent(t *testing.T) {
	recs := benchRecords(2000, 3)
	names := []string{"primary", "replica", "cache"}
	want, wantSum := run(t, benchContract(), names, recs, nil, WithChecker(countingChecker{}))

	e := New(benchContract(), names, WithChecker(countingChecker{}))
	var wg sync.WaitGroup
	for s, rs := range recs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range rs {
				e.Add(s, r)
			}
		}()
	}
	wg.Wait()
	got, gotSum := e.Result()
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotSum, wantSum) {
		t.Fatalf("concurrent Add gave %d drifts %+v, sequential %d drifts %+v", len(got), gotSum, len(want), wantSum)
	}
	if len(want) == 0 {
		t.Fatal("no drifts: the test data should differ between sources")
	}
}

// countingChecker breaks a rule on every record whose visits are 0.
type countingChecker struct{}

func (countingChecker) Check(source string, values []contract.Value) []RuleViolation {
	if values[5].JSON == "0" {
		return []RuleViolation{{Rule: "visited", Field: "visits", Message: "never visited"}}
	}
	return nil
}
