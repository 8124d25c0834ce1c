package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/drift-sh/drift/state"
)

// Queue is the reconciliation queue of one state store: the store (for
// the journal and leases) and a River client on its database.
type Queue struct {
	Store   state.Store
	backend backend
	client  client
}

// Open opens the state store at where (a SQLite path or a postgres:// URL)
// and the queue in its database, applying drift's migrations and then
// River's on first use. The queue it returns enqueues and lists jobs; it
// works none (see Worker).
func Open(ctx context.Context, where string) (*Queue, error) {
	st, err := state.Open(ctx, where)
	if err != nil {
		return nil, err
	}
	b, err := openBackend(ctx, where)
	if err != nil {
		st.Close()
		return nil, err
	}
	c, err := b.newClient(&river.Config{Workers: workers(nil), Logger: quietLogger()})
	if err != nil {
		b.close()
		st.Close()
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &Queue{Store: st, backend: b, client: c}, nil
}

// Close releases the queue's and the store's connections.
func (q *Queue) Close() error {
	q.backend.close()
	return q.Store.Close()
}

// workers registers the job handler; h may be nil for a client that only
// enqueues and lists, so that River still checks the job kind.
func workers(h *Handler) *river.Workers {
	ws := river.NewWorkers()
	if h == nil {
		h = &Handler{}
	}
	river.AddWorker(ws, river.Worker[Args](h))
	return ws
}

// quietLogger drops River's own logs below errors; drift reports outcomes.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// ErrNoJob is returned for a job id the queue does not hold.
var ErrNoJob = errors.New("no such job in the queue")
