package queue

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/internal/testdb"
)

// statusCounts: Status, counted in the database, agrees with the jobs
// listed one by one, with a job in each final state: written, converged
// (b fixed before it was worked), manual, and discarded by a person.
func statusCounts(t *testing.T, where string) {
	ctx := context.Background()
	f := newFixture(t, csv("k1,1,x", "k2,2,y", "k3,3,z", "k4,4,w"), csv("k1,10,x", "k2,20,y", "k3,30,other", "k4,40,w"))
	q, err := Open(ctx, where)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if _, err := Enqueue(ctx, q, f.jobs(t)); err != nil {
		t.Fatal(err)
	}
	jobs, err := q.Jobs(ctx)
	if err != nil || len(jobs) != 4 {
		t.Fatalf("jobs = %d, %v; want 4", len(jobs), err)
	}
	if st, err := q.Status(ctx); err != nil || st != (Status{Schema: StatusSchema, Available: 4}) {
		t.Fatalf("status before working = %+v, %v; want 4 available", st, err)
	}
	if _, err := q.Discard(ctx, jobs[0].ID); err != nil {
		t.Fatal(err)
	}
	f.write(t, "b.csv", csv("k1,10,x", "k2,2,y", "k3,30,other", "k4,40,w"))
	st := drain(t, q, f.handler(t, q), 1)
	want := Status{Schema: StatusSchema, Completed: 1, Converged: 1, Manual: 1, Discarded: 1}
	if st != want {
		t.Errorf("status = %+v, want %+v", st, want)
	}
	if jobs, err = q.Jobs(ctx); err != nil {
		t.Fatal(err)
	}
	if listed := statusOf(jobs); listed != st {
		t.Errorf("status counted in the database = %+v; from the jobs listed = %+v", st, listed)
	}
}

func TestStatusCountsSQLite(t *testing.T) {
	statusCounts(t, filepath.Join(t.TempDir(), ".drift", "state.db"))
}

func TestStatusCountsPostgres(t *testing.T) {
	statusCounts(t, postgresSchema(t, testdb.Postgres(t)))
}
