package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the PostgreSQL tables

	"github.com/drift-sh/drift/internal/testdb"
	"github.com/drift-sh/drift/queue"
	"github.com/drift-sh/drift/state"
)

// chaosCase is one chaos run: keys divergent keys, worked by workers
// processes while one of them is killed with SIGKILL every ~300 ms for
// killFor, and replaced.
type chaosCase struct {
	keys, workers int
	killFor       time.Duration
	// pg is the PostgreSQL DSN for the tables and the state store; empty
	// for SQLite tables and the embedded store.
	pg string
}

// chaosFull, when DRIFT_CHAOS_FULL=1, runs the chaos tests at SPEC's
// size (10,000 keys and 4 workers on PostgreSQL, 1,000 keys and 2
// workers on SQLite, kills for 20 s), as .ci/run does; a plain go test
// runs them smaller (1,000 keys, kills for 3-4 s).
var chaosFull = os.Getenv("DRIFT_CHAOS_FULL") == "1"

// TestQueueChaosSQLite is the chaos test on the embedded SQLite store.
func TestQueueChaosSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("kills workers for seconds")
	}
	c := chaosCase{keys: 1000, workers: 2, killFor: 3 * time.Second}
	if chaosFull {
		c.killFor = 20 * time.Second
	}
	runChaos(t, c)
}

// TestQueueChaosPostgres is the chaos test on PostgreSQL tables with the
// PostgreSQL state store.
func TestQueueChaosPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("kills workers for seconds")
	}
	c := chaosCase{keys: 1000, workers: 4, killFor: 4 * time.Second, pg: testdb.Postgres(t)}
	if chaosFull {
		c.keys, c.killFor = 10000, 20*time.Second
	}
	runChaos(t, c)
}

// runChaos builds two identical copies of the case's data: one is worked
// by the queue under kills, the other applied once with drift apply; both
// must end the same.
func runChaos(t *testing.T, c chaosCase) {
	ctx := context.Background()
	work := newChaosCopy(t, c, "work")
	ref := newChaosCopy(t, c, "ref")
	refPlan := ref.plan(t)
	runDrift(t, "apply", "-c", ref.config, "--state", ref.state, "--yes", "--quiet", ref.planFile)

	out := runDrift(t, "scan", "-c", work.config, "--state", work.state, "--enqueue")
	t.Logf("scan --enqueue: %s", strings.TrimSpace(out))
	start := time.Now()
	workers := startWorkers(t, work, c.workers)
	kills := workers.chaos(t, c.killFor)
	q, err := queue.Open(ctx, work.state)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	st := waitDrained(t, q, 3*time.Minute+time.Duration(c.keys)*50*time.Millisecond)
	workers.stop(t)
	t.Logf("%d keys, %d kills: drained in %s: %+v", c.keys, kills, time.Since(start).Round(time.Millisecond), st)
	if st.Available+st.Running+st.Retryable+st.Discarded != 0 {
		t.Errorf("queue status %+v: want every job completed, converged or manual", st)
	}
	after := work.plan(t)
	if len(after.Ops) != 0 || len(after.Manual) != len(refPlan.Manual) {
		t.Errorf("re-scan: %d ops, %d manual items; want 0 ops and the %d manual items of the first plan",
			len(after.Ops), len(after.Manual), len(refPlan.Manual))
	}
	checkJournal(t, q.Store, len(refPlan.Ops))
	if got, want := work.table(t), ref.table(t); got != want {
		t.Errorf("the worked table differs from the applied one:\nworked:  %.300s\napplied: %.300s", got, want)
	}
}

// checkJournal: every op applied at most once per (run, op) and per key,
// and as many applied writes as the plan had ops.
func checkJournal(t *testing.T, st state.Store, want int) {
	t.Helper()
	ctx := context.Background()
	runs, err := st.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	applied, perKey := 0, map[string]int{}
	perOp := map[string]int{}
	pending := 0
	for _, r := range runs {
		entries, err := st.Journal(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			switch e.Outcome {
			case state.OutcomeApplied:
				applied++
				perKey[e.Source+" "+string(e.Key)]++
				perOp[r.ID+" "+e.OpID]++
			case state.OutcomePending:
				pending++
			}
		}
	}
	for k, n := range perKey {
		if n > 1 {
			t.Errorf("key %s: applied %d times, want at most once", k, n)
		}
	}
	for k, n := range perOp {
		if n > 1 {
			t.Errorf("run and op %s: applied %d times, want at most once", k, n)
		}
	}
	if applied != want || pending != 0 {
		t.Errorf("journal: %d ops applied, %d left pending over %d runs; want %d applied (one per op of the plan), none pending",
			applied, pending, len(runs), want)
	}
}

