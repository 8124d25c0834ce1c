package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// parseJSON accepts an object or an array, or a string holding one. The
// canonical JSON has sorted keys, no HTML escaping, and every number in its
// shortest exact decimal form, so 1.0 equals 1 and 1e3 equals 1000.
func parseJSON(raw any) Value {
	doc := raw
	if s, ok := textOf(raw); ok {
		if !utf8.ValidString(s) {
			return notUTF8(raw, s)
		}
		var err error
		if doc, err = decodeJSONText(s); err != nil {
			return notA(raw, "a JSON object or array", ": "+err.Error())
		}
	}
	switch doc.(type) {
	case map[string]any, []any:
	default:
		return notA(raw, "a JSON object or array", "")
	}
	w := jsonWriter{canon: true}
	native, ok := w.value(doc)
	if w.notUTF8 != "" {
		return notUTF8(raw, w.notUTF8)
	}
	if !ok {
		return notA(raw, "a JSON object or array", ": it holds a number out of range or a value JSON cannot hold")
	}
	return Value{State: Valid, JSON: string(w.b), Native: native}
}

// decodeJSONText decodes exactly one JSON document, numbers as json.Number.
func decodeJSONText(s string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errTrailingJSON
	}
	return doc, nil
}

var errTrailingJSON = errors.New("text after the JSON value")

// appendJSON writes v as compact JSON with sorted keys. With canon, numbers
// take their shortest exact form; without, they stay as given.
func appendJSON(b []byte, v any, canon bool) ([]byte, bool) {
	w := jsonWriter{b: b, canon: canon}
	_, ok := w.value(v)
	return w.b, ok
}

// jsonWriter writes decoded JSON; in canon mode it also builds the decoded
// canonical value (numbers as canonical json.Number) for CEL. A string or
// key that is not valid UTF-8 stops canon mode (it is kept in notUTF8) and
// is written escaped otherwise, so raw texts keep different bytes apart.
type jsonWriter struct {
	b       []byte
	canon   bool
	notUTF8 string
}

func (w *jsonWriter) value(v any) (any, bool) {
	switch r := v.(type) {
	case nil:
		w.b = append(w.b, "null"...)
		return nil, true
	case bool:
		w.b = strconv.AppendBool(w.b, r)
		return r, true
	case string:
		if !w.text(r) {
			return nil, false
		}
		return r, true
	case Cell:
		return w.value(string(r))
	case []byte:
		return w.value(string(r))
	case time.Time:
		return w.value(r.UTC().Format(time.RFC3339Nano))
	case json.Number:
		return w.number(string(r))
	case Literal:
		return w.number(string(r.Number))
	case int64:
		return w.number(strconv.FormatInt(r, 10))
	case float64:
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return nil, false
		}
		return w.number(strconv.FormatFloat(r, 'g', -1, 64))
	case []any:
		return w.array(r)
	case map[string]any:
		return w.object(r)
	}
	if wide, ok := widen(v); ok {
		return w.value(wide)
	}
	return nil, false
}

func (w *jsonWriter) number(text string) (any, bool) {
	if !w.canon {
		w.b = append(w.b, text...)
		return json.Number(text), true
	}
	canon, ok := canonicalDecimal(text)
	if !ok {
		return nil, false
	}
	w.b = append(w.b, canon...)
	return json.Number(canon), true
}

func (w *jsonWriter) array(arr []any) (any, bool) {
	var out []any
	if w.canon {
		out = make([]any, len(arr))
	}
	w.b = append(w.b, '[')
	for i, m := range arr {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		n, ok := w.value(m)
		if !ok {
			return nil, false
		}
		if w.canon {
			out[i] = n
		}
	}
	w.b = append(w.b, ']')
	return out, true
}

func (w *jsonWriter) object(obj map[string]any) (any, bool) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out map[string]any
	if w.canon {
		out = make(map[string]any, len(obj))
	}
	w.b = append(w.b, '{')
	for i, k := range keys {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		if !w.text(k) {
			return nil, false
		}
		w.b = append(w.b, ':')
		n, ok := w.value(obj[k])
		if !ok {
			return nil, false
		}
		if w.canon {
			out[k] = n
		}
	}
	w.b = append(w.b, '}')
	return out, true
}

// text writes a string or key; it reports false for invalid UTF-8 in
// canon mode.
func (w *jsonWriter) text(s string) bool {
	if !utf8.ValidString(s) {
		if w.canon {
			w.notUTF8 = s
			return false
		}
		s = escapeInvalidUTF8(s)
	}
	w.b = appendJSONString(w.b, s)
	return true
}
