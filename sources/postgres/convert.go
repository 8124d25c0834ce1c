package postgres

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/drift-sh/drift/sources/sqlsource"
)

// scanRow reads the current row as contract raw values. json and jsonb are
// scanned as their text and decoded with exact numbers; everything else is
// decoded by pgx, then converted by rawValue.
func scanRow(rows pgx.Rows) ([]any, error) {
	fds := rows.FieldDescriptions()
	vals := make([]any, len(fds))
	texts := make([][]byte, len(fds))
	dest := make([]any, len(fds))
	for i, fd := range fds {
		if isJSON(fd.DataTypeOID) {
			dest[i] = &texts[i]
		} else {
			dest[i] = &vals[i]
		}
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	for i, fd := range fds {
		switch {
		case !isJSON(fd.DataTypeOID):
			vals[i] = rawValue(vals[i])
		case texts[i] != nil:
			vals[i] = sqlsource.DecodeJSON(texts[i])
		}
	}
	return vals, nil
}

func isJSON(oid uint32) bool {
	return oid == pgtype.JSONOID || oid == pgtype.JSONBOID
}

// rawValue converts a value pgx decoded into a contract raw value:
// numeric keeps its exact text as json.Number, integers become int64,
// times UTC, arrays []any of JSON-typed elements.
func rawValue(v any) any {
	switch x := v.(type) {
	case nil, string, bool, int64, float64, []byte, map[string]any:
		return x
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint32:
		return int64(x)
	case float32:
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return f
	case time.Time:
		return x.UTC()
	case pgtype.Numeric:
		return numeric(x)
	case [16]byte:
		return pgtype.UUID{Bytes: x, Valid: true}.String()
	case []any:
		out := make([]any, len(x))
		for i, el := range x {
			out[i] = element(rawValue(el))
		}
		return out
	case fmt.Stringer:
		return x.String()
	case driver.Valuer:
		if dv, err := x.Value(); err == nil {
			return rawValue(dv)
		}
	}
	return fmt.Sprint(v)
}

// numeric returns a numeric's exact text as json.Number; NaN and the
// infinities stay text, for the contract to report as invalid.
func numeric(n pgtype.Numeric) any {
	if !n.Valid {
		return nil
	}
	v, err := n.Value()
	if err != nil {
		return fmt.Sprint(n)
	}
	return sqlsource.Number(v.(string))
}

// element converts an array element to the JSON types that arrays hold:
// numbers as json.Number, times as RFC 3339 text.
func element(v any) any {
	switch x := v.(type) {
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	case float64:
		return json.Number(strconv.FormatFloat(x, 'g', -1, 64))
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case []byte:
		return string(x)
	}
	return v
}