// waitDrained waits until no job waits, runs or retries.
func waitDrained(t *testing.T, q *queue.Queue, limit time.Duration) queue.Status {
	t.Helper()
	var st queue.Status
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		var err error
		if st, err = q.Status(context.Background()); err != nil {
			t.Fatal(err)
		}
		if st.Available+st.Running+st.Retryable == 0 {
			return st
		}
	}
	t.Fatalf("the queue did not drain in %s: %+v", limit, st)
	return st
}

// runDrift runs the drift command and returns its stderr; a non-zero exit
// other than 1 (drift found) fails the test.
func runDrift(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("drift", args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		t.Fatalf("drift %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stderr.String()
}

// workerPool is the running drift worker processes.
type workerPool struct {
	c     *chaosCopy
	procs []*exec.Cmd
	// last is when the newest worker was started.
	last time.Time
}

// settle is how long a just-started worker may take to install its
// signal handler: a SIGTERM before that ends the process by the
// runtime's default action, not by drift's graceful stop.
const settle = 3 * time.Second

func startWorkers(t *testing.T, c *chaosCopy, n int) *workerPool {
	p := &workerPool{c: c}
	for range n {
		p.procs = append(p.procs, p.start(t))
	}
	return p
}

func (p *workerPool) start(t *testing.T) *exec.Cmd {
	t.Helper()
	cmd := exec.Command("drift", "worker", "-c", p.c.config, "--state", p.c.state, "--concurrency", "2", "--job-timeout", "3s")
	cmd.Stderr = &strings.Builder{}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p.last = time.Now()
	return cmd
}

// chaos kills a random worker with SIGKILL and starts a new one, every
// 200-400 ms for d, and returns how many it killed.
func (p *workerPool) chaos(t *testing.T, d time.Duration) int {
	kills := 0
	for end := time.Now().Add(d); time.Now().Before(end); kills++ {
		time.Sleep(time.Duration(200+randN(200)) * time.Millisecond)
		i := randN(len(p.procs))
		_ = p.procs[i].Process.Signal(syscall.SIGKILL)
		_ = p.procs[i].Wait()
		p.procs[i] = p.start(t)
	}
	return kills
}

// stop ends the workers with SIGTERM, once the newest has had time to
// start: each must exit 0.
func (p *workerPool) stop(t *testing.T) {
	time.Sleep(time.Until(p.last.Add(settle)))
	for _, cmd := range p.procs {
		_ = cmd.Process.Signal(syscall.SIGTERM)
	}
	for _, cmd := range p.procs {
		if err := cmd.Wait(); err != nil {
			t.Errorf("worker %d: %v\n%s", cmd.Process.Pid, err, cmd.Stderr)
		}
	}
}

func randN(n int) int {
	v, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return int(v.Int64())
}

// chaosCopy is one copy of a case's data: a config over two tables (a,
// the authority, and b, the writable one) and a state store.
type chaosCopy struct {
	dir, config, state, planFile string
	db                           *sql.DB
	table                        func(t *testing.T) string
}

// chaosConfig: a is the authority; note needs a person.
const chaosConfig = `version: 1
contract:
  name: chaos
  version: 1
  key: id
  fields:
    id:   {type: int}
    qty:  {type: int}
    note: {type: string}
  resolve:
    authority: a
    missing: authority
    fields:
      note: {strategy: manual}
sources:
  a: %s
  b: %s
`

func newChaosCopy(t *testing.T, c chaosCase, name string) *chaosCopy {
	t.Helper()
	cp := &chaosCopy{dir: filepath.Join(t.TempDir(), name)}
	if err := os.MkdirAll(cp.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cp.config, cp.planFile = filepath.Join(cp.dir, "drift.yaml"), filepath.Join(cp.dir, "plan.json")
	var a, b string
	if c.pg == "" {
		a, b = cp.sqliteTables(t)
		cp.state = filepath.Join(cp.dir, ".drift", "state.db")
	} else {
		a, b = cp.pgTables(t, c.pg)
	}
	seedChaos(t, cp.db, a, b, c.keys)
	srcA, srcB := fmt.Sprintf("{type: sqlite, path: a.db, table: %s}", a), fmt.Sprintf("{type: sqlite, path: b.db, table: %s, writable: true}", b)
	if c.pg != "" {
		srcA = fmt.Sprintf("{type: postgres, dsn: %q, table: %s}", c.pg, a)
		srcB = fmt.Sprintf("{type: postgres, dsn: %q, table: %s, writable: true}", c.pg, b)
	}
	if err := os.WriteFile(cp.config, fmt.Appendf(nil, chaosConfig, srcA, srcB), 0o644); err != nil {
		t.Fatal(err)
	}
	cp.table = func(t *testing.T) string { return dumpTable(t, cp.db, b) }
	return cp
}

// sqliteTables opens a.db with b.db attached, so that one handle seeds
// and reads both.
func (cp *chaosCopy) sqliteTables(t *testing.T) (string, string) {
	db, err := sql.Open("sqlite", filepath.Join(cp.dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`ATTACH DATABASE ? AS bdb`, filepath.Join(cp.dir, "b.db")); err != nil {
		t.Fatal(err)
	}
	cp.db = db
	return "items", "items"
}

// pgTables makes two tables and a state store schema, all dropped at
// the end.
func (cp *chaosCopy) pgTables(t *testing.T, dsn string) (string, string) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 5)
	rand.Read(b)
	id := "drift_chaos_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		for _, q := range []string{`DROP TABLE IF EXISTS ` + id + `_a`, `DROP TABLE IF EXISTS ` + id + `_b`, `DROP SCHEMA IF EXISTS ` + id + ` CASCADE`} {
			if _, err := db.Exec(q); err != nil {
				t.Error(err)
			}
		}
		db.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	qv := u.Query()
	qv.Set("schema", id)
	u.RawQuery = qv.Encode()
	cp.db, cp.state = db, u.String()
	return id + "_a", id + "_b"
}

// seedChaos fills a and b with keys records: per ten keys, one missing
// from b (an insert), five with another qty (an update), one with another
// note (manual only), one with both (an update and a manual item), two
// equal; and one extra record in b per twenty keys (a delete).
func seedChaos(t *testing.T, db *sql.DB, a, b string, keys int) {
	t.Helper()
	bt := b
	if a == b { // SQLite: b lives in the attached file
		bt = "bdb." + b
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tbl := range []string{a, bt} {
		if _, err := tx.Exec(`CREATE TABLE ` + tbl + ` (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, note TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
	}
	ins := func(tbl string, id, qty int, note string) {
		if _, err := tx.Exec(`INSERT INTO `+tbl+` (id, qty, note) VALUES ($1, $2, $3)`, id, qty, note); err != nil {
			t.Fatal(err)
		}
	}
	for i := range keys {
		ins(a, i, i, fmt.Sprintf("n%d", i))
		switch r := i % 10; {
		case r == 0:
		case r <= 5:
			ins(bt, i, i+1000, fmt.Sprintf("n%d", i))
		case r == 6:
			ins(bt, i, i, fmt.Sprintf("other%d", i))
		case r == 7:
			ins(bt, i, i+1000, fmt.Sprintf("other%d", i))
		default:
			ins(bt, i, i, fmt.Sprintf("n%d", i))
		}
		if i%20 == 9 {
			ins(bt, keys+i, 1, "extra")
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// dumpTable is the table's rows in key order, as text.
func dumpTable(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	if !strings.HasPrefix(table, "drift_chaos_") {
		table = "bdb." + table
	}
	rows, err := db.Query(`SELECT id, qty, note FROM ` + table + ` ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, qty int
		var note string
		if err := rows.Scan(&id, &qty, &note); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d,%d,%s;", id, qty, note)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// chaosPlan is the part of a plan the test counts.
type chaosPlan struct {
	Ops    []json.RawMessage `json:"ops"`
	Manual []json.RawMessage `json:"manual"`
}

// plan writes the copy's plan to its plan file and reads it.
func (cp *chaosCopy) plan(t *testing.T) chaosPlan {
	t.Helper()
	runDrift(t, "plan", "-c", cp.config, "-o", cp.planFile)
	b, err := os.ReadFile(cp.planFile)
	if err != nil {
		t.Fatal(err)
	}
	var p chaosPlan
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p
}
