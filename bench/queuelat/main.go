// Command queuelat summarises `drift queue list --format json`: how many
// jobs completed, their throughput over a wall time, and the p50 and p99
// of their latency from enqueue to done.
//
//	drift queue list --format json | go run ./bench/queuelat -workers 2 -wall 41.2
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"
)

// job is the part of a listed job the summary reads.
type job struct {
	State      string     `json:"state"`
	EnqueuedAt time.Time  `json:"enqueued_at"`
	FinishedAt *time.Time `json:"finished_at"`
}

func main() {
	workers := flag.Int("workers", 1, "worker processes, for the row's label")
	wall := flag.Float64("wall", 0, "seconds from the workers' start to the last job done")
	header := flag.Bool("header", false, "print the header line only")
	flag.Parse()
	if *header {
		fmt.Printf("%-8s %-7s %-9s %-8s %-9s %s\n", "workers", "jobs", "wall_s", "jobs/s", "p50_s", "p99_s")
		return
	}
	var jobs []job
	if err := json.NewDecoder(os.Stdin).Decode(&jobs); err != nil {
		fmt.Fprintln(os.Stderr, "queuelat: reading the job list:", err)
		os.Exit(1)
	}
	var lat []float64
	for _, j := range jobs {
		if j.State == "completed" && j.FinishedAt != nil {
			lat = append(lat, j.FinishedAt.Sub(j.EnqueuedAt).Seconds())
		}
	}
	if len(lat) == 0 || *wall <= 0 {
		fmt.Fprintln(os.Stderr, "queuelat: no completed job, or no -wall")
		os.Exit(1)
	}
	slices.Sort(lat)
	q := func(p float64) float64 { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("%-8d %-7d %-9.1f %-8.1f %-9.1f %.1f\n", *workers, len(lat), *wall, float64(len(lat)) / *wall, q(0.50), q(0.99))
}
