package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestWatchLaggingReplica is a replica that follows its primary late: a
// writer copies each changed row of primary.csv to replica.csv between
// 0.16 s and 0.52 s after the watch first sees it differ (under the grace of
// 3 s) for keys 1-7, and never for keys 8-10. `drift watch --interval 1s
// --grace 3s` must report exactly keys 8, 9 and 10 persistent, once each,
// and count seven convergences in drift_convergence_seconds.
func TestWatchLaggingReplica(t *testing.T) {
	if testing.Short() {
		t.Skip("runs drift watch for about 8 s")
	}
	const keys, lagging = 10, 7
	dir := t.TempDir()
	cfg := pairContract(t, dir)
	primary, replica := filepath.Join(dir, "primary.csv"), filepath.Join(dir, "replica.csv")
	v0 := func(int) string { return "v0" }
	writeAtomic(t, primary, rows(keys, v0))
	writeAtomic(t, replica, rows(keys, v0))
	w := startWatch(t, cfg, "--interval", "1s", "--grace", "3s")

	writeAtomic(t, primary, rows(keys, func(int) string { return "v1" }))
	eventually(t, 10*time.Second, "the watch to see every key differ", func() bool {
		return w.metric(t, "drift_open") == keys
	})
	var (
		mu      sync.Mutex
		applied = map[int]bool{}
		wg      sync.WaitGroup
	)
	for id := 1; id <= lagging; id++ {
		wg.Add(1)
		time.AfterFunc(time.Duration(100+id*60)*time.Millisecond, func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			applied[id] = true
			writeAtomic(t, replica, rows(keys, func(id int) string {
				if applied[id] {
					return "v1"
				}
				return "v0"
			}))
		})
	}
	wg.Wait()

	eventually(t, 15*time.Second, "the stuck keys to be reported persistent", func() bool {
		return len(w.lines("drift persistent")) >= keys-lagging && w.metric(t, "drift_open") == keys-lagging
	})
	// One more cycle, so that a late alert would show.
	scans := len(w.lines("scan finished"))
	eventually(t, 5*time.Second, "one more scan", func() bool { return len(w.lines("scan finished")) > scans })

	var alerted []string
	for _, l := range w.lines("drift persistent") {
		alerted = append(alerted, fmt.Sprint(l["key"]))
	}
	sort.Strings(alerted)
	if got, want := strings.Join(alerted, " "), "map[id:10] map[id:8] map[id:9]"; got != want {
		t.Errorf("drift persistent for %s, want %s (keys 8-10, once each)\n%s", got, want, w.logText())
	}
	if got := w.metric(t, "drift_convergence_seconds_count"); got != lagging {
		t.Errorf("drift_convergence_seconds_count = %v, want %d (the lagging keys)", got, lagging)
	}
	if got := w.metric(t, "drift_alerts_total"); got != keys-lagging {
		t.Errorf("drift_alerts_total = %v, want %d", got, keys-lagging)
	}
}
