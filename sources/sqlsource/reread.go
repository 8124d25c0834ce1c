package sqlsource

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// SelectFunc runs one statement with bound args and calls each with the
// values of every row it returns, as contract raw values.
type SelectFunc func(ctx context.Context, query string, args []any, each func(vals []any) error) error

// SQLSelect is a SelectFunc over a database/sql connection or transaction.
func SQLSelect(c SQLConn) SelectFunc {
	return func(ctx context.Context, query string, args []any, each func([]any) error) error {
		rows, err := c.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		types, err := columnTypes(rows)
		if err != nil {
			return err
		}
		return eachRow(rows, types, each)
	}
}

func eachRow(rows *sql.Rows, types []string, each func([]any) error) error {
	for rows.Next() {
		vals, err := scan(rows, types)
		if err != nil {
			return err
		}
		if err := each(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// rereadBatch is how many keys one statement of Reread selects; fewer when
// the key has many columns, to stay under every server's parameter limit.
const rereadBatch = 500

// Reread selects again, through sel, the records FetchLocated emitted at
// positions locs, and emits them in that order with the Pos they had. It
// must run in the same transaction as FetchLocated, so that it sees the
// same snapshot: a record whose key is no longer found is an error.
func (l *Located) Reread(ctx context.Context, sel SelectFunc, locs []int64, emit func(contract.Record) error) error {
	if l == nil || l.layout == nil {
		return fmt.Errorf("cannot read records again: the source was not read with FetchLocated, or was closed since")
	}
	per := max(1, min(rereadBatch, 30000/max(1, len(l.keys))))
	for start := 0; start < len(locs); start += per {
		if err := l.batch(ctx, sel, locs[start:min(start+per, len(locs))], emit); err != nil {
			return err
		}
	}
	return nil
}

// batch re-reads one statement's worth of positions.
func (l *Located) batch(ctx context.Context, sel SelectFunc, locs []int64, emit func(contract.Record) error) error {
	t := l.table
	want := make(map[string][]int, len(locs)) // encoded key -> indexes into locs
	args := make([]any, 0, len(locs)*len(l.keys))
	for i, pos := range locs {
		k, ok := l.key(pos)
		if !ok {
			return t.Errorf("read %s again: no record was read at position %d (%d were read)", t.What(), pos, l.Len())
		}
		if _, seen := want[string(k)]; !seen {
			vals, ok := decodeKey(k, len(l.keys))
			if !ok {
				return t.Errorf("read %s again: the key of row %d is corrupt", t.What(), pos+1)
			}
			args = append(args, vals...)
		}
		want[string(k)] = append(want[string(k)], i)
	}
	found := make([][]contract.Record, len(locs))
	var buf []byte
	err := sel(ctx, l.selectSQL(len(want)), args, func(vals []any) error {
		rec := l.layout.Record(vals, "")
		buf = l.appendKey(buf[:0], rec.Values)
		for _, i := range want[string(buf)] {
			found[i] = append(found[i], rec)
		}
		return nil
	})
	if err != nil {
		return t.Errorf("read %s again by key: %w", t.What(), err)
	}
	for i, recs := range found {
		if len(recs) == 0 {
			k, _ := l.key(locs[i])
			key, _ := decodeKey(k, len(l.keys))
			return t.Errorf("read %s again: row %d (key %v) is no longer found; run the scan again", t.What(), locs[i]+1, key)
		}
		if err := emitOne(recs, locs[i], emit); err != nil {
			return err
		}
	}
	return nil
}

// emitOne emits the record at pos. When the key is not unique in the table
// several rows hold it: emit is offered each in turn until one is accepted,
// and the first refusal is returned when none is.
func emitOne(recs []contract.Record, pos int64, emit func(contract.Record) error) error {
	var first error
	for _, rec := range recs {
		rec.Pos, rec.Loc = pos, fmt.Sprintf("row %d", pos+1)
		err := emit(rec)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// selectSQL narrows the statement FetchLocated read with to n keys, with
// bound parameters: k IN (...) for a one-column key, and a row-value
// comparison (k1, k2) IN (...) otherwise.
func (l *Located) selectSQL(n int) string {
	d := l.table.Dialect
	kf := l.table.Contract.KeyFields()
	cols := make([]string, len(kf))
	for i, f := range kf {
		cols[i] = d.Quote(l.table.column(f))
	}
	var b strings.Builder
	b.WriteString(l.query)
	b.WriteString(" WHERE ")
	p := 1
	if len(kf) == 1 {
		b.WriteString(cols[0] + " IN (")
	} else {
		b.WriteString("(" + strings.Join(cols, ", ") + ") IN (")
		if d == SQLite {
			b.WriteString("VALUES ")
		}
	}
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		marks := make([]string, len(kf))
		for j := range marks {
			marks[j] = d.Placeholder(p)
			p++
		}
		if len(kf) == 1 {
			b.WriteString(marks[0])
		} else {
			b.WriteString("(" + strings.Join(marks, ", ") + ")")
		}
	}
	b.WriteString(")")
	return b.String()
}
