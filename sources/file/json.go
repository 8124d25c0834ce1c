package file

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// jsonElem is one element of the records array: its bytes and where they
// sit in the file.
type jsonElem struct {
	start, end int64
	raw        json.RawMessage
}

// jsonWalk finds the records array of a JSON document (the document itself,
// or the array at the `items` path) and reports each element in order.
type jsonWalk struct {
	s    *Source
	dec  *json.Decoder
	base int64 // bytes skipped before the decoder's input (a BOM)
	each func(i int, e jsonElem) error
	// open is the offset just after the array's '[', close that of its ']'.
	open, close int64
}

// walkJSON runs a jsonWalk over r and checks that nothing but white space
// follows the document.
func (s *Source) walkJSON(r io.Reader, base int64, each func(int, jsonElem) error) (*jsonWalk, error) {
	w := &jsonWalk{s: s, dec: json.NewDecoder(r), base: base, each: each}
	if err := w.value(s.items, nil); err != nil {
		return nil, err
	}
	if _, err := w.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, w.syntax(err, "the document goes on after its end")
	}
	return w, nil
}

// scanJSON streams the records of a JSON file.
func (s *Source) scanJSON(r io.Reader, base int64, emit func(contract.Record) error) error {
	_, err := s.walkJSON(r, base, func(i int, e jsonElem) error {
		m, err := decodeObject(e.raw)
		if err != nil {
			return fmt.Errorf("%s: record %d (byte offset %d): %w", s.name, i+1, e.start, err)
		}
		return emit(s.recordFromMap(m, fmt.Sprintf("record %d (byte offset %d)", i+1, e.start)))
	})
	return err
}

// decodeObject decodes one JSON object, keeping numbers as json.Number. An
// object that names a member twice, at any depth, is an error.
func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if name, dup := dupMember(raw); dup {
		return nil, fmt.Errorf("member %q appears twice in one object; keep one, a reader would take only the last", name)
	}
	return m, nil
}

// value reads the value at path below the current position; done is the
// part of the items path already walked, for messages.
func (w *jsonWalk) value(path, done []string) error {
	tok, err := w.dec.Token()
	if err != nil {
		return w.syntax(err, "")
	}
	at := w.base + w.dec.InputOffset() - 1
	if len(path) == 0 {
		if tok != json.Delim('[') {
			if len(done) == 0 {
				return fmt.Errorf("%s: byte %d: the document is %s, not an array of records; set `items:` to the dotted path of the records array", w.s.name, at, describe(tok))
			}
			return fmt.Errorf("%s: byte %d: items path %q holds %s, not an array of records", w.s.name, at, strings.Join(done, "."), describe(tok))
		}
		w.open = at + 1
		return w.elements()
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("%s: byte %d: items path %q: %s is %s, not an object", w.s.name, at, strings.Join(w.s.items, "."), where(done), describe(tok))
	}
	found := false
	for w.dec.More() {
		key, err := w.dec.Token()
		if err != nil {
			return w.syntax(err, "")
		}
		if key == path[0] && !found {
			found = true
			if err := w.value(path[1:], append(done, path[0])); err != nil {
				return err
			}
		} else if err := w.dec.Decode(&json.RawMessage{}); err != nil {
			return w.syntax(err, "")
		}
	}
	if _, err := w.dec.Token(); err != nil {
		return w.syntax(err, "")
	}
	if !found {
		return fmt.Errorf("%s: byte %d: items path %q not found: %s has no key %q", w.s.name, at, strings.Join(w.s.items, "."), where(done), path[0])
	}
	return nil
}

// elements reads the array's elements; each must be an object.
func (w *jsonWalk) elements() error {
	for i := 0; w.dec.More(); i++ {
		var raw json.RawMessage
		if err := w.dec.Decode(&raw); err != nil {
			return w.syntax(err, "")
		}
		end := w.base + w.dec.InputOffset()
		e := jsonElem{start: end - int64(len(raw)), end: end, raw: raw}
		if raw[0] != '{' {
			return fmt.Errorf("%s: record %d (byte offset %d): a record must be a JSON object, not %s", w.s.name, i+1, e.start, describeRaw(raw))
		}
		if err := w.each(i, e); err != nil {
			return err
		}
	}
	if _, err := w.dec.Token(); err != nil {
		return w.syntax(err, "")
	}
	w.close = w.base + w.dec.InputOffset() - 1
	return nil
}

// syntax turns a decoder error into one that names the file and the exact
// byte. The streaming decoder's offsets are not exact, so the file is read
// again to find the first error.
func (w *jsonWalk) syntax(err error, fallback string) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) && err != nil {
		return err
	}
	if data, rerr := os.ReadFile(w.s.path); rerr == nil {
		if perr := jsonSyntax(w.s.name, data); perr != nil {
			return perr
		}
	}
	if fallback == "" {
		fallback = err.Error()
	}
	return fmt.Errorf("%s: byte %d: %s", w.s.name, w.base+w.dec.InputOffset(), fallback)
}

// jsonSyntax checks a whole JSON file and says where its first error is.
func jsonSyntax(name string, data []byte) error {
	body := bytes.TrimPrefix(data, bom)
	var raw json.RawMessage
	err := json.Unmarshal(body, &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return nil
	}
	off := int64(len(data)-len(body)) + se.Offset - 1
	msg := se.Error()
	if strings.HasPrefix(msg, "unexpected end of JSON input") {
		off = int64(len(data))
		msg = "unexpected end of file; the document is cut short"
	}
	line, col := lineCol(data, off)
	return fmt.Errorf("%s: byte %d (line %d, column %d): %s", name, off, line, col, msg)
}

// lineCol gives the 1-based line and column of a byte offset.
func lineCol(data []byte, off int64) (int, int) {
	off = min(off, int64(len(data)))
	head := data[:off]
	line := bytes.Count(head, []byte("\n")) + 1
	return line, int(off) - (bytes.LastIndexByte(head, '\n') + 1) + 1
}

func where(done []string) string {
	if len(done) == 0 {
		return "the document"
	}
	return fmt.Sprintf("%q", strings.Join(done, "."))
}

// describe names the kind of a JSON token for messages.
func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	case string:
		return "a string"
	case nil:
		return "null"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}

// describeRaw names the kind of a raw JSON value.
func describeRaw(raw []byte) string {
	switch raw[0] {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	default:
		return "a number"
	}
}
