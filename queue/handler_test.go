package queue

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertest"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// versioned gives a source a fixed snapshot version.
type versioned struct {
	sources.Source
	sources.Writer
	v string
}

func (s versioned) Version(context.Context) (string, error) { return s.v, nil }

// work runs one job through h with River's test worker, on a River
// database of its own (the store's file is left to the handler).
func work(t *testing.T, h *Handler, a Args) (*rivertest.WorkResult, Output) {
	t.Helper()
	return riverWorker(t, river.Worker[Args](h))(t, a)
}

// riverWorker makes a River database and returns a function that works
// one job through w with River's test worker, and its recorded output.
func riverWorker(t *testing.T, worker river.Worker[Args]) func(t *testing.T, a Args) (*rivertest.WorkResult, Output) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", state.SQLiteDSN(filepath.Join(t.TempDir(), "river.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	d := riversqlite.New(db)
	m, err := rivermigrate.New(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		t.Fatal(err)
	}
	w := rivertest.NewWorker(t, d, &river.Config{RetryPolicy: Backoff{Base: 1, Cap: 1}}, worker)
	return func(t *testing.T, a Args) (*rivertest.WorkResult, Output) {
		t.Helper()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		res, err := w.Work(ctx, t, tx, a, nil)
		if err != nil && res == nil {
			t.Fatal(err)
		}
		var meta struct {
			Output Output `json:"output"`
		}
		_ = json.Unmarshal(res.Job.Metadata, &meta)
		return res, meta.Output
	}
}

func TestHandler(t *testing.T) {
	a := csv("k1,1,x", "k2,2,y")
	tests := []struct {
		name string
		b    string
		// change runs after the job is made, before it is worked.
		change    func(t *testing.T, f *fixture, h *Handler, job *Args)
		event     river.EventKind
		outcome   string
		wantB     string
		errSubstr string
	}{
		{name: "written", b: csv("k1,1,x", "k2,20,y"), event: river.EventKindJobCompleted, outcome: OutcomeWritten, wantB: a},
		{name: "converged", b: csv("k1,1,x", "k2,20,y"),
			change: func(t *testing.T, f *fixture, _ *Handler, _ *Args) { f.write(t, "b.csv", a) },
			event:  river.EventKindJobCompleted, outcome: OutcomeConverged, wantB: a},
		{name: "manual field: the rest written, the job held for a person", b: csv("k1,1,x", "k2,20,yy"),
			event: river.EventKindJobCancelled, outcome: OutcomeManual, wantB: csv("k1,1,x", "k2,2,yy"), errSubstr: "manual: note"},
		{name: "contract changed: resolved under the current one", b: csv("k1,1,x", "k2,20,y"),
			change: func(t *testing.T, f *fixture, h *Handler, _ *Args) {
				f.write(t, "drift.yaml", strings.Replace(f.read(t, "drift.yaml"), "version: 1\n  key", "version: 2\n  key", 1))
				*h = *f.handler(t, &Queue{Store: h.Journal.(state.Store)})
			},
			event: river.EventKindJobCompleted, outcome: OutcomeWritten, wantB: a},
		{name: "unreachable source: retried", b: csv("k1,1,x", "k2,20,y"),
			change: func(t *testing.T, f *fixture, _ *Handler, _ *Args) {
				os.Remove(filepath.Join(f.dir, "b.csv"))
				os.Mkdir(filepath.Join(f.dir, "b.csv"), 0o755)
			},
			event: river.EventKindJobFailed, errSubstr: `source "b" could not be read`},
		{name: "version went backwards: retried", b: csv("k1,1,x", "k2,20,y"),
			change: func(t *testing.T, f *fixture, h *Handler, job *Args) {
				o := h.Sources[1]
				o.Source = versioned{Source: o.Source, Writer: o.Source.(sources.Writer), v: "0/10"}
				job.Sources[1].Version = "0/20"
			},
			event: river.EventKindJobFailed, wantB: csv("k1,1,x", "k2,20,y"), errSubstr: "behind the 0/20"},
		{name: "source leased by a live run: put back", b: csv("k1,1,x", "k2,20,y"),
			change: func(t *testing.T, _ *fixture, h *Handler, _ *Args) {
				if _, err := h.Journal.AcquireLease(context.Background(), state.Lease{RunID: "other"}, []string{"b"}, state.LeaseTTL); err != nil {
					t.Fatal(err)
				}
			},
			event: river.EventKindJobSnoozed, wantB: csv("k1,1,x", "k2,20,y")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, a, tt.b)
			q := f.openQueue(t, "")
			jobs := f.jobs(t)
			if len(jobs) != 1 {
				t.Fatalf("jobs = %d, want 1", len(jobs))
			}
			h := f.handler(t, q)
			if tt.change != nil {
				tt.change(t, f, h, &jobs[0])
			}
			res, out := work(t, h, jobs[0])
			if res.EventKind != tt.event || out.Outcome != tt.outcome {
				t.Fatalf("event %s, outcome %q; want %s, %q (errors %+v)", res.EventKind, out.Outcome, tt.event, tt.outcome, res.Job.Errors)
			}
			if tt.errSubstr != "" && (len(res.Job.Errors) == 0 || !strings.Contains(res.Job.Errors[len(res.Job.Errors)-1].Error, tt.errSubstr)) {
				t.Errorf("errors %+v, want one with %q", res.Job.Errors, tt.errSubstr)
			}
			if tt.wantB != "" {
				if got := f.read(t, "b.csv"); got != tt.wantB {
					t.Errorf("b.csv = %q, want %q", got, tt.wantB)
				}
			}
		})
	}
}

