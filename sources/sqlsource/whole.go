package sqlsource

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// wholeAlias names the table in the statement that reads a postgres row
// whole, as one composite value.
const wholeAlias = "drift_whole_row"

// WholeJSON reads the row with the key whole on postgres, as the server
// renders it with to_json: every column in table order, numerics with
// their exact text, timestamps with their offset, arrays as JSON arrays,
// bytea as its \x hex text. json_populate_record reads that object back
// (see Write). found is false when no row has the key.
func (t *Table) WholeJSON(ctx context.Context, q Querier, key []any) (json.RawMessage, bool, error) {
	if err := t.canWhole(); err != nil {
		return nil, false, err
	}
	where, args, err := t.keyWhere(key, 1)
	if err != nil {
		return nil, false, err
	}
	query := "SELECT to_json(" + wholeAlias + ")::text FROM " + t.from() + " AS " + wholeAlias + " WHERE " + where
	row, err := q.QueryRow(ctx, query, args)
	if err != nil {
		return nil, false, t.Errorf("read %s key %v whole: %w", t.What(), key, err)
	}
	if !row.Found || len(row.Values) != 1 {
		return nil, false, nil
	}
	text, ok := row.Values[0].(string)
	if !ok || !json.Valid([]byte(text)) {
		return nil, false, t.Errorf("read %s key %v whole: the server returned %v, not a JSON object", t.What(), key, row.Values[0])
	}
	return json.RawMessage(text), true, nil
}

