package sqlsource

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/drift-sh/drift/contract"
)

// FromSQL converts one value a database/sql driver returned for a column of
// the given database type name (as ColumnType.DatabaseTypeName reports it)
// into a contract raw value: NULL is nil, decimals are json.Number with
// their exact text, integers int64, doubles float64, times UTC time.Time,
// JSON columns decoded (numbers as json.Number), text string and binary
// []byte.
func FromSQL(typeName string, v any) any {
	kind := strings.ToUpper(typeName)
	switch x := v.(type) {
	case nil:
		return nil
	case int64:
		if isDecimal(kind) {
			return json.Number(strconv.FormatInt(x, 10))
		}
		return x
	case uint64:
		if x > math.MaxInt64 || isDecimal(kind) {
			return json.Number(strconv.FormatUint(x, 10))
		}
		return int64(x)
	case float32:
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return fromFloat(kind, f)
	case float64:
		return fromFloat(kind, x)
	case time.Time:
		return x.UTC()
	case []byte:
		return fromText(kind, x)
	case string:
		return fromText(kind, []byte(x))
	}
	return v
}

func fromFloat(kind string, f float64) any {
	if isDecimal(kind) && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return json.Number(strconv.FormatFloat(f, 'f', -1, 64))
	}
	return f
}

func isDecimal(kind string) bool {
	return strings.HasPrefix(kind, "DECIMAL") || strings.HasPrefix(kind, "NUMERIC") || kind == "NEWDECIMAL"
}

// fromText converts text or bytes by the column's type.
func fromText(kind string, b []byte) any {
	switch {
	case isDecimal(kind):
		return Number(string(b))
	case kind == "JSON" || kind == "JSONB":
		return DecodeJSON(b)
	case strings.Contains(kind, "BLOB") || strings.Contains(kind, "BINARY") || kind == "BYTEA" || kind == "BIT" || kind == "GEOMETRY":
		return b
	}
	return string(b)
}

// Number returns s as a json.Number when it is a decimal literal, and as
// a string otherwise, so that the contract parser reports it as invalid
// with its raw text (see contract.DecimalRaw).
func Number(s string) any { return contract.DecimalRaw(s) }

// DecodeJSON decodes JSON text with numbers kept as json.Number. A JSON
// null is nil; text that is not JSON is returned as a string so the
// contract parser keeps it raw.
func DecodeJSON(b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return string(b)
	}
	return v
}
