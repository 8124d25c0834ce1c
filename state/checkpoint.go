package state

import (
	"context"
	"database/sql"
	"sync"
)

// checkpointer copies what SQLite's write-ahead log holds into the
// database file on a goroutine of its own, after each commit, so that the
// writer does not stop to do it. Left to itself SQLite checkpoints in the
// committing connection once the log passes wal_autocheckpoint pages, and
// once more when the store closes: in an apply of 100,000 ops that stalled
// the journal about 0.4 s mid-run and the exit another 0.2 s. A passive
// checkpoint runs beside the writer and never blocks it; the writer's own
// automatic checkpoint stays as the fallback should this one fall behind.
// A checkpoint that fails (the store busy, closing) is left to the next
// commit: nothing is lost, the frames stay in the log until copied.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// startCheckpointer starts checkpointing db after each commit noted by
// committed, until close.
func startCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
			_, _ = c.db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// committed notes a commit; commits made while a checkpoint runs are
// taken by the next one. A nil checkpointer (PostgreSQL) does nothing.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// close stops the checkpointer once the checkpoint under way is done.
func (c *checkpointer) close() {
	if c == nil {
		return
	}
	c.once.Do(func() { close(c.stop) })
	<-c.done
}
