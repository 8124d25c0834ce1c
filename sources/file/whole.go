package file

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourceutil"
)

var _ sources.WholeRecorder = (*Source)(nil)

// GetWhole returns the first record with the key as the file holds it:
// for CSV and TSV every column of the header, as text; for JSON, NDJSON and
// YAML every top-level member, in the file's order. In a batch it reads the
// staged records.
func (s *Source) GetWhole(ctx context.Context, key []any) (json.RawMessage, bool, error) {
	want, err := s.keyJSON(key)
	if err != nil {
		return nil, false, err
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.staged(ctx); st != nil {
		return st.whole(ctx, want)
	}
	st, err := s.newStager(false)
	if err != nil {
		return nil, false, err
	}
	return st.whole(ctx, want)
}

// whole reads a key's record whole from the staged document.
func (b *docStage) whole(_ context.Context, want []string) (json.RawMessage, bool, error) {
	s := b.s
	if b.broken != nil {
		return nil, false, b.broken
	}
	k := keyText(want)
	if err := s.refresh(b, k, ""); err != nil {
		return nil, false, err
	}
	i, ok := b.index[k]
	if !ok {
		return nil, false, nil
	}
	return s.wholeJSON(b.doc, i)
}

func (s *Source) wholeJSON(doc document, i int) (json.RawMessage, bool, error) {
	o, err := doc.whole(i)
	if err != nil {
		return nil, false, fmt.Errorf("%s: record %d: %w", s.name, i+1, err)
	}
	var buf bytes.Buffer
	if err := encodeJSON(&buf, o, jsonStyle{}); err != nil {
		return nil, false, fmt.Errorf("%s: record %d: %w", s.name, i+1, err)
	}
	return buf.Bytes(), true, nil
}

// insertWhole appends a record given whole, as GetWhole returned it.
func (s *Source) insertWhole(doc document, whole json.RawMessage) error {
	v, err := decodeOrdered(whole)
	if err != nil {
		return fmt.Errorf("the record to insert is not JSON: %w", err)
	}
	o, ok := v.(*object)
	if !ok {
		return errors.New("the record to insert is not a JSON object")
	}
	return doc.insertWhole(o)
}

func (d *csvDoc) whole(i int) (*object, error) {
	row := d.rows[i]
	o := &object{}
	for c, name := range d.header {
		cell := ""
		if c < len(row) {
			cell = row[c]
		}
		o.members = append(o.members, member{name, cell})
	}
	return o, nil
}

func (d *csvDoc) insertWhole(o *object) error {
	if d.header == nil {
		d.newHead, d.data = true, nil
		for _, m := range o.members {
			d.header = append(d.header, m.key)
		}
	}
	cols := make(map[string]int, len(d.header))
	for c, name := range d.header {
		if _, dup := cols[name]; !dup {
			cols[name] = c
		}
	}
	row := make([]string, len(d.header))
	for _, m := range o.members {
		c, ok := cols[m.key]
		if !ok {
			return fmt.Errorf("column %q of the record is no longer in the header; add it back to restore the record", m.key)
		}
		switch v := m.val.(type) {
		case string:
			row[c] = v
		case nil:
		default:
			return fmt.Errorf("column %q: %v is not text; a CSV record holds only text", m.key, v)
		}
	}
	d.edits.appended = append(d.edits.appended, d.encode(row))
	return nil
}

func (d *jsonDoc) whole(i int) (*object, error) { return editedOrDecoded(d.objs, i, d.raw) }

// editedOrDecoded is record i as an ordered object: its edited copy when a
// batch changed it, else decoded from its bytes.
func editedOrDecoded(edited map[int]*object, i int, bytesOf func(int) []byte) (*object, error) {
	if o, ok := edited[i]; ok {
		return o, nil
	}
	v, err := decodeOrdered(bytesOf(i))
	if err != nil {
		return nil, err
	}
	o, ok := v.(*object)
	if !ok {
		return nil, errors.New("the record is not a JSON object")
	}
	return o, nil
}

func (d *jsonDoc) insertWhole(o *object) error {
	d.appended = append(d.appended, o)
	return nil
}

func (d *ndjsonDoc) whole(i int) (*object, error) { return editedOrDecoded(d.objs, i, d.body) }

func (d *ndjsonDoc) insertWhole(o *object) error {
	enc, err := d.encode(o, d.insertModel())
	d.edits.appended = append(d.edits.appended, enc)
	return err
}

func (d *yamlDoc) whole(i int) (*object, error) {
	v, err := fromNode(d.seq.Content[i])
	if err != nil {
		return nil, err
	}
	o, ok := v.(*object)
	if !ok {
		return nil, errors.New("the record is not a YAML mapping")
	}
	return o, nil
}

func (d *yamlDoc) insertWhole(o *object) error {
	if d.doc == nil && len(d.s.items) > 0 {
		return fmt.Errorf("the file is empty, so items path %v does not exist; create it first", d.s.items)
	}
	if d.doc == nil {
		d.seq = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		d.doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{d.seq}}
	}
	m := orderedNode(o)
	if d.seq.Style&yaml.FlowStyle != 0 {
		m.Style = yaml.FlowStyle
	}
	d.seq.Content = append(d.seq.Content, m)
	d.changed = true
	return nil
}

// fromNode reads a YAML node as an ordered JSON value: mappings keep their
// key order, integers and floats their literal text, and any other scalar
// (a timestamp, a binary) is its text.
func fromNode(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return fromNode(n.Alias)
	case yaml.MappingNode:
		o := &object{}
		for j := 0; j+1 < len(n.Content); j += 2 {
			v, err := fromNode(n.Content[j+1])
			if err != nil {
				return nil, err
			}
			o.members = append(o.members, member{n.Content[j].Value, v})
		}
		return o, nil
	case yaml.SequenceNode:
		out := []any{}
		for _, e := range n.Content {
			v, err := fromNode(e)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.ScalarNode:
		return scalarValue(n), nil
	}
	return nil, fmt.Errorf("line %d: a YAML node of kind %d cannot be read as a value", n.Line, n.Kind)
}

func scalarValue(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		if b, err := strconv.ParseBool(n.Value); err == nil {
			return b
		}
	case "!!int", "!!float":
		if sourceutil.IsJSONNumber(n.Value) {
			return json.Number(n.Value)
		}
	}
	return n.Value
}

// orderedNode is toNode for ordered values: mappings keep their key order
// and are written in block style.
func orderedNode(v any) *yaml.Node {
	switch t := v.(type) {
	case *object:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, m := range t.members {
			n.Content = append(n.Content, strNode(m.key), orderedNode(m.val))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for _, e := range t {
			n.Content = append(n.Content, orderedNode(e))
		}
		return n
	}
	return toNode(v)
}
