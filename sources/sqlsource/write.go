package sqlsource

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Row is at most one row read by key: its values as contract raw values,
// one per field read (in the table's field order), and the name and
// database type name of each column.
type Row struct {
	Values []any
	Types  []string
	Names  []string
	Found  bool
}

// Querier runs statements for Get and Write, inside a transaction for
// Write. Backends implement it over their driver.
type Querier interface {
	QueryRow(ctx context.Context, query string, args []any) (Row, error)
	Exec(ctx context.Context, query string, args []any) (affected int64, err error)
}

// Get reads the record with the given key (canonical values in contract
// key order).
func (t *Table) Get(ctx context.Context, q Querier, key []any) (contract.Record, bool, error) {
	row, err := t.readRow(ctx, q, key, false)
	if err != nil || !row.Found {
		return contract.Record{}, false, err
	}
	return t.record(row), true, nil
}

// record builds a contract record from a row read by key.
func (t *Table) record(row Row) contract.Record {
	rec := contract.Record{Values: make([]any, len(t.Contract.Fields)), Loc: "row by key"}
	for i, f := range t.fields {
		rec.Values[f.Index] = row.Values[i]
	}
	return rec
}

// readRow selects the row by key; lock adds FOR UPDATE where the dialect
// has it (sqlite locks the whole database with BEGIN IMMEDIATE instead).
func (t *Table) readRow(ctx context.Context, q Querier, key []any, lock bool) (Row, error) {
	where, args, err := t.keyWhere(key, 1)
	if err != nil {
		return Row{}, err
	}
	cols := make([]string, len(t.columns))
	for i, c := range t.columns {
		cols[i] = t.Dialect.Quote(c)
	}
	query := "SELECT " + strings.Join(cols, ", ") + " FROM " + t.from() + " WHERE " + where
	if lock && t.Dialect != SQLite {
		query += " FOR UPDATE"
	}
	row, err := q.QueryRow(ctx, query, args)
	if err != nil {
		return Row{}, t.Errorf("read %s by key %v: %w", t.What(), key, err)
	}
	return row, nil
}

// keyWhere builds "k1 = $n AND k2 = $n+1" with the key values bound.
func (t *Table) keyWhere(key []any, first int) (string, []any, error) {
	kf := t.Contract.KeyFields()
	if len(key) != len(kf) {
		return "", nil, t.Errorf("key %v has %d values, the contract key has %d fields", key, len(key), len(kf))
	}
	conds := make([]string, len(kf))
	args := make([]any, len(kf))
	for i, f := range kf {
		v, err := Encode(f, "", key[i])
		if err != nil {
			return "", nil, t.Errorf("key field %q: %w", f.Name, err)
		}
		conds[i] = t.Dialect.Quote(t.column(f)) + " = " + t.Dialect.Placeholder(first+i)
		args[i] = v
	}
	return strings.Join(conds, " AND "), args, nil
}

// column returns the column of a declared field, ignored or not.
func (t *Table) column(f *contract.Field) string {
	for i, g := range t.fields {
		if g == f {
			return t.columns[i]
		}
	}
	if c, ok := t.ignored[f.Name]; ok {
		return c
	}
	return f.Name
}

// fieldsOf resolves the field names of a WriteOp map, sorted by name so
// statements are deterministic.
func (t *Table) fieldsOf(m map[string]any) ([]*contract.Field, error) {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*contract.Field, len(names))
	for i, n := range names {
		f := t.Contract.FieldByName(n)
		if f == nil {
			return nil, t.Errorf("write names field %q, which contract %q does not declare", n, t.Contract.Name)
		}
		out[i] = f
	}
	return out, nil
}

// dbType returns the database type of a field's column in row, if read.
func (t *Table) dbType(row Row, f *contract.Field) string {
	for i, g := range t.fields {
		if g == f && i < len(row.Types) {
			return row.Types[i]
		}
	}
	return ""
}

// conflict is an error wrapping sources.ErrConflict that says why.
func (t *Table) conflict(key []any, format string, args ...any) error {
	return t.Errorf("%s key %v: %s: %w", t.What(), key, fmt.Sprintf(format, args...), sources.ErrConflict)
}
