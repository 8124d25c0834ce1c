package repair_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/rules"
	"github.com/drift-sh/drift/scan"

	_ "github.com/drift-sh/drift/sources/file"
)

var update = flag.Bool("update", false, "rewrite the golden want-plan.json files")

// scanDir scans the config in dir.
func scanDir(t testing.TB, dir string) (*contract.Config, []*scan.Opened, *scan.Result) {
	t.Helper()
	cfg, err := contract.Load(filepath.Join(dir, "drift.yaml"), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	srcs, err := scan.Open(cfg)
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	t.Cleanup(func() { scan.CloseAll(srcs) })
	res, err := scan.Run(context.Background(), cfg, srcs, scan.Options{})
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	return cfg, srcs, res
}

func planDir(t testing.TB, dir string) *repair.Plan {
	t.Helper()
	in, _ := inputDir(t, dir)
	p, err := repair.Build(in)
	if err != nil {
		t.Fatalf("plan %s: %v", dir, err)
	}
	return p
}

// inputDir scans the config in dir and gathers the planner's input, with
// the contract's CEL rules, as drift plan does.
func inputDir(t testing.TB, dir string) (repair.Input, *scan.Result) {
	t.Helper()
	cfg, srcs, res := scanDir(t, dir)
	in := repair.InputFromScan(cfg, srcs, res, nil)
	in.ConfigPath = "" // the golden plans do not depend on where the tree is
	r, err := rules.New(cfg.Contract)
	if err != nil {
		t.Fatalf("rules %s: %v", dir, err)
	}
	in.Expr = r.Resolve
	if len(cfg.Contract.Invariants) > 0 {
		in.Rules = r
	}
	if len(cfg.Contract.Transitions) > 0 {
		in.Transitions = r
	}
	return in, res
}

// TestPlanFixtures runs every testdata/<case>: the plan of its drift.yaml
// must equal want-plan.json byte for byte.
func TestPlanFixtures(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*/drift.yaml")
	if len(dirs) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range dirs {
		dir := filepath.Dir(f)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got, err := planDir(t, dir).Marshal()
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(dir, "want-plan.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("plan differs from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

func TestPlanIsDeterministic(t *testing.T) {
	a, _ := planDir(t, "testdata/authority").Marshal()
	b, _ := planDir(t, "testdata/authority").Marshal()
	if !bytes.Equal(a, b) {
		t.Fatalf("two plans of the same input differ:\n%s\n%s", a, b)
	}
}

func TestReadPlan(t *testing.T) {
	p := planDir(t, "testdata/authority")
	p.Config = "/srv/a/drift.yaml"
	if err := p.Seal(); err != nil {
		t.Fatal(err)
	}
	good, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    string
		wantErr string
	}{
		{"round trip", string(good), ""},
		{"edited value", strings.Replace(string(good), `"new@x.io"`, `"evil@x.io"`, 1), "plan file was modified"},
		{"dropped op", strings.Replace(string(good), `"action":"delete"`, `"action":"insert"`, 1), "plan file was modified"},
		{"wrong schema", strings.Replace(string(good), repair.PlanSchema, "drift.plan/v0", 1), `schema "drift.plan/v0"`},
		{"not json", "{", "not a drift plan"},
		{"edited config", strings.Replace(string(good), `"config": "/srv/a/drift.yaml"`, `"config": "/srv/b/drift.yaml"`, 1), "plan file was modified"},
		{"unknown op member", strings.Replace(string(good), `"action":"delete"`, `"action":"delete","path":"/etc/passwd"`, 1), `member drift does not write, "path"`},
		{"unknown top member", strings.Replace(string(good), `"schema"`, `"target":"x","schema"`, 1), `member drift does not write, "target"`},
		{"unknown reason member", strings.Replace(string(good), `"strategy":`, `"extra":1,"strategy":`, 1), `member drift does not write, "extra"`},
		{"duplicate set member", strings.Replace(string(good), `"set":{`, `"set":{"email":"x@x.io",`, 1), `member "email" appears twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name != "round trip" && tt.data == string(good) {
				t.Fatal("the edit did not change the plan")
			}
			p, err := repair.ReadPlan([]byte(tt.data))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				again, _ := p.Marshal()
				if !bytes.Equal(again, good) {
					t.Errorf("re-marshalled plan differs:\n%s\n%s", again, good)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