// WholeRows reads the row with the key whole through database/sql (mysql,
// sqlite): every column in table order, as an ordered JSON object (see
// wholeValue for how each value is written). found is false when no row
// has the key.
func (t *Table) WholeRows(ctx context.Context, c SQLConn, key []any) (json.RawMessage, bool, error) {
	if err := t.canWhole(); err != nil {
		return nil, false, err
	}
	names, types, err := t.columnsAndTypes(ctx, c)
	if err != nil {
		return nil, false, err
	}
	where, args, err := t.keyWhere(key, 1)
	if err != nil {
		return nil, false, err
	}
	rows, err := c.QueryContext(ctx, t.wholeSelect(names)+" WHERE "+where, args...)
	if err != nil {
		return nil, false, t.Errorf("read %s key %v whole: %w", t.What(), key, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, false, rows.Err()
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, false, t.Errorf("read %s key %v whole: %w", t.What(), key, err)
	}
	obj, err := t.wholeObject(names, types, vals)
	if err != nil {
		return nil, false, t.Errorf("read %s key %v whole: %w", t.What(), key, err)
	}
	return obj, true, rows.Err()
}

func (t *Table) canWhole() error {
	if t.Query != "" {
		return t.Errorf("cannot read a record whole through a query; set table instead")
	}
	return nil
}

// columnsAndTypes probes the table's column names and declared types.
func (t *Table) columnsAndTypes(ctx context.Context, c SQLConn) ([]string, []string, error) {
	rows, err := c.QueryContext(ctx, t.ProbeSQL())
	if err != nil {
		return nil, nil, t.Errorf("%s: %w; check the table name and that it exists", t.What(), err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, nil, t.Errorf("%s: %w", t.What(), err)
	}
	types, err := columnTypes(rows)
	if err != nil {
		return nil, nil, t.Errorf("%s: %w", t.What(), err)
	}
	return names, types, nil
}

// wholeSelect selects every column by name. On sqlite each is written
// +"col", an expression without a declared type, so the driver returns the
// value in its storage class (text stays text, not a parsed time).
func (t *Table) wholeSelect(names []string) string {
	cols := make([]string, len(names))
	for i, n := range names {
		cols[i] = t.Dialect.Quote(n)
		if t.Dialect == SQLite {
			cols[i] = "+" + cols[i] + " AS " + t.Dialect.Quote(n)
		}
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + t.from()
}

// wholeObject writes the row as one JSON object, members in column order.
func (t *Table) wholeObject(names, types []string, vals []any) (json.RawMessage, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, n := range names {
		v, err := t.wholeValue(strings.ToUpper(types[i]), vals[i])
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", n, err)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(jsonString(n))
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// wholeValue writes one column value as JSON: NULL as null, integers and
// floats as numbers (on sqlite a float always with a '.' or an exponent,
// so it is read back as a float), text as a string, mysql DECIMAL and
// integers read as text as numbers with their exact text, a mysql JSON
// column as the document itself (MariaDB reports JSON columns as TEXT:
// there the document stays a string), dates
// and times as mysql reads them back ("2006-01-02 15:04:05.999999"), and
// the bytes of a binary column (BLOB, BINARY, BIT, GEOMETRY) as base64.
// On sqlite a blob outside a BLOB column, or text inside one, is refused:
// it could not be told apart from the other when restored.
func (t *Table) wholeValue(typ string, v any) (json.RawMessage, error) {
	switch x := v.(type) {
	case nil:
		return json.RawMessage("null"), nil
	case int64:
		return json.RawMessage(strconv.FormatInt(x, 10)), nil
	case uint64:
		return json.RawMessage(strconv.FormatUint(x, 10)), nil
	case float32:
		return t.floatJSON(float64(x), 32)
	case float64:
		return t.floatJSON(x, 64)
	case bool:
		return json.RawMessage(strconv.FormatBool(x)), nil
	case time.Time:
		return jsonString(timeText(typ, x)), nil
	case []byte:
		return t.bytesJSON(typ, x)
	case string:
		if t.Dialect == SQLite {
			if isBlobColumn(typ) {
				return nil, fmt.Errorf("holds text in a %s column; a whole record keeps the bytes of a BLOB column as base64, so this text could not be restored as text", typ)
			}
			return jsonString(x), nil
		}
		return t.bytesJSON(typ, []byte(x))
	}
	return nil, fmt.Errorf("the driver returned a %T, which a whole record cannot hold", v)
}

func (t *Table) floatJSON(f float64, bits int) (json.RawMessage, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("holds %v, which JSON cannot hold", f)
	}
	s := strconv.FormatFloat(f, 'g', -1, bits)
	if t.Dialect == SQLite && !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return json.RawMessage(s), nil
}

func (t *Table) bytesJSON(typ string, b []byte) (json.RawMessage, error) {
	switch {
	case t.Dialect == SQLite && !isBlobColumn(typ):
		return nil, fmt.Errorf("holds a blob in a column declared %q; only a BLOB column's bytes can be kept whole (as base64)", typ)
	case isBinaryColumn(typ):
		return jsonString(base64.StdEncoding.EncodeToString(b)), nil
	case (isDecimal(typ) && Number(string(b)) == json.Number(string(b))) || (strings.Contains(typ, "INT") && isInteger(string(b))):
		return json.RawMessage(b), nil
	case typ == "JSON" && json.Valid(b):
		var c bytes.Buffer
		if err := json.Compact(&c, b); err == nil {
			return c.Bytes(), nil
		}
	}
	return jsonString(string(b)), nil
}

// isInteger reports whether s is an optionally negative run of digits.
func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// timeText writes a date as 2006-01-02 and any other time as
// 2006-01-02 15:04:05.999999999, the forms mysql and sqlite read back.
func timeText(typ string, ts time.Time) string {
	if typ == "DATE" {
		return ts.Format(time.DateOnly)
	}
	return ts.Format("2006-01-02 15:04:05.999999999")
}

// isBinaryColumn reports whether a column of this type holds bytes.
func isBinaryColumn(typ string) bool {
	return strings.Contains(typ, "BLOB") || strings.Contains(typ, "BINARY") || typ == "BIT" || typ == "GEOMETRY"
}

// isBlobColumn reports whether a sqlite column is declared BLOB.
func isBlobColumn(typ string) bool {
	return strings.Contains(strings.ToUpper(typ), "BLOB")
}

// jsonString is s as a JSON string, with <, > and & as they are.
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
