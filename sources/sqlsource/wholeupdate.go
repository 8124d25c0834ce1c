package sqlsource

import (
	"context"
	"fmt"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// updateWhole writes each field named in op.Set back with the value its
// column holds in op.Whole, a row as WholeJSON or WholeRows read it: the
// value as it was stored, with its type, rather than the field's canonical
// form (a rollback restores "1.10" and a timestamp's sub-second digits even
// under a contract that compares 1.1 and whole seconds). On postgres the
// server reads each value out of the object with json_populate_record, as
// insertWhole does; elsewhere each is bound by the column's declared type.
// A column the object lacks is set to NULL.
func (t *Table) updateWhole(ctx context.Context, q Querier, op sources.WriteOp) error {
	members, err := decodeMembers(op.Whole)
	if err != nil {
		return t.Errorf("update %s key %v: the stored record %w", t.What(), op.Key, err)
	}
	fields, err := t.fieldsOf(op.Set)
	if err != nil || len(fields) == 0 {
		return err
	}
	sets, args, err := t.wholeSets(ctx, q, fields, members)
	if err != nil {
		return t.Errorf("update %s key %v: %w", t.What(), op.Key, err)
	}
	return t.execUpdate(ctx, q, op.Key, sets, args)
}

// wholeSets builds the SET clauses of updateWhole and their arguments.
func (t *Table) wholeSets(ctx context.Context, q Querier, fields []*contract.Field, members []member) ([]string, []any, error) {
	byCol := make(map[string]member, len(members))
	for _, m := range members {
		byCol[t.fold(m.name)] = m
	}
	sets := make([]string, len(fields))
	if t.Dialect == Postgres {
		row := "(json_populate_record(NULL::" + t.from() + ", " + t.Dialect.Placeholder(1) + "::json))."
		obj := make([]string, 0, len(fields))
		for i, f := range fields {
			col := t.Dialect.Quote(t.column(f))
			sets[i] = col + " = " + row + col
			if m, ok := byCol[t.fold(t.column(f))]; ok {
				obj = append(obj, string(jsonString(m.name))+":"+string(m.raw))
			}
		}
		return sets, []any{"{" + strings.Join(obj, ",") + "}"}, nil
	}
	types, err := t.columnTypes(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	args := make([]any, len(fields))
	for i, f := range fields {
		col := t.column(f)
		if m, ok := byCol[t.fold(col)]; ok {
			if args[i], err = t.bindWhole(types[t.fold(col)], m.raw); err != nil {
				return nil, nil, fmt.Errorf("column %q: %w", col, err)
			}
		}
		sets[i] = t.Dialect.Quote(col) + " = " + t.Dialect.Placeholder(i+1)
	}
	return sets, args, nil
}

// columnTypes reads the table's declared column types, by folded name.
func (t *Table) columnTypes(ctx context.Context, q Querier) (map[string]string, error) {
	probe, err := q.QueryRow(ctx, t.ProbeSQL(), nil)
	if err != nil {
		return nil, fmt.Errorf("read the columns: %w; check that the table exists", err)
	}
	types := make(map[string]string, len(probe.Names))
	for i, n := range probe.Names {
		types[t.fold(n)] = strings.ToUpper(probe.Types[i])
	}
	return types, nil
}
