package sqlsource

import (
	"context"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Write applies one compare-and-set operation inside the transaction q:
// it locks and reads the row by key, compares the current values with the
// expectation under the contract's equality (so 1.50 equals 1.5 and a
// timestamp equals its RFC 3339 text), and writes only when they match.
// A mismatch returns an error wrapping sources.ErrConflict; the caller
// then rolls back. An insert with Whole set writes that record as it is
// (see insertWhole), still only when the key is absent; an update with
// Whole set writes its fields' stored values back (see updateWhole).
func (t *Table) Write(ctx context.Context, q Querier, op sources.WriteOp) error {
	if !t.Writable {
		return t.Errorf("refusing to write: the source is not writable; add writable: true to its config to allow repairs")
	}
	if t.Query != "" {
		return t.Errorf("cannot write through a query; set table instead")
	}
	row, err := t.readRow(ctx, q, op.Key, true)
	if err != nil {
		return err
	}
	switch op.Action {
	case sources.ActionUpdate:
		if !row.Found {
			return t.conflict(op.Key, "record to update is absent")
		}
		if err := t.checkExpect(op.Key, row, op.Expect); err != nil {
			return err
		}
		if len(op.Whole) > 0 {
			return t.updateWhole(ctx, q, op)
		}
		return t.update(ctx, q, row, op)
	case sources.ActionInsert:
		if row.Found {
			return t.conflict(op.Key, "record to insert already exists")
		}
		if len(op.Whole) > 0 {
			return t.insertWhole(ctx, q, op)
		}
		return t.insert(ctx, q, row, op)
	case sources.ActionDelete:
		if !row.Found {
			return t.conflict(op.Key, "record to delete is absent")
		}
		if err := t.checkExpect(op.Key, row, op.Expect); err != nil {
			return err
		}
		return t.delete(ctx, q, op.Key)
	}
	return t.Errorf("unknown write action %q; use update, insert or delete", op.Action)
}

// checkExpect compares each expected field with the row's current value.
func (t *Table) checkExpect(key []any, row Row, expect map[string]any) error {
	fields, err := t.fieldsOf(expect)
	if err != nil {
		return err
	}
	current := t.record(row)
	for _, f := range fields {
		if f.Ignore {
			continue
		}
		cur := f.Parse(current.Values[f.Index])
		want := f.Parse(expect[f.Name])
		if !f.Equal([]contract.Value{cur, want}) {
			return t.conflict(key, "field %q is %s, the plan expected %s", f.Name, cur.JSON, want.JSON)
		}
	}
	return nil
}

func (t *Table) update(ctx context.Context, q Querier, row Row, op sources.WriteOp) error {
	fields, err := t.fieldsOf(op.Set)
	if err != nil || len(fields) == 0 {
		return err
	}
	sets := make([]string, len(fields))
	args := make([]any, 0, len(fields)+len(op.Key))
	for i, f := range fields {
		v, err := Encode(f, t.dbType(row, f), op.Set[f.Name])
		if err != nil {
			return t.Errorf("field %q: %w", f.Name, err)
		}
		sets[i] = t.Dialect.Quote(t.column(f)) + " = " + t.Dialect.Placeholder(i+1)
		args = append(args, v)
	}
	return t.execUpdate(ctx, q, op.Key, sets, args)
}

// execUpdate runs UPDATE ... SET sets WHERE the key, with args bound to
// the placeholders of sets, numbered from 1.
func (t *Table) execUpdate(ctx context.Context, q Querier, key []any, sets []string, args []any) error {
	where, keyArgs, err := t.keyWhere(key, len(args)+1)
	if err != nil {
		return err
	}
	query := "UPDATE " + t.from() + " SET " + strings.Join(sets, ", ") + " WHERE " + where
	if _, err := q.Exec(ctx, query, append(args, keyArgs...)); err != nil {
		return t.Errorf("update %s key %v: %w", t.What(), key, err)
	}
	return nil
}

func (t *Table) insert(ctx context.Context, q Querier, row Row, op sources.WriteOp) error {
	rec := make(map[string]any, len(op.Record)+len(op.Key))
	for k, v := range op.Record {
		rec[k] = v
	}
	for i, f := range t.Contract.KeyFields() {
		if i < len(op.Key) && rec[f.Name] == nil {
			rec[f.Name] = op.Key[i]
		}
	}
	fields, err := t.fieldsOf(rec)
	if err != nil {
		return err
	}
	cols := make([]string, len(fields))
	marks := make([]string, len(fields))
	args := make([]any, len(fields))
	for i, f := range fields {
		if args[i], err = Encode(f, t.dbType(row, f), rec[f.Name]); err != nil {
			return t.Errorf("field %q: %w", f.Name, err)
		}
		cols[i] = t.Dialect.Quote(t.column(f))
		marks[i] = t.Dialect.Placeholder(i + 1)
	}
	query := "INSERT INTO " + t.from() + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
	if _, err := q.Exec(ctx, query, args); err != nil {
		return t.Errorf("insert into %s key %v: %w", t.What(), op.Key, err)
	}
	return nil
}

func (t *Table) delete(ctx context.Context, q Querier, key []any) error {
	where, args, err := t.keyWhere(key, 1)
	if err != nil {
		return err
	}
	n, err := q.Exec(ctx, "DELETE FROM "+t.from()+" WHERE "+where, args)
	if err != nil {
		return t.Errorf("delete from %s key %v: %w", t.What(), key, err)
	}
	if n == 0 {
		return t.conflict(key, "record to delete is absent")
	}
	return nil
}