func TestBehind(t *testing.T) {
	tests := []struct {
		now, was string
		want     bool
	}{
		{"0/10", "0/20", true}, {"1/0", "0/FFFFFFFF", false}, {"0/20", "0/20", false},
		{"5", "7", true}, {"sha256:ab", "sha256:cd", false}, {"", "0/20", false}, {"0/10", "", false},
	}
	for _, tt := range tests {
		if got := behind(tt.now, tt.was); got != tt.want {
			t.Errorf("behind(%q, %q) = %v, want %v", tt.now, tt.was, got, tt.want)
		}
	}
}

// TestRereadBesideAnotherJobsStagedWrite: a job re-reading its key while
// another job's write to the same file is staged, not yet flushed, reads
// the file as stored and leaves that staged write alone: both jobs'
// writes reach the file. (A re-read that went through the other job's
// batch made it read every record again, over the one it had staged a
// write to, and the flush left that write out while the journal said
// applied.)
func TestRereadBesideAnotherJobsStagedWrite(t *testing.T) {
	ctx := context.Background()
	a := csv("k1,1,x", "k2,2,y", "k3,3,z")
	f := newFixture(t, a, csv("k1,1,x", "k2,20,y", "k3,30,z"))
	q := f.openQueue(t, "")
	jobs := f.jobs(t)
	if len(jobs) != 2 {
		t.Fatalf("jobs = %d, want 2 (k2, k3)", len(jobs))
	}
	h := f.handler(t, q)
	defer h.closeSession(ctx)
	staged, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	h.Trace = func(_ repair.Op, s repair.Stage) {
		if s == repair.StageBegun {
			once.Do(func() { close(staged); <-release })
		}
	}
	first := make(chan Output, 1)
	go func() {
		_, out := work(t, h, jobs[0])
		first <- out
	}()
	<-staged
	key, err := keyValues(h.Contract, jobs[1].Key)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := h.reread(ctx, jobs[1], key)
	close(release)
	if err != nil {
		t.Fatal(err)
	}
	if out := <-first; out.Outcome != OutcomeWritten {
		t.Fatalf("the first job's outcome = %q, want written", out.Outcome)
	}
	if drifts, _ := rd.engine.Result(); len(drifts) != 1 || drifts[0].Field != "qty" {
		t.Errorf("the re-read of %s gave drifts %+v, want qty changed", keyText(jobs[1].Key), drifts)
	}
	if got := f.read(t, "b.csv"); !strings.Contains(got, "k2,2,y\n") {
		t.Fatalf("b.csv = %q: the first job's write is lost", got)
	}
	if _, out := work(t, h, jobs[1]); out.Outcome != OutcomeWritten {
		t.Fatalf("the second job's outcome = %q, want written", out.Outcome)
	}
	if got := f.read(t, "b.csv"); got != a {
		t.Errorf("b.csv = %q, want %q", got, a)
	}
}
