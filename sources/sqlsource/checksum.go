package sqlsource

import (
	"context"
	"fmt"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Runner runs the statements of a checksum session in the plugin's read
// transaction. Query calls each for every row, with a function that scans
// it; Fetch emits the rows of a statement selecting layout's columns as
// the plugin's Fetch reads them.
type Runner interface {
	Query(ctx context.Context, query string, args []any, each func(scan func(dest ...any) error) error) error
	Fetch(ctx context.Context, query string, args []any, layout *Layout, emit func(contract.Record) error) (int, error)
}

// Checksum is a table's checksum session (sources.ChecksumSession) over a
// plugin's Runner: the SQL of SPEC's "Big tables" for its dialect.
type Checksum struct {
	t      *Table
	run    Runner
	snap   sources.Snapshot
	closer func()
	opts   sources.ChecksumOptions
	q      *checksumSQL
}

var _ sources.ChecksumSession = (*Checksum)(nil)

// BeginChecksum prepares a checksum session over run, whose transaction
// has read snap; closer ends that transaction. It reads the table's
// columns, their types and unique keys, and returns an error wrapping
// sources.ErrNoChecksum when the contract or the columns do not allow
// exact checksums. It calls closer itself when it fails.
func (t *Table) BeginChecksum(ctx context.Context, run Runner, snap sources.Snapshot, closer func(), opts sources.ChecksumOptions) (*Checksum, error) {
	q, err := t.prepare(ctx, run, opts)
	if err != nil {
		closer()
		return nil, err
	}
	return &Checksum{t: t, run: run, snap: snap, closer: closer, opts: opts, q: q}, nil
}

// prepare checks what can be hashed and builds the statements' parts.
func (t *Table) prepare(ctx context.Context, run Runner, opts sources.ChecksumOptions) (*checksumSQL, error) {
	switch {
	case t.Query != "":
		return nil, sources.NoChecksum("a query source is read whole")
	case opts.Checksum == "off":
		return nil, sources.NoChecksum("checksum: off")
	}
	cols, types, err := t.catalogTypes(ctx, run)
	if err != nil {
		return nil, err
	}
	layout, err := t.Layout(cols)
	if err != nil {
		return nil, err
	}
	if t.Contract.Strict && len(layout.unknown) > 0 {
		return nil, sources.NoChecksum("strict contract and columns %s it does not declare", strings.Join(layout.unknown, ", "))
	}
	unique := false
	if t.Dialect != SQLite {
		if unique, err = t.uniqueKey(ctx, run); err != nil {
			return nil, err
		}
	}
	return t.buildSQL(layout, types, unique)
}

// Snapshot returns what the session's transaction read first.
func (c *Checksum) Snapshot() sources.Snapshot { return c.snap }

// Options returns the source's checksum options.
func (c *Checksum) Options() sources.ChecksumOptions { return c.opts }

// Close ends the read transaction.
func (c *Checksum) Close() { c.closer() }

// Sums implements sources.ChecksumSession.
func (c *Checksum) Sums(ctx context.Context, r sources.Range, bounds []sources.Bound) ([]sources.Sum, error) {
	query, args := c.q.sums(r, bounds)
	out := make([]sources.Sum, len(bounds)+1)
	err := c.run.Query(ctx, query, args, func(scan func(...any) error) error {
		b, s, err := c.scanSum(scan)
		if err != nil {
			return err
		}
		if b < 0 || b >= int64(len(out)) {
			return fmt.Errorf("range part %d out of %d", b, len(out))
		}
		out[b] = s
		return nil
	})
	if err != nil {
		return nil, c.t.Errorf("checksum %s: %w", c.t.What(), err)
	}
	return out, nil
}

// scanSum reads one row of an aggregate statement: its bucket and sum.
func (c *Checksum) scanSum(scan func(...any) error) (int64, sources.Sum, error) {
	var b, distinct int64
	var s sources.Sum
	var p1, p2 string
	dest := []any{&b, &s.Rows, &s.Suspect, &distinct, &p1}
	if c.t.Dialect != SQLite {
		dest = append(dest, &p2)
	}
	if err := scan(dest...); err != nil {
		return 0, s, err
	}
	var err error
	if c.t.Dialect == SQLite {
		s.Hash, err = parseLiteSum(p1)
	} else {
		s.Hash, err = hashSum(p1, p2)
	}
	s.Suspect += s.Rows - distinct
	return b, s, err
}

// Split implements sources.ChecksumSession.
func (c *Checksum) Split(ctx context.Context, r sources.Range, n int) ([]sources.Bound, error) {
	query, args := c.q.split(r, n)
	return c.bounds(ctx, query, args)
}

// Next returns the key size rows after lo (from the first key when lo is
// nil) in key order, and false when there are not that many.
func (c *Checksum) Next(ctx context.Context, lo sources.Bound, size int64) (sources.Bound, bool, error) {
	query, args := c.q.next(lo, size)
	b, err := c.bounds(ctx, query, args)
	if err != nil || len(b) == 0 {
		return nil, false, err
	}
	return b[0], true, nil
}

func (c *Checksum) bounds(ctx context.Context, query string, args []any) ([]sources.Bound, error) {
	var out []sources.Bound
	n := len(c.t.Contract.Key)
	err := c.run.Query(ctx, query, args, func(scan func(...any) error) error {
		b := make(sources.Bound, n)
		dest := make([]any, n)
		for i := range b {
			dest[i] = &b[i]
		}
		if err := scan(dest...); err != nil {
			return err
		}
		for i, v := range b {
			if x, ok := v.([]byte); ok {
				b[i] = string(x)
			}
		}
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, c.t.Errorf("split %s: %w", c.t.What(), err)
	}
	return out, nil
}

// Fetch implements sources.ChecksumSession.
func (c *Checksum) Fetch(ctx context.Context, r sources.Range, emit func(contract.Record) error) (int, error) {
	query, args := c.q.fetch(r)
	return c.run.Fetch(ctx, query, args, c.q.layout, emit)
}
