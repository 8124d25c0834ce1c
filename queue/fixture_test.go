package queue

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	_ "github.com/drift-sh/drift/sources/all"
)

// configYAML: a is the authority, b the writable copy; note is manual.
const configYAML = `version: 1
contract:
  name: items
  version: %d
  key: [id]
  fields:
    id:   {type: string}
    qty:  {type: int}
    note: {type: string}
  resolve:
    authority: a
    fields:
      note: {strategy: manual}
sources:
  a: {type: file, path: a.csv}
  b: {type: file, path: b.csv, writable: true}
`

// fixture is a config folder with two CSV files.
type fixture struct {
	dir string
}

func newFixture(t *testing.T, a, b string) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir()}
	f.write(t, "drift.yaml", fmt.Sprintf(configYAML, 1))
	f.write(t, "a.csv", a)
	f.write(t, "b.csv", b)
	return f
}

func (f *fixture) write(t *testing.T, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(f.dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// openQueue opens the queue at where, or in the fixture's own state store
// when where is empty, and closes it when the test ends.
func (f *fixture) openQueue(t *testing.T, where string) *Queue {
	t.Helper()
	if where == "" {
		where = filepath.Join(f.dir, ".drift", "state.db")
	}
	q, err := Open(context.Background(), where)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

// open loads the config and its sources.
func (f *fixture) open(t *testing.T) (*contract.Config, []*scan.Opened) {
	t.Helper()
	cfg, err := scan.Load(filepath.Join(f.dir, "drift.yaml"), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := scan.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { scan.CloseAll(srcs) })
	return cfg, srcs
}

// jobs scans and returns the jobs a --enqueue would make.
func (f *fixture) jobs(t *testing.T) []Args {
	t.Helper()
	cfg, srcs := f.open(t)
	res, err := scan.Run(context.Background(), cfg, srcs, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := repair.Build(repair.InputFromScan(cfg, srcs, res, nil))
	if err != nil {
		t.Fatal(err)
	}
	return Jobs(cfg.Contract, res, plan, time.Now())
}

// handler is a worker's handler over the fixture's current config.
func (f *fixture) handler(t *testing.T, q *Queue) *Handler {
	t.Helper()
	cfg, srcs := f.open(t)
	return &Handler{Contract: cfg.Contract, Sources: srcs, Journal: q.Store, ConfigPath: cfg.File}
}

// drain works the queue until no job waits, runs or retries.
func drain(t *testing.T, q *Queue, h *Handler, concurrency int) Status {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- q.Work(ctx, h, WorkOptions{Concurrency: concurrency, PollInterval: 50 * time.Millisecond})
	}()
	deadline := time.Now().Add(60 * time.Second)
	var st Status
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		var err error
		if st, err = q.Status(context.Background()); err != nil {
			t.Fatal(err)
		}
		if st.Available+st.Running+st.Retryable == 0 {
			break
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return st
}

func csv(rows ...string) string { return "id,qty,note\n" + strings.Join(rows, "\n") + "\n" }
