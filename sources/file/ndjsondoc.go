package file

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/drift-sh/drift/contract"
)

// ndjsonDoc is an NDJSON file loaded for a write: lines a write does not
// touch are copied byte for byte.
type ndjsonDoc struct {
	s     *Source
	data  []byte
	spans [][2]int // each record's line, its line ending included
	lines []int
	objs  map[int]*object
	edits lineEdits
	// model is the record whose style an insert follows when the document
	// holds none: the last of the file it was taken from.
	model []byte
}

func (s *Source) loadNDJSON(data []byte) (*ndjsonDoc, error) {
	d := &ndjsonDoc{s: s, data: data, objs: map[int]*object{}, edits: newLineEdits(data)}
	pos := 0
	if bytes.HasPrefix(data, bom) {
		pos = len(bom)
	}
	for n := 1; pos < len(data); n++ {
		end := len(data)
		if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
			end = pos + i + 1
		}
		if len(bytes.TrimSpace(data[pos:end])) > 0 {
			d.spans = append(d.spans, [2]int{pos, end})
			d.lines = append(d.lines, n)
		}
		pos = end
	}
	return d, nil
}

func (d *ndjsonDoc) body(i int) []byte {
	return bytes.TrimSpace(d.data[d.spans[i][0]:d.spans[i][1]])
}

func (d *ndjsonDoc) len() int { return len(d.spans) }

// record reads record i as the document now holds it: a record that set
// changed is read from its decoded object.
func (d *ndjsonDoc) record(i int) (contract.Record, error) {
	if o, ok := d.objs[i]; ok {
		return d.s.recordFromMap(plain(o).(map[string]any), "line "+strconv.Itoa(d.lines[i])), nil
	}
	m, err := parseObjectLine(d.body(i))
	if err != nil {
		return contract.Record{}, fmt.Errorf("%s: line %d: %w", d.s.name, d.lines[i], err)
	}
	return d.s.recordFromMap(m, "line "+strconv.Itoa(d.lines[i])), nil
}

func (d *ndjsonDoc) set(i int, f *contract.Field, v any) error {
	o, err := d.object(i)
	if err != nil {
		return err
	}
	changed, err := setStyled(o, d.s.paths[f.Index], f, v)
	if err != nil || !changed {
		return err
	}
	enc, err := d.encode(o, d.body(i))
	d.edits.replaced[i] = enc
	return err
}

func (d *ndjsonDoc) insert(vals []any) error {
	o, err := d.s.newObject(vals)
	if err != nil {
		return err
	}
	enc, err := d.encode(o, d.insertModel())
	d.edits.appended = append(d.edits.appended, enc)
	return err
}

// insertModel is the record an inserted one is styled after.
func (d *ndjsonDoc) insertModel() []byte {
	if n := len(d.spans); n > 0 {
		return d.body(n - 1)
	}
	return d.model
}

func (d *ndjsonDoc) remove(i int) { d.edits.removed[i] = true }

func (d *ndjsonDoc) bytes() ([]byte, error) { return d.edits.splice(d.data, d.spans), nil }

// encode writes one record line in the style of model, with the file's
// line ending.
func (d *ndjsonDoc) encode(o *object, model []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeJSON(&buf, o, jsonStyle{spaced: spacedStyle(model)}); err != nil {
		return nil, err
	}
	buf.WriteString(d.edits.nl)
	return buf.Bytes(), nil
}
