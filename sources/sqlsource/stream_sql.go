package sqlsource

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/drift-sh/drift/contract"
)

// KindFunc says how a database/sql driver's value of a column, by its
// DatabaseTypeName, is read from its bytes (sql.RawBytes): the column kind,
// or false for a column scanned as a Go value and converted by FromSQL.
// It must name a kind only where the raw value it stands for is the one
// FromSQL gives for what the driver returns.
type KindFunc func(typeName string) (contract.ColumnKind, bool)

// StreamLocated is Stream for a table whose records loc remembers.
func (t *Table) StreamLocated(ctx context.Context, c SQLConn, loc *Located, kind KindFunc, emit func(contract.Record) error) (int, error) {
	return t.streamColumns(ctx, c, loc, kind, loc.Emit(emit))
}

// Stream is Fetch in the Columns form (see sources.Streamer): the columns
// kind names are scanned into reused sql.RawBytes and read in place; the
// others are scanned as Go values and converted by FromSQL, as Fetch does.
func (t *Table) Stream(ctx context.Context, c SQLConn, kind KindFunc, emit func(contract.Record) error) (int, error) {
	return t.streamColumns(ctx, c, nil, kind, emit)
}

func (t *Table) streamColumns(ctx context.Context, c SQLConn, loc *Located, kind KindFunc, emit func(contract.Record) error) (int, error) {
	rows, layout, err := t.query(ctx, c, loc)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	types, err := columnTypes(rows)
	if err != nil {
		return 0, t.Errorf("read %s: %w", t.What(), err)
	}
	r := newRowReader(types, kind)
	cols := layout.NewColumns()
	n := 0
	for rows.Next() {
		if err := r.read(rows, layout, cols); err != nil {
			return n, t.Errorf("read %s row %d: %w", t.What(), n+1, err)
		}
		n++
		if err := emit(layout.ColumnRecord(cols, int64(n))); err != nil {
			return n, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, t.Errorf("read %s after row %d: %w", t.What(), n, err)
	}
	return n, nil
}

// statement returns what fetch runs: a table's select, after probing its
// columns, with its layout; or the query, whose layout comes with its
// result (nil here).
func (t *Table) statement(ctx context.Context, c SQLConn, loc *Located) (string, *Layout, error) {
	if t.Query != "" {
		return t.Query, nil, nil
	}
	cols, err := t.Columns(ctx, c)
	if err != nil {
		return "", nil, err
	}
	return t.SelectFor(cols, loc)
}

// rowReader scans one result set's rows into columns.
type rowReader struct {
	types []string
	kinds []contract.ColumnKind // ColValue: scanned as a Go value
	raw   []sql.RawBytes
	vals  []any
	dest  []any
}

func newRowReader(types []string, kind KindFunc) *rowReader {
	r := &rowReader{types: types, kinds: make([]contract.ColumnKind, len(types)),
		raw: make([]sql.RawBytes, len(types)), vals: make([]any, len(types)), dest: make([]any, len(types))}
	for i, tn := range types {
		k, ok := kind(tn)
		if !ok {
			k = contract.ColValue
		}
		r.kinds[i] = k
		if k == contract.ColValue {
			r.dest[i] = &r.vals[i]
		} else {
			r.dest[i] = &r.raw[i]
		}
	}
	return r
}

// read scans the current row into cols (indexed like Contract.Fields).
// Their Text is valid until the next row.
func (r *rowReader) read(rows *sql.Rows, layout *Layout, cols []contract.Column) error {
	if err := rows.Scan(r.dest...); err != nil {
		return err
	}
	for i, k := range r.kinds {
		fi := layout.Target(i)
		if fi < 0 || fi >= len(cols) {
			continue
		}
		c := &cols[fi]
		*c = contract.Column{}
		if k == contract.ColValue {
			c.Kind, c.Value = contract.ColValue, FromSQL(r.types[i], r.vals[i])
			continue
		}
		b := r.raw[i]
		if b == nil {
			continue // NULL
		}
		if !columnFrom(c, k, b) {
			return &strconv.NumError{Func: "read " + r.types[i], Num: string(b), Err: strconv.ErrSyntax}
		}
	}
	return nil
}

// columnFrom sets c to the value of kind k whose text is b.
func columnFrom(c *contract.Column, k contract.ColumnKind, b []byte) bool {
	text := unsafe.String(unsafe.SliceData(b), len(b))
	switch k {
	case contract.ColFloat:
		f, err := strconv.ParseFloat(text, 64)
		c.Kind, c.Float = k, f
		return err == nil
	case contract.ColTime:
		t, err := time.Parse(time.RFC3339Nano, text)
		c.Kind, c.Time = k, t.UTC()
		return err == nil
	case contract.ColValue:
		return false
	}
	c.Kind, c.Text = k, b
	return true
}

// MySQLKind is the KindFunc of go-sql-driver/mysql with parseTime: its
// integers, doubles and times come as Go values that database/sql prints
// into the bytes exactly (times in RFC 3339), its other types as bytes.
func MySQLKind(typeName string) (contract.ColumnKind, bool) {
	name := strings.TrimPrefix(strings.ToUpper(typeName), "UNSIGNED ")
	switch name {
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "YEAR":
		return contract.ColInt, true
	case "DECIMAL":
		return contract.ColDecimal, true
	case "FLOAT", "DOUBLE":
		return contract.ColFloat, true
	case "DATETIME", "TIMESTAMP", "DATE":
		return contract.ColTime, true
	case "CHAR", "VARCHAR", "TEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET", "TIME":
		return contract.ColString, true
	case "BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BINARY", "VARBINARY", "BIT", "GEOMETRY":
		return contract.ColBytes, true
	}
	return contract.ColNull, false
}
