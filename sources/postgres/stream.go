package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

var _ sources.Streamer = (*Source)(nil)

// Stream implements sources.Streamer: it is Fetch (or FetchLocated when
// located), with each row's values read from the bytes pgx received,
// without a Go value per column. Integers, numerics, text, json and uuid
// come as text; booleans, doubles and timestamps in binary; other types
// are decoded by pgx as Fetch decodes them. A connection set to a query
// exec mode other than the default cache_statement, which may not
// prepare statements, is read with Fetch.
func (s *Source) Stream(ctx context.Context, located bool, emit func(contract.Record) error) (sources.Snapshot, error) {
	if s.config.DefaultQueryExecMode != pgx.QueryExecModeCacheStatement {
		if located {
			return s.FetchLocated(ctx, emit)
		}
		return s.Fetch(ctx, emit)
	}
	if located && s.Rereadable() {
		return s.held.FetchLocated(ctx, s.table, s.opener(s.stream), emit)
	}
	rt, snap, err := s.begin(ctx)
	if err != nil {
		return sources.Snapshot{}, err
	}
	defer rt.end()
	if snap.Records, err = s.stream(ctx, rt.tx, nil, emit); err != nil {
		return sources.Snapshot{}, err
	}
	return snap, nil
}

// stream is read for the Columns form: it prepares the statement to learn
// its column types, asks for each column in the format the decoder reads
// in place, and emits every row in one reused buffer.
func (s *Source) stream(ctx context.Context, tx pgx.Tx, loc *sqlsource.Located, emit func(contract.Record) error) (int, error) {
	t := s.table
	query, layout, err := s.statement(ctx, tx, loc)
	if err != nil {
		return 0, err
	}
	sd, err := tx.Conn().Prepare(ctx, query, query)
	if err != nil {
		return 0, s.errorf("read %s: %w", t.What(), err)
	}
	if layout == nil {
		cols := make([]string, len(sd.Fields))
		for i, fd := range sd.Fields {
			cols[i] = fd.Name
		}
		if layout, err = t.Layout(cols); err != nil {
			return 0, err
		}
	}
	m := tx.Conn().TypeMap()
	rows, err := tx.Query(ctx, query, pgx.QueryResultFormats(resultFormats(m, sd.Fields)))
	if err != nil {
		return 0, s.errorf("read %s: %w", t.What(), err)
	}
	defer rows.Close()
	dec := newDecoder(m, rows.FieldDescriptions(), layout)
	cols := layout.NewColumns()
	n := 0
	for rows.Next() {
		if err := dec.row(rows.RawValues(), cols); err != nil {
			return n, s.errorf("read %s row %d: %w", t.What(), n+1, err)
		}
		n++
		if err := emit(layout.ColumnRecord(cols, int64(n))); err != nil {
			return n, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, s.errorf("read %s after row %d: %w", t.What(), n, err)
	}
	return n, nil
}
