// Command cmpreport says whether two drift.report/v1 files are the same
// apart from their run ids, times, source versions and the times drifts
// were first seen.
//
//	go run ./bench/cmpreport A.json B.json
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: cmpreport A.json B.json")
		os.Exit(2)
	}
	a, b := load(os.Args[1]), load(os.Args[2])
	if !bytes.Equal(a, b) {
		fmt.Println("reports differ")
		os.Exit(1)
	}
	fmt.Println("reports identical apart from run ids, times and versions")
}

func load(path string) []byte {
	raw, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cmpreport:", err)
		os.Exit(2)
	}
	var r map[string]any
	if err := json.Unmarshal(raw, &r); err != nil {
		fmt.Fprintf(os.Stderr, "cmpreport: %s: %v\n", path, err)
		os.Exit(2)
	}
	delete(r, "run_id")
	delete(r, "started_at")
	delete(r, "finished_at")
	if srcs, ok := r["sources"].([]any); ok {
		for _, s := range srcs {
			if m, ok := s.(map[string]any); ok {
				delete(m, "version")
			}
		}
	}
	if drifts, ok := r["drifts"].([]any); ok {
		for _, d := range drifts {
			if m, ok := d.(map[string]any); ok {
				delete(m, "first_seen") // each run's own state store dates it
			}
		}
	}
	out, _ := json.Marshal(r)
	return out
}
