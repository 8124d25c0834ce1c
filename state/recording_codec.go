package state

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/drift-sh/drift/contract"
)

// A recorded record is stored as a compact binary blob that keeps the Go
// type of every raw value, so that parsing it again with any contract
// gives exactly what parsing the source's value would: a CSV cell stays a
// Cell (empty means null), a number stays its literal text. Each value is
// a tag byte, then its payload; lengths and integers are varints.
//
//	record  = uvarint(n) value*n loc uvarint(m) string*m   (m unknown columns)
//	loc     = 0 | 1 uvarint(line) | 2 uvarint(record) | 3 string
const (
	tagNil byte = iota
	tagCell
	tagString
	tagNumber
	tagFalse
	tagTrue
	tagArray
	tagObject
	tagTime
	tagInt
	tagFloat
	tagBytes
	tagLiteral
)

// recordFormat names the encoding above; a recording stores it so that a
// later drift can refuse a format it does not know.
const recordFormat = 1

// EncodeRecord appends the encoding of a record as a source read it: its
// raw values (from Values or Cells), where it was read, and its unknown
// columns. A value of a type outside contract.Record's list (and the Go
// types Parse widens) is an error.
func EncodeRecord(dst []byte, rec contract.Record) ([]byte, error) {
	n := rec.Len()
	dst = binary.AppendUvarint(dst, uint64(n))
	for i := range n {
		var err error
		if dst, err = appendValue(dst, rec.Raw(i), 0); err != nil {
			return nil, fmt.Errorf("value %d: %w", i+1, err)
		}
	}
	dst = appendLoc(dst, rec.Where())
	dst = binary.AppendUvarint(dst, uint64(len(rec.Unknown)))
	for _, u := range rec.Unknown {
		dst = appendString(dst, u)
	}
	return dst, nil
}

// maxDepth bounds the nesting of arrays and objects, in both directions.
const maxDepth = 512

func appendValue(dst []byte, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, errors.New("nested deeper than 512 levels")
	}
	switch x := v.(type) {
	case nil:
		return append(dst, tagNil), nil
	case contract.Cell:
		return appendString(append(dst, tagCell), string(x)), nil
	case string:
		return appendString(append(dst, tagString), x), nil
	case json.Number:
		return appendString(append(dst, tagNumber), string(x)), nil
	case bool:
		if x {
			return append(dst, tagTrue), nil
		}
		return append(dst, tagFalse), nil
	case []any:
		dst = binary.AppendUvarint(append(dst, tagArray), uint64(len(x)))
		for _, e := range x {
			var err error
			if dst, err = appendValue(dst, e, depth+1); err != nil {
				return nil, err
			}
		}
		return dst, nil
	case map[string]any:
		return appendObject(dst, x, depth)
	case time.Time:
		b, err := x.MarshalBinary()
		if err != nil {
			return nil, err
		}
		return appendString(append(dst, tagTime), string(b)), nil
	case int64:
		return binary.AppendVarint(append(dst, tagInt), x), nil
	case float64:
		return binary.LittleEndian.AppendUint64(append(dst, tagFloat), math.Float64bits(x)), nil
	case []byte:
		return appendString(append(dst, tagBytes), string(x)), nil
	case contract.Literal:
		return appendString(appendString(append(dst, tagLiteral), x.Text), string(x.Number)), nil
	}
	if w, ok := widened(v); ok {
		return appendValue(dst, w, depth)
	}
	return nil, fmt.Errorf("a raw value of Go type %T cannot be recorded", v)
}

func appendObject(dst []byte, m map[string]any, depth int) ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = binary.AppendUvarint(append(dst, tagObject), uint64(len(keys)))
	for _, k := range keys {
		dst = appendString(dst, k)
		var err error
		if dst, err = appendValue(dst, m[k], depth+1); err != nil {
			return nil, err
		}
	}
	return dst, nil
}

// widened maps the other Go types contract.Field.Parse accepts onto the
// raw types, as Parse itself does.
func widened(v any) (any, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	case int8:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint8:
		return int64(x), true
	case uint:
		return widenedUint(uint64(x)), true
	case uint64:
		return widenedUint(x), true
	case float32:
		return json.Number(strconv.FormatFloat(float64(x), 'g', -1, 32)), true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	case *big.Rat:
		if s, ok := contract.FormatDecimal(x); ok {
			return json.Number(s), true
		}
	}
	return nil, false
}

func widenedUint(u uint64) any {
	if u <= math.MaxInt64 {
		return int64(u)
	}
	return json.Number(strconv.FormatUint(u, 10))
}

func appendString(dst []byte, s string) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

// appendLoc stores the common "line N" and "record N" as a number.
func appendLoc(dst []byte, loc string) []byte {
	if loc == "" {
		return append(dst, 0)
	}
	for tag, prefix := range []string{1: "line ", 2: "record "} {
		if rest, ok := strings.CutPrefix(loc, prefix); ok && prefix != "" {
			if n, err := strconv.ParseUint(rest, 10, 64); err == nil && strconv.FormatUint(n, 10) == rest {
				return binary.AppendUvarint(append(dst, byte(tag)), n)
			}
		}
	}
	return appendString(append(dst, 3), loc)
}
