package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
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

// A plan saved with -o shows at most planTableCap ops, then a count of the
// rest; printed without -o it shows every op.
func TestPlanTableCap(t *testing.T) {
	p := &repair.Plan{PlanID: "sha256:x"}
	for i := range planTableCap + 5 {
		p.Ops = append(p.Ops, repair.Op{Source: "r", Action: "delete",
			Key: diff.Key{{Field: "id", Value: json.RawMessage(strconv.Itoa(i))}}})
	}
	var capped, full bytes.Buffer
	writePlanTable(&capped, p, planTableCap)
	writePlanTable(&full, p, 0)
	if !strings.Contains(capped.String(), "… and 5 more ops") || strings.Contains(capped.String(), "\nr  "+strconv.Itoa(planTableCap)+" ") {
		t.Errorf("capped table:\n%s", capped.String())
	}
	if strings.Count(full.String(), "delete") != planTableCap+5 {
		t.Errorf("full table has %d rows, want %d", strings.Count(full.String(), "delete"), planTableCap+5)
	}
}
