package sqlsource

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/drift-sh/drift/contract"
)

// Encode turns a canonical value (as a WriteOp holds it) into a bound
// parameter for a column of the given database type: timestamps become
// time.Time, ints int64, floats float64, decimals their exact text, sets and
// lists a []string for a postgres array column (type name starting with
// "_"), a JSON array for a JSON or JSONB column (or when the join would read
// back as one), their members joined by ';' otherwise, and json its JSON text.
// A value of an unexpected Go type is passed on as its text.
func Encode(f *contract.Field, dbType string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch f.Type {
	case contract.TypeInt:
		if n, err := strconv.ParseInt(text(v), 10, 64); err == nil {
			return n, nil
		}
	case contract.TypeFloat:
		if n, err := strconv.ParseFloat(text(v), 64); err == nil {
			return n, nil
		}
	case contract.TypeBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case contract.TypeTimestamp:
		if ts, err := time.Parse(time.RFC3339Nano, text(v)); err == nil {
			return ts.UTC(), nil
		}
	case contract.TypeSet, contract.TypeList:
		if items, ok := v.([]any); ok {
			return members(items, dbType), nil
		}
	case contract.TypeJSON:
		if _, isString := v.(string); !isString {
			return jsonText(v)
		}
	}
	return text(v), nil
}

// text is the literal text of a scalar canonical value.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(v)
}

func members(items []any, dbType string) any {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = text(it)
	}
	if strings.HasPrefix(dbType, "_") {
		return out
	}
	joined := strings.Join(out, ";")
	if dbType == "JSON" || dbType == "JSONB" || contract.HoldsJSONArray(joined) {
		// A JSON column needs JSON; a join that reads back as a JSON array
		// would be that array, not these members.
		if arr, err := jsonText(out); err == nil {
			return arr
		}
	}
	return joined
}

func jsonText(v any) (any, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode json value: %w", err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}
