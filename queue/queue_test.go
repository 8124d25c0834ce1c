package queue

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver for cleanup

	"github.com/drift-sh/drift/internal/testdb"
	"github.com/drift-sh/drift/state"
)

// roundTrip enqueues a scan's drift twice, works the queue and checks that
// every key converged through runs of kind worker.
func roundTrip(t *testing.T, where string) {
	ctx := context.Background()
	f := newFixture(t, csv("k1,1,x", "k2,2,y", "k3,3,z"), csv("k1,1,x", "k2,20,y", "k3,30,z"))
	q := f.openQueue(t, where)
	jobs := f.jobs(t)
	if len(jobs) != 2 {
		t.Fatalf("jobs = %d, want 2 (k2, k3)", len(jobs))
	}
	n, err := Enqueue(ctx, q, jobs)
	if err != nil || n != (Enqueued{Enqueued: 2}) {
		t.Fatalf("first enqueue = %+v, %v; want 2 enqueued", n, err)
	}
	n, err = Enqueue(ctx, q, f.jobs(t))
	if err != nil || n != (Enqueued{AlreadyQueued: 2}) {
		t.Fatalf("second enqueue = %+v, %v; want 2 already queued", n, err)
	}
	st := drain(t, q, f.handler(t, q), 2)
	if want := (Status{Schema: StatusSchema, Completed: 2}); st != want {
		t.Fatalf("status = %+v, want %+v", st, want)
	}
	if got, want := f.read(t, "b.csv"), f.read(t, "a.csv"); got != want {
		t.Fatalf("b.csv = %q, want %q", got, want)
	}
	listed, err := q.Jobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range listed {
		if j.FinishedAt == nil || j.FinishedAt.Before(j.EnqueuedAt) {
			t.Errorf("job %d: enqueued at %s, finished at %v; want a finish time after the enqueue", j.ID, j.EnqueuedAt, j.FinishedAt)
		}
	}
	runs, err := q.Store.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 {
		t.Fatalf("runs = %d, want one for the worker process", len(runs))
	}
	if r := runs[0]; r.Kind != state.KindWorker || r.Status != state.StatusDone || r.Counts.Applied != 2 {
		t.Errorf("run %s: kind %s, status %s, counts %+v; want a done worker run with both jobs' ops applied", r.ID, r.Kind, r.Status, r.Counts)
	}
	if leases, err := q.Store.Leases(ctx); err != nil || len(leases) != 0 {
		t.Errorf("leases after the worker stopped: %+v, %v; want none", leases, err)
	}
	// The drift is gone: a new scan enqueues nothing.
	if jobs := f.jobs(t); len(jobs) != 0 {
		t.Fatalf("jobs after draining = %d, want 0", len(jobs))
	}
}

func TestQueueSQLite(t *testing.T) {
	roundTrip(t, filepath.Join(t.TempDir(), ".drift", "state.db"))
}

func TestQueuePostgres(t *testing.T) {
	roundTrip(t, postgresSchema(t, testdb.Postgres(t)))
}

// postgresSchema returns dsn pointed at a fresh schema that is dropped when
// the test ends.
func postgresSchema(t *testing.T, dsn string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "drift_queue_test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Error(err)
			return
		}
		defer db.Close()
		if _, err := db.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("DRIFT_TEST_POSTGRES must be a postgres:// URL: %v", err)
	}
	q := u.Query()
	q.Set("schema", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
