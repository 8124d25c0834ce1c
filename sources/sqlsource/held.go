package sqlsource

import (
	"context"
	"sync"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Held is the read transaction of a source's last FetchLocated, kept open
// so that Reread selects from the same snapshot, and the keys it read. The
// zero value holds nothing; its methods are safe for concurrent use.
type Held struct {
	mu  sync.Mutex
	loc *Located
	sel SelectFunc
	end func()
}

// Hold ends what h held and keeps a new snapshot: loc remembers its keys,
// sel selects inside its transaction and end closes it, and with it the
// connection it runs on.
func (h *Held) Hold(loc *Located, sel SelectFunc, end func()) {
	h.Release()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.loc, h.sel, h.end = loc, sel, end
}

// Release ends the held transaction, if any, and drops the keys it
// remembered, so that a long session does not hold a transaction.
func (h *Held) Release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.end != nil {
		h.end()
	}
	h.loc, h.sel, h.end = nil, nil, nil
}

// Reread selects the records at positions locs again, by key, inside the
// held transaction (see Located.Reread). Without one it is an error naming
// t's source.
func (h *Held) Reread(ctx context.Context, t *Table, locs []int64, emit func(contract.Record) error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.loc == nil {
		return t.Errorf("cannot read records again: the source was not read with FetchLocated, or was closed since")
	}
	return h.loc.Reread(ctx, h.sel, locs, emit)
}

// Opened is a read transaction opened for FetchLocated, as its driver
// reads through it.
type Opened struct {
	// Version dates the snapshot (see sources.Snapshot).
	Version string
	// Fetch reads every record, remembering each key in loc.
	Fetch func(ctx context.Context, loc *Located, emit func(contract.Record) error) (int, error)
	// Select reads some records again inside the transaction.
	Select SelectFunc
	// End closes the transaction and the connection it runs on.
	End func()
}

// FetchLocated ends what h held, opens a read transaction of t with open,
// reads every record through it, each with its ordinal in Pos, and holds
// the transaction for Reread until Release or the next FetchLocated. On
// an error it ends the transaction and holds nothing.
func (h *Held) FetchLocated(ctx context.Context, t *Table, open func(context.Context) (Opened, error), emit func(contract.Record) error) (sources.Snapshot, error) {
	h.Release()
	tx, err := open(ctx)
	if err != nil {
		return sources.Snapshot{}, err
	}
	loc := NewLocated(t)
	n, err := tx.Fetch(ctx, loc, emit)
	if err != nil {
		tx.End()
		return sources.Snapshot{}, err
	}
	h.Hold(loc, tx.Select, tx.End)
	return sources.Snapshot{Version: tx.Version, Records: n}, nil
}
