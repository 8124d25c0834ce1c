package repair_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/proptest"
	"github.com/drift-sh/drift/internal/racecheck"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

const propConfig = `version: 1
contract:
  name: accounts
  version: 1
  key: [id]
  fields:
    id:         {type: string}
    email:      {type: string}
    score:      {type: int}
    status:     {type: enum, values: [active, suspended, closed], required: true}
    updated_at: {type: timestamp}
    tags:       {type: set}
  resolve:
    authority: primary
    clock: {field: updated_at, skew: 2s}
    missing: %s
    fields:
      email:  {strategy: lww}
      score:  {strategy: max}
      status: {strategy: majority}
      tags:   {strategy: union}
sources:
  primary: {type: file, path: primary.ndjson, writable: %v}
  replica: {type: file, path: replica.ndjson, writable: true}
  cache:   {type: file, path: cache.ndjson, writable: true}
`

var propSources = []string{"primary", "replica", "cache"}

// genReplicas draws three small replicas of the same records, and writes
// them with their config into a new folder.
func genReplicas(t *rapid.T, dir string) {
	missing := rapid.SampledFrom([]string{"authority", "keep", "manual"}).Draw(t, "missing")
	writable := rapid.Bool().Draw(t, "primaryWritable")
	write(t, filepath.Join(dir, "drift.yaml"), fmt.Sprintf(propConfig, missing, writable))
	for _, src := range propSources {
		var lines []string
		for _, id := range []string{"k1", "k2", "k3", "k4"} {
			if !rapid.Bool().Draw(t, src+id+"held") {
				continue
			}
			rec := map[string]any{
				"id":         id,
				"email":      rapid.SampledFrom([]string{"a@x.io", "b@x.io"}).Draw(t, "email"),
				"score":      rapid.IntRange(1, 3).Draw(t, "score"),
				"status":     rapid.SampledFrom([]string{"active", "closed"}).Draw(t, "status"),
				"updated_at": rapid.SampledFrom([]string{"2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "2026-01-01T01:00:00Z"}).Draw(t, "at"),
				"tags":       rapid.SampledFrom([][]string{nil, {"x"}, {"x", "y"}}).Draw(t, "tags"),
			}
			b, _ := json.Marshal(rec)
			lines = append(lines, string(b))
		}
		body := strings.Join(lines, "\n")
		if body != "" {
			body += "\n"
		}
		write(t, filepath.Join(dir, src+".ndjson"), body)
	}
}

func write(t interface{ Fatal(...any) }, path, body string) {
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixture is one scanned folder with its writers and a state store.
type fixture struct {
	cfg   *contract.Config
	srcs  []*scan.Opened
	res   *scan.Result
	store state.Store
}

func load(t testing.TB, dir string, store state.Store) *fixture {
	cfg, srcs, res := scanDir(t, dir)
	return &fixture{cfg: cfg, srcs: srcs, res: res, store: store}
}

func (f *fixture) plan(t testing.TB) *repair.Plan {
	p, err := repair.Build(repair.InputFromScan(f.cfg, f.srcs, f.res, nil))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) targets() map[string]sources.Writer {
	out := map[string]sources.Writer{}
	for _, o := range f.srcs {
		if w, ok := o.Writer(); ok {
			out[o.Name] = w
		}
	}
	return out
}

var runN int

func execOpts() repair.ExecOptions {
	runN++
	return repair.ExecOptions{RunID: fmt.Sprintf("run-%d", runN)}
}

func openStore(t testing.TB, dir string) state.Store {
	st, err := state.Open(context.Background(), filepath.Join(dir, ".drift", "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// divergence lists the ids of a scan's changed and missing drifts.
func divergence(r *diff.Report) []string {
	var out []string
	for _, d := range r.Drifts {
		if d.Kind != diff.Violation {
			out = append(out, d.ID)
		}
	}
	sort.Strings(out)
	return out
}

func readAll(t testing.TB, dir string) map[string]string {
	out := map[string]string{}
	for _, s := range propSources {
		b, err := os.ReadFile(filepath.Join(dir, s+".ndjson"))
		if err != nil {
			t.Fatal(err)
		}
		out[s] = string(b)
	}
	return out
}

// TestApplyLaws: plan then apply leaves only the drift the plan sent to
// manual; a second apply changes no byte; rollback restores the scan.
//
// Under -race it runs 25 checks unless -rapid.checks (or RAPID_CHECKS)
// asks for another number: the race detector makes each check several
// times slower, and what it looks for (a batch's journal goroutine against
// its staging) every check does alike; the 100 checks run without -race.
func TestApplyLaws(t *testing.T) {
	if racecheck.Enabled {
		proptest.Checks(t, 25)
	}
	rapid.Check(t, func(rt *rapid.T) {
		dir, err := os.MkdirTemp("", "drift-laws-")
		if err != nil {
			rt.Fatal(err)
		}
		defer os.RemoveAll(dir)
		genReplicas(rt, dir)
		st, err := state.Open(context.Background(), filepath.Join(dir, ".drift", "state.db"))
		if err != nil {
			rt.Fatal(err)
		}
		defer st.Close()
		before := load(t, dir, st)
		plan := before.plan(t)
		res, err := repair.Execute(context.Background(), plan, before.cfg.Contract, before.targets(), st, execOpts())
		if err != nil {
			rt.Fatal(err)
		}
		if res.Counts.Conflict+res.Counts.Failed > 0 || res.Status != state.StatusDone {
			rt.Fatalf("apply: %+v", res)
		}
		after := load(t, dir, st)
		manual := map[string]bool{}
		for _, m := range plan.Manual {
			manual[m.Drift] = true
		}
		for _, id := range divergence(after.res.Report) {
			if !manual[id] {
				rt.Fatalf("drift %s is left after apply but the plan did not send it to manual\nplan: %+v\nreport: %+v", id, plan, after.res.Report.Drifts)
			}
		}
		files := readAll(t, dir)
		again := load(t, dir, st)
		res2, err := repair.Execute(context.Background(), plan, again.cfg.Contract, again.targets(), st, execOpts())
		if err != nil || res2.Counts.Applied != 0 {
			rt.Fatalf("second apply wrote: %+v, %v", res2, err)
		}
		if got := readAll(t, dir); fmt.Sprint(got) != fmt.Sprint(files) {
			rt.Fatalf("second apply changed files")
		}
		if res.Counts.Applied == 0 {
			return
		}
		rb, err := repair.Rollback(context.Background(), res.RunID, again.cfg.Contract, again.targets(), st, execOpts())
		if err != nil || rb.Counts.Applied != res.Counts.Applied {
			rt.Fatalf("rollback: %+v, %v", rb, err)
		}
		restored := load(t, dir, st)
		if a, b := divergence(restored.res.Report), divergence(before.res.Report); fmt.Sprint(a) != fmt.Sprint(b) {
			rt.Fatalf("rollback left drifts %v, before apply %v", a, b)
		}
	})
}
