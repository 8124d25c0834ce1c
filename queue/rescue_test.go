package queue

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// stall is a source whose reads of one key never return: the worker that
// holds a job over it is mid-job for as long as it lives.
type stallWriter struct {
	sources.Source
	sources.Writer
	marker string
}

// Get marks that the worker holds a job, and never returns.
func (s stallWriter) Get(ctx context.Context, key []any) (contract.Record, bool, error) {
	_ = os.WriteFile(s.marker, nil, 0o644)
	select {}
}

// TestKilledWorkerHelper is TestKilledWorker's child: a worker on the
// queue in $DRIFT_KILL_STORE whose reads stall, after writing the marker
// file, until it is killed.
func TestKilledWorkerHelper(t *testing.T) {
	dir, where := os.Getenv("DRIFT_KILL_DIR"), os.Getenv("DRIFT_KILL_STORE")
	if dir == "" {
		t.Skip("only run as TestKilledWorker's child")
	}
	q, err := Open(context.Background(), where)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{dir: dir}
	h := f.handler(t, q)
	w, ok := h.Sources[0].Source.(sources.Writer)
	if !ok {
		t.Fatal("the fixture's source cannot read one key")
	}
	h.Sources[0].Source = stallWriter{Source: h.Sources[0].Source, Writer: w, marker: filepath.Join(dir, "working")}
	_ = q.Work(context.Background(), h, WorkOptions{JobTimeout: killTimeout})
}

// killTimeout is the job timeout of TestKilledWorker's workers.
const killTimeout = 5 * time.Second

// TestKilledWorker kills a worker process with SIGKILL in the middle of a
// job and checks that another worker, started after the kill, finishes
// the job within the bound: the job timeout, RescueMargin, RescueInterval
// and a fetch poll, 10 s here (the test allows twice that). River's
// elected leader is a third client that works another queue and outlives
// the kill, as in a fleet where the killed worker is not the leader: its
// rescuer passes only every 30 s.
func TestKilledWorker(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the job timeout")
	}
	ctx := context.Background()
	f := newFixture(t, csv("k1,1,x", "k2,2,y"), csv("k1,1,x", "k2,20,y"))
	where := filepath.Join(t.TempDir(), ".drift", "state.db")
	q, err := Open(ctx, where)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	startLeader(t, q)
	if n, err := Enqueue(ctx, q, f.jobs(t)); err != nil || n.Enqueued != 1 {
		t.Fatalf("enqueue = %+v, %v; want 1 job", n, err)
	}
	killed := killWorkerMidJob(t, f.dir, where)
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- q.Work(wctx, f.handler(t, q), WorkOptions{JobTimeout: killTimeout}) }()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	jobs := waitFinished(t, q, 90*time.Second)
	took := time.Since(killed)
	t.Logf("the killed worker's job was finished by another worker %s after the kill", took.Round(100*time.Millisecond))
	bound := killTimeout + RescueMargin + RescueInterval + time.Second
	if took > 2*bound {
		t.Errorf("the job was finished %s after its worker was killed, want within %s", took, bound)
	}
	if j := jobs[0]; j.State != "completed" || j.Attempts != 2 || !strings.Contains(j.LastError, "rescued") {
		t.Errorf("job = %+v; want completed on attempt 2, the killed attempt's error saying it was rescued", j)
	}
	if got, want := f.read(t, "b.csv"), f.read(t, "a.csv"); got != want {
		t.Errorf("b.csv = %q, want %q", got, want)
	}
}

// startLeader starts a River client that becomes the queue's leader (it
// is the first) and works only another queue.
func startLeader(t *testing.T, q *Queue) {
	t.Helper()
	c, err := q.backend.newClient(&river.Config{
		Queues:  map[string]river.QueueConfig{"idle": {MaxWorkers: 1}},
		Workers: workers(nil), JobTimeout: killTimeout, RescueStuckJobsAfter: killTimeout + RescueMargin,
		Logger: quietLogger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
}

// killWorkerMidJob starts a worker process whose job stalls, kills it with
// SIGKILL once it holds the job, and returns the time of the kill.
func killWorkerMidJob(t *testing.T, dir, where string) time.Time {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWorkerHelper$")
	cmd.Env = append(os.Environ(), "DRIFT_KILL_DIR="+dir, "DRIFT_KILL_STORE="+where)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(dir, "working")
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(marker); err == nil {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatal("the child worker did not take the job in 60 s")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	var ee *exec.ExitError
	if err := cmd.Wait(); !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child worker: %v, want killed by SIGKILL", err)
	}
	return killed
}

// waitFinished waits until no job waits, runs or retries, and lists them.
func waitFinished(t *testing.T, q *Queue, limit time.Duration) []Job {
	t.Helper()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		jobs, err := q.Jobs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		open := 0
		for _, j := range jobs {
			if j.State == "available" || j.State == "running" || j.State == "retryable" {
				open++
			}
		}
		if open == 0 {
			return jobs
		}
	}
	t.Fatalf("jobs still open after %s", limit)
	return nil
}
