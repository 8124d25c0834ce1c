package sqlsource

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"time"

	"github.com/drift-sh/drift/contract"
)

// Located remembers what one FetchLocated read, so that Reread can select
// some of its records again: the statement and layout it read with, and
// the key of every record, in the order read. Keys are encoded one after
// another into one byte arena, so a record costs its key's bytes plus
// eight, not a string or a map entry.
type Located struct {
	table  *Table
	keys   []int // index in Contract.Fields of each key field
	query  string
	layout *Layout
	arena  []byte
	offs   []int64 // offs[n] is where record n's key starts in arena
}

// Rereadable reports whether records of this target can be read again by
// key: a table (not a query) whose key fields are all read.
func (t *Table) Rereadable() bool {
	if t.Query != "" {
		return false
	}
	kf := t.Contract.KeyFields()
	for _, f := range kf {
		if f.Ignore {
			return false
		}
	}
	return len(kf) > 0
}

// NewLocated starts remembering the records of one FetchLocated of t.
func NewLocated(t *Table) *Located {
	l := &Located{table: t}
	for _, f := range t.Contract.KeyFields() {
		l.keys = append(l.keys, f.Index)
	}
	return l
}

// SetSelect records the statement that reads every record and the layout
// of its result; Reread narrows the same statement to some keys.
func (l *Located) SetSelect(query string, layout *Layout) {
	l.query, l.layout = query, layout
}

// Len returns the number of records remembered.
func (l *Located) Len() int { return len(l.offs) }

// Emit wraps emit so that each record gets its ordinal as Pos (0, 1, 2,
// ...) and its key is remembered.
func (l *Located) Emit(emit func(contract.Record) error) func(contract.Record) error {
	return func(rec contract.Record) error {
		rec.Pos = int64(len(l.offs))
		l.offs = append(l.offs, int64(len(l.arena)))
		if rec.Values == nil && rec.Columns != nil {
			l.arena = l.appendColumnsKey(l.arena, rec.Columns)
		} else {
			l.arena = l.appendKey(l.arena, rec.Values)
		}
		return emit(rec)
	}
}

// key returns the encoded key of record pos, or false when there is none.
func (l *Located) key(pos int64) ([]byte, bool) {
	if pos < 0 || pos >= int64(len(l.offs)) {
		return nil, false
	}
	end := int64(len(l.arena))
	if pos+1 < int64(len(l.offs)) {
		end = l.offs[pos+1]
	}
	return l.arena[l.offs[pos]:end], true
}

// appendKey encodes the key fields of vals (raw values, indexed like
// Contract.Fields) onto b.
func (l *Located) appendKey(b []byte, vals []any) []byte {
	for _, i := range l.keys {
		var v any
		if i < len(vals) {
			v = vals[i]
		}
		b = appendValue(b, v)
	}
	return b
}

// Value tags of the key encoding.
const (
	tagNull byte = iota
	tagInt
	tagFloat
	tagBool
	tagString
	tagBytes
	tagNumber
	tagTime
	tagOther
)

// appendValue encodes one raw value as a tag byte and its payload; texts
// are length-prefixed.
func appendValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, tagNull)
	case int64:
		return binary.AppendVarint(append(b, tagInt), x)
	case float64:
		return binary.LittleEndian.AppendUint64(append(b, tagFloat), math.Float64bits(x))
	case bool:
		if x {
			return append(b, tagBool, 1)
		}
		return append(b, tagBool, 0)
	case string:
		return appendText(append(b, tagString), x)
	case []byte:
		return appendText(append(b, tagBytes), string(x))
	case json.Number:
		return appendText(append(b, tagNumber), string(x))
	case time.Time:
		return binary.AppendVarint(append(b, tagTime), x.UTC().UnixNano())
	}
	text, err := json.Marshal(v)
	if err != nil {
		return append(b, tagNull)
	}
	return appendText(append(b, tagOther), string(text))
}

func appendText(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// decodeKey turns an encoded key back into one bound parameter per key
// field: numbers and other values as their text, the rest as their type.
func decodeKey(b []byte, n int) ([]any, bool) {
	out := make([]any, 0, n)
	for range n {
		if len(b) == 0 {
			return nil, false
		}
		tag := b[0]
		b = b[1:]
		var v any
		var size int
		switch tag {
		case tagNull:
			v = nil
		case tagInt:
			if v, size = binary.Varint(b); size <= 0 {
				return nil, false
			}
		case tagFloat:
			if len(b) < 8 {
				return nil, false
			}
			v, size = math.Float64frombits(binary.LittleEndian.Uint64(b)), 8
		case tagBool:
			v, size = len(b) > 0 && b[0] == 1, 1
		case tagTime:
			var ns int64
			if ns, size = binary.Varint(b); size <= 0 {
				return nil, false
			}
			v = time.Unix(0, ns).UTC()
		case tagString, tagBytes, tagNumber, tagOther:
			l, m := binary.Uvarint(b)
			if m <= 0 || uint64(len(b)-m) < l {
				return nil, false
			}
			text := b[m : m+int(l)]
			size = m + int(l)
			if v = string(text); tag == tagBytes {
				v = []byte(string(text))
			}
		default:
			return nil, false
		}
		if size > len(b) {
			return nil, false
		}
		out = append(out, v)
		b = b[size:]
	}
	return out, len(b) == 0
}
