package file

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// jsonDoc is a JSON file loaded for a write. Only the changed record is
// encoded again, in the layout of its neighbours; every other byte of the
// file, the object around an `items` array included, is kept.
type jsonDoc struct {
	s           *Source
	data        []byte
	open, close int64 // just after '[' and at ']'
	elems       []jsonElem
	objs        map[int]*object // records decoded for the write
	dirty       map[int]bool    // records the write changed
	removed     int             // index of the removed record, or -1
	appended    []*object
}

func (s *Source) loadJSON(data []byte) (*jsonDoc, error) {
	d := &jsonDoc{s: s, data: data, objs: map[int]*object{}, dirty: map[int]bool{}, removed: -1}
	skip := int64(0)
	if bytes.HasPrefix(data, bom) {
		skip = int64(len(bom))
	}
	w, err := s.walkJSON(bytes.NewReader(data[skip:]), skip, func(_ int, e jsonElem) error {
		e.raw = nil // the bytes are in data
		d.elems = append(d.elems, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.open, d.close = w.open, w.close
	return d, nil
}

func (d *jsonDoc) raw(i int) []byte { return d.data[d.elems[i].start:d.elems[i].end] }

func (d *jsonDoc) len() int { return len(d.elems) }

// record reads record i as the document now holds it: a record that set
// changed is read from its decoded object.
func (d *jsonDoc) record(i int) (contract.Record, error) {
	loc := fmt.Sprintf("record %d (byte offset %d)", i+1, d.elems[i].start)
	if o, ok := d.objs[i]; ok {
		return d.s.recordFromMap(plain(o).(map[string]any), loc), nil
	}
	m, err := decodeObject(d.raw(i))
	if err != nil {
		return contract.Record{}, fmt.Errorf("%s: %s: %w", d.s.name, loc, err)
	}
	return d.s.recordFromMap(m, loc), nil
}

// object returns record i decoded in key order, for changing it.
func (d *jsonDoc) object(i int) (*object, error) {
	if o, ok := d.objs[i]; ok {
		return o, nil
	}
	v, err := decodeOrdered(d.raw(i))
	if err != nil {
		return nil, err
	}
	d.objs[i] = v.(*object)
	return d.objs[i], nil
}

func (d *jsonDoc) set(i int, f *contract.Field, v any) error {
	o, err := d.object(i)
	if err != nil {
		return err
	}
	changed, err := setStyled(o, d.s.paths[f.Index], f, v)
	if changed {
		d.dirty[i] = true
	}
	return err
}

// setStyled sets a field in an ordered object in the style of its current
// value, and says whether that changed the object.
func setStyled(o *object, path []string, f *contract.Field, v any) (bool, error) {
	cur := o.getPath(path)
	nv, err := styled(f, cur, v)
	if err != nil {
		return false, err
	}
	if sameJSON(cur, nv) {
		return false, nil
	}
	return true, o.setPath(path, nv)
}

// sameJSON reports whether two values encode to the same JSON text.
func sameJSON(a, b any) bool {
	var x, y bytes.Buffer
	return encodeJSON(&x, a, jsonStyle{}) == nil && encodeJSON(&y, b, jsonStyle{}) == nil && bytes.Equal(x.Bytes(), y.Bytes())
}

// newObject builds an inserted record: contract fields in declaration
// order, nested along their dotted paths; absent fields are left out.
func (s *Source) newObject(vals []any) (*object, error) {
	o := &object{}
	for i, f := range s.cfg.Contract.Fields {
		if vals[i] == nil {
			continue
		}
		if _, err := setStyled(o, s.paths[i], f, vals[i]); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func (d *jsonDoc) insert(vals []any) error {
	o, err := d.s.newObject(vals)
	if err != nil {
		return err
	}
	d.appended = append(d.appended, o)
	return nil
}

func (d *jsonDoc) remove(i int) { d.removed = i }

func (d *jsonDoc) bytes() ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(d.data) + 256)
	pos := int64(0)
	for i, e := range d.elems {
		switch {
		case i == d.removed:
			from, to := d.cut(i)
			out.Write(d.data[pos:from])
			pos = to
		case d.dirty[i]:
			enc, err := d.encodeLike(d.objs[i], d.raw(i), lineIndent(d.data, e.start))
			if err != nil {
				return nil, err
			}
			out.Write(d.data[pos:e.start])
			out.Write(enc)
			pos = e.end
		}
	}
	if len(d.appended) > 0 {
		at, text, err := d.appendText()
		if err != nil {
			return nil, err
		}
		out.Write(d.data[pos:at])
		out.Write(text)
		pos = at
		if len(d.elems) == 0 {
			pos = d.close
		}
	}
	out.Write(d.data[pos:])
	return out.Bytes(), nil
}

// cut is the byte range that removing record i takes out: the record and
// the separator before it (after it, for the first record).
func (d *jsonDoc) cut(i int) (int64, int64) {
	switch {
	case i > 0:
		return d.elems[i-1].end, d.elems[i].end
	case len(d.elems) > 1:
		return d.elems[0].start, d.elems[1].start
	default:
		return d.open, d.close
	}
}

// appendText returns where appended records go and their text, separated
// and indented like the records already there.
func (d *jsonDoc) appendText() (int64, []byte, error) {
	var out bytes.Buffer
	n := len(d.elems)
	if n == 0 {
		outer := lineLead(d.data, d.open-1)
		model := []byte("{\n}")
		sep := "\n" + outer + "  "
		if !bytes.Contains(d.data, []byte("\n")) {
			model, sep = []byte("{}"), ""
		}
		for i, o := range d.appended {
			if i > 0 {
				out.WriteString(",")
			}
			enc, err := d.encodeLike(o, model, outer+"  ")
			if err != nil {
				return 0, nil, err
			}
			out.WriteString(sep)
			out.Write(enc)
		}
		if sep != "" {
			out.WriteString("\n" + outer)
		}
		return d.open, out.Bytes(), nil
	}
	last := d.elems[n-1]
	sep := ", "
	switch {
	case n > 1:
		sep = string(d.data[d.elems[n-2].end:last.start])
	case bytes.Contains(d.data[d.open:last.start], []byte("\n")):
		sep = "," + string(d.data[d.open:last.start])
	}
	for _, o := range d.appended {
		enc, err := d.encodeLike(o, d.raw(n-1), lineIndent(d.data, last.start))
		if err != nil {
			return 0, nil, err
		}
		out.WriteString(sep)
		out.Write(enc)
	}
	return last.end, out.Bytes(), nil
}

// encodeLike encodes o in the layout of model, another record of the file:
// indented like it when it spans lines, else on one line with or without
// spaces after ':' and ','.
func (d *jsonDoc) encodeLike(o *object, model []byte, prefix string) ([]byte, error) {
	multi := bytes.IndexByte(model, '\n')
	var compact bytes.Buffer
	if err := encodeJSON(&compact, o, jsonStyle{spaced: multi < 0 && spacedStyle(model)}); err != nil {
		return nil, err
	}
	if multi < 0 {
		return compact.Bytes(), nil
	}
	unit := "  "
	rest := model[multi+1:]
	ws := string(rest[:len(rest)-len(bytes.TrimLeft(rest, " \t"))])
	if strings.HasPrefix(ws, prefix) && len(ws) > len(prefix) {
		unit = ws[len(prefix):]
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), prefix, unit); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// lineIndent returns the white space that starts the line holding pos, if
// nothing but white space comes before pos on that line.
func lineIndent(data []byte, pos int64) string {
	start := bytes.LastIndexByte(data[:pos], '\n') + 1
	ws := data[start:pos]
	if len(bytes.TrimLeft(ws, " \t")) != 0 {
		return ""
	}
	return string(ws)
}

// lineLead returns the white space that starts the line holding pos.
func lineLead(data []byte, pos int64) string {
	line := data[bytes.LastIndexByte(data[:pos], '\n')+1 : pos]
	return string(line[:len(line)-len(bytes.TrimLeft(line, " \t"))])
}

// spacedStyle reports whether a one-line JSON object puts a space after
// its first ':'.
func spacedStyle(raw []byte) bool {
	inString, escaped := false, false
	for i, c := range raw {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && c == ':':
			return i+1 < len(raw) && raw[i+1] == ' '
		}
	}
	return false
}
