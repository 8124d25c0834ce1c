package diff

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/drift-sh/drift/contract"
)

// A row is the compact canonical form of one record, as one string: for each
// compared field (Engine.cols, in order) a state byte, then for a non-null
// value its canonical JSON as a uvarint length and the bytes. Two rows are
// equal exactly when every field has the same State and JSON, so identical
// rows need no field-by-field comparison.

func encodeRow(buf []byte, vals []contract.Value, cols []int) []byte {
	for _, i := range cols {
		v := vals[i]
		buf = append(buf, byte(v.State))
		if v.State != contract.Null {
			buf = binary.AppendUvarint(buf, uint64(len(v.JSON)))
			buf = append(buf, v.JSON...)
		}
	}
	return buf
}

// decodeRow calls fn with each compared field's state and JSON, in cols
// order.
func decodeRow(row string, fn func(n int, st contract.State, js string)) {
	for n := 0; len(row) > 0; n++ {
		st := contract.State(row[0])
		row = row[1:]
		if st == contract.Null {
			fn(n, st, "null")
			continue
		}
		l, w := binary.Uvarint([]byte(row[:min(len(row), binary.MaxVarintLen64)]))
		row = row[w:]
		fn(n, st, row[:l])
		row = row[l:]
	}
}

// KeyString is the engine's identity of a key: the canonical JSON of the
// key field values, in contract key order, as a JSON array, for example
// `["eu","a-17"]`. vals holds only the key values, in key order. Two
// records match exactly when their key strings are equal.
func KeyString(vals []contract.Value) string {
	b := []byte{'['}
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, v.JSON...)
	}
	return string(append(b, ']'))
}

// EngineString is the engine's key string of a report key (see
// KeyString): the canonical values of its parts as a JSON array.
func (k Key) EngineString() string {
	b := []byte{'['}
	for i, p := range k {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, p.Value...)
	}
	return string(append(b, ']'))
}

// splitKey returns the JSON texts of a key string's parts.
func splitKey(key string) []string {
	var parts []string
	depth, start, inStr := 0, 1, false
	for i := 1; i < len(key)-1; i++ {
		c := key[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			parts = append(parts, key[start:i])
			start = i + 1
		}
	}
	if len(key) > 2 {
		parts = append(parts, key[start:len(key)-1])
	}
	return parts
}

// valueOf rebuilds a canonical Value of field f from its state and JSON:
// State, JSON and, for numbers, Num. Native, Rule and Problem are not kept.
func valueOf(f *contract.Field, st contract.State, js string) contract.Value {
	if st == contract.Null {
		return contract.NullValue
	}
	v := contract.Value{State: st, JSON: js}
	if st != contract.Valid {
		return v
	}
	switch f.Type {
	case contract.TypeInt:
		if n, err := strconv.ParseInt(js, 10, 64); err == nil {
			v.Num = new(big.Rat).SetInt64(n)
		} else {
			v.Num, _ = new(big.Rat).SetString(js)
		}
	case contract.TypeFloat:
		v.Num, _ = new(big.Rat).SetString(js)
	case contract.TypeDecimal:
		if s, err := strconv.Unquote(js); err == nil {
			v.Num, _ = new(big.Rat).SetString(s)
		}
	}
	return v
}

// compact keeps what comparison and sorting need of a value.
func compact(v contract.Value) contract.Value {
	return contract.Value{State: v.State, JSON: v.JSON, Num: v.Num}
}

// rawJSON renders a raw source value (see contract.Record) as JSON, as it
// was given: cells and byte strings as JSON strings, numbers as their
// literal text, database times in RFC 3339.
func rawJSON(raw any) json.RawMessage {
	var v any
	switch r := raw.(type) {
	case nil:
		return json.RawMessage("null")
	case contract.Cell:
		v = string(r)
	case []byte:
		v = string(r)
	case contract.Literal:
		v = r.Text
	case json.Number:
		if json.Valid([]byte(r)) {
			return json.RawMessage(r)
		}
		v = string(r)
	case time.Time:
		v = r.UTC().Format(time.RFC3339Nano)
	default:
		v = raw
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(fmt.Sprint(raw))
	}
	return b
}
