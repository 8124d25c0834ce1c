package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/cmd"
)

// TestGenerateScansAndPlans runs the benchmark scenario small: the files
// bench/run.sh and bench/apply.sh time must load, scan with the expected
// kinds of drift, and plan.
func TestGenerateScansAndPlans(t *testing.T) {
	dir := t.TempDir()
	if err := generate(2000, dir, 7, 0.2, 0.1); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "drift.yaml")
	var out, errb bytes.Buffer
	code := cmd.Main([]string{"drift", "scan", "-c", cfg, "--format", "json", "--no-state"}, strings.NewReader(""), &out, &errb)
	if code != 1 {
		t.Fatalf("scan exit %d, want 1 (drift found): %s", code, errb.String())
	}
	var rep struct {
		Summary struct {
			Keys        int `json:"keys"`
			DriftedKeys int `json:"drifted_keys"`
			Changed     int `json:"changed"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	// 2000 rows, about 20% changed: a few hundred drifted keys.
	if rep.Summary.Keys < 2000 || rep.Summary.DriftedKeys < 200 || rep.Summary.DriftedKeys > 700 || rep.Summary.Changed == 0 {
		t.Fatalf("summary %+v does not look like the generated scenario", rep.Summary)
	}
	out.Reset()
	code = cmd.Main([]string{"drift", "plan", "-c", cfg, "--format", "json"}, strings.NewReader(""), &out, &errb)
	if code != 0 || !strings.Contains(out.String(), `"action":"update"`) {
		t.Fatalf("plan exit %d: %s", code, errb.String())
	}
}
