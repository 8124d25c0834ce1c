package file

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources/sourceutil"
)

// cells renders canonical values as CSV or TSV cells: scalars as their
// literal text, sets and lists joined with ";", json values as JSON text
// (see jsonText), null as the empty cell.
var cells = sourceutil.Texter{Holder: "a cell", Refusal: "this value cannot be written as text", JSON: jsonText}

// styled adapts a canonical value to the way the file already stores the
// field, so a repair does not change a number into a string or a JSON text
// into an object: cur is the stored raw value, or nil.
func styled(f *contract.Field, cur, v any) (any, error) {
	switch cur.(type) {
	case json.Number:
		if s, ok := v.(string); ok && sourceutil.IsNumeric(f) && sourceutil.IsJSONNumber(s) {
			return json.Number(s), nil
		}
	case string:
		switch nv := v.(type) {
		case json.Number:
			return string(nv), nil
		case bool:
			return strconv.FormatBool(nv), nil
		case []any, map[string]any:
			return cells.Text(f, nv)
		}
	case nil:
		if s, ok := v.(string); ok && f.Type == contract.TypeDecimal && sourceutil.IsJSONNumber(s) {
			return json.Number(s), nil
		}
	}
	return v, nil
}

// jsonText encodes a value as compact JSON with sorted object keys and
// without HTML escaping.
func jsonText(v any) (string, error) {
	var buf bytes.Buffer
	if err := encodeJSON(&buf, v, jsonStyle{}); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// jsonStyle says how compact JSON separates members: "," and ":", or with a
// space after each.
type jsonStyle struct{ spaced bool }

// encodeJSON writes v: ordered objects keep their key order, maps are
// sorted, numbers keep their literal text.
func encodeJSON(buf *bytes.Buffer, v any, st jsonStyle) error {
	comma, colon := ",", ":"
	if st.spaced {
		comma, colon = ", ", ": "
	}
	switch t := v.(type) {
	case *object:
		buf.WriteByte('{')
		for i, m := range t.members {
			if i > 0 {
				buf.WriteString(comma)
			}
			writeString(buf, m.key)
			buf.WriteString(colon)
			if err := encodeJSON(buf, m.val, st); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := &object{}
		for _, k := range keys {
			o.members = append(o.members, member{k, t[k]})
		}
		return encodeJSON(buf, o, st)
	case []any:
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteString(comma)
			}
			if err := encodeJSON(buf, e, st); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case json.Number:
		if !sourceutil.IsJSONNumber(string(t)) {
			return fmt.Errorf("%q is not a JSON number", string(t))
		}
		buf.WriteString(string(t))
	case string:
		writeString(buf, t)
	default:
		return encodeOther(buf, v)
	}
	return nil
}

// writeString writes a JSON string without HTML escaping.
func writeString(buf *bytes.Buffer, s string) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	buf.Truncate(buf.Len() - 1)
}

// encodeOther writes nil, bools and Go numbers.
func encodeOther(buf *bytes.Buffer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("cannot write %T as JSON: %w", v, err)
	}
	buf.Write(b)
	return nil
}
