package state

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// checkpointer copies what SQLite's write-ahead log holds into the
// database file on a goroutine of its own, so that the writer does not
// stop to do it. Left to itself SQLite checkpoints in the committing
// connection once the log passes wal_autocheckpoint pages, and once more
// when the store closes: in an apply of 100,000 ops that stalled the
// journal about 0.4 s mid-run and the exit another 0.2 s. A passive
// checkpoint runs beside the writer and never blocks it.
//
// It runs once the commits since the last one wrote checkpointRows rows
// (journal entries logged or finished), not after every commit: an
// apply's transactions rewrite the same index pages, and each checkpoint
// copies every page the log holds anew, so one per commit copied the
// pages of a 100,000-op apply about ten times over. The writer's own
// automatic checkpoint stays as the fallback for everything else. A
// checkpoint that fails (the store busy, closing) is left to the next
// one: nothing is lost, the frames stay in the log until copied.
type checkpointer struct {
	db *sql.DB
	// rows counts the rows written since the last kick.
	rows atomic.Int64
	kick chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// checkpointRows is how many rows written start a checkpoint: 20,000
// journal entries are about 14 MB of log.
var checkpointRows int64 = 20000 // a variable so that a test can lower it

// startCheckpointer starts checkpointing db as wrote notes commits, until
// close.
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

// wrote notes a commit of rows rows, and starts a checkpoint once they
// add up to checkpointRows; commits made while a checkpoint runs are taken
// by the next one. A nil checkpointer (PostgreSQL) does nothing.
func (c *checkpointer) wrote(rows int) {
	if c == nil || c.rows.Add(int64(rows)) < checkpointRows {
		return
	}
	c.rows.Store(0)
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
