package cmd

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files")

var planIDText = regexp.MustCompile(`plan sha256:[0-9a-f]{64}`)

// TestPlanTableGolden prints the plans of two repair fixtures, one with a
// multi-field update and a manual item, one with inserts and deletes.
func TestPlanTableGolden(t *testing.T) {
	for _, name := range []string{"multi-field", "authority", "not-writable"} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			sio := &IO{Out: &out, Err: &out, Getenv: func(string) (string, bool) { return "", false },
				Now: func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }}
			err := runPlan(context.Background(), PlanOptions{IO: sio, Config: filepath.Join("..", "repair", "testdata", name, "drift.yaml"), Format: "table"})
			if err != nil {
				t.Fatal(err)
			}
			// plan_id hashes the config's absolute path, which depends on
			// where the repository is checked out.
			got := planIDText.ReplaceAll(out.Bytes(), []byte("plan sha256:<plan_id>"))
			golden := filepath.Join("testdata", "plan-"+name+".golden")
			if *updateGolden {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
