package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

// writer returns the read-write handle, opening it on first use.
func (s *Source) writer() (*sql.DB, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rw != nil {
		return s.rw, nil
	}
	db, err := s.open("rw")
	if err != nil {
		return nil, err
	}
	s.rw = db
	return db, nil
}

// Get reads one record by key.
func (s *Source) Get(ctx context.Context, key []any) (contract.Record, bool, error) {
	db, err := s.writer()
	if err != nil {
		return contract.Record{}, false, err
	}
	return s.table.Get(ctx, sqlsource.SQLQuerier{Conn: db}, key)
}

// Write applies one compare-and-set operation in a BEGIN IMMEDIATE
// transaction, which holds the database's write lock from the first read.
func (s *Source) Write(ctx context.Context, op sources.WriteOp) error {
	db, err := s.writer()
	if err != nil {
		return err
	}
	return sqlsource.WriteTx(ctx, db, s.table, op)
}

// Close ends the read transaction FetchLocated kept open for Reread and
// closes the read-write handle, if they were opened.
func (s *Source) Close() error {
	s.held.Release()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rw == nil {
		return nil
	}
	err := s.rw.Close()
	s.rw = nil
	return err
}

// GetWhole reads the row with the key whole: every column in table order,
// each value in its storage class (integer, real, text; a BLOB column's
// bytes as base64). Write, given it as WriteOp.Whole, inserts it back.
func (s *Source) GetWhole(ctx context.Context, key []any) (json.RawMessage, bool, error) {
	db, err := s.writer()
	if err != nil {
		return nil, false, err
	}
	return s.table.WholeRows(ctx, db, key)
}
