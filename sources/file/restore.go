package file

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/drift-sh/drift/contract"
	"gopkg.in/yaml.v3"
)

// restore writes back the fields named in set with the values whole, a
// record as GetWhole read it, holds for them: a CSV cell's text, a JSON
// token as written, byte for byte, and never skipped as already equal. A
// field whole lacks is removed (JSON, YAML) or emptied (CSV).
func (s *Source) restore(doc document, at int, set map[string]any, whole json.RawMessage, keyText string) error {
	v, err := decodeOrdered(whole)
	if err != nil {
		return fmt.Errorf("%s: %s: the record to restore is not JSON: %w", s.name, keyText, err)
	}
	held, ok := v.(*object)
	if !ok {
		return fmt.Errorf("%s: %s: the record to restore is not a JSON object", s.name, keyText)
	}
	for _, name := range slices.Sorted(maps.Keys(set)) {
		f, err := s.field(name)
		if err != nil {
			return err
		}
		path := s.paths[f.Index]
		if s.format == formatCSV || s.format == formatTSV {
			path = []string{s.cfg.Path(f)} // a column name, not a dotted path
		}
		val, found := held.lookup(path)
		if err := doc.restore(at, f, val, found); err != nil {
			return fmt.Errorf("%s: %s: field %q: %w", s.name, keyText, name, err)
		}
	}
	return nil
}

// lookup returns the value at a path of nested objects, and whether it is
// there.
func (o *object) lookup(path []string) (any, bool) {
	var v any = o
	for _, p := range path {
		obj, ok := v.(*object)
		if !ok {
			return nil, false
		}
		if v, ok = obj.get(p); !ok {
			return nil, false
		}
	}
	return v, true
}

// restorePath sets the value at path to v, or removes it when held is
// false, and says whether that changed the object.
func (o *object) restorePath(path []string, v any, held bool) (bool, error) {
	cur, had := o.lookup(path)
	if held {
		if had && sameJSON(cur, v) {
			return false, nil
		}
		return true, o.setPath(path, v)
	}
	if !had {
		return false, nil
	}
	parent := o
	for _, p := range path[:len(path)-1] {
		next, _ := parent.get(p)
		parent = next.(*object) // lookup found the path, so these are objects
	}
	last := path[len(path)-1]
	parent.members = slices.DeleteFunc(parent.members, func(m member) bool { return m.key == last })
	return true, nil
}

func (d *csvDoc) restore(i int, f *contract.Field, v any, held bool) error {
	c := d.cols[f.Index]
	text := ""
	if held {
		switch t := v.(type) {
		case string:
			text = t
		case nil:
		default:
			return fmt.Errorf("the record to restore holds %v, not a cell's text", v)
		}
	}
	if c < 0 {
		if text == "" {
			return nil
		}
		return fmt.Errorf("the header has no column %q; add the column to restore this field", d.s.cfg.Path(f))
	}
	if d.rows[i][c] == text {
		return nil
	}
	d.rows[i][c] = text
	d.edits.replaced[i] = d.encode(d.rows[i])
	return nil
}

func (d *jsonDoc) restore(i int, f *contract.Field, v any, held bool) error {
	o, err := d.object(i)
	if err != nil {
		return err
	}
	changed, err := o.restorePath(d.s.paths[f.Index], v, held)
	if changed {
		d.dirty[i] = true
	}
	return err
}

func (d *ndjsonDoc) restore(i int, f *contract.Field, v any, held bool) error {
	o, err := d.object(i)
	if err != nil {
		return err
	}
	changed, err := o.restorePath(d.s.paths[f.Index], v, held)
	if err != nil || !changed {
		return err
	}
	enc, err := d.encode(o, d.body(i))
	d.edits.replaced[i] = enc
	return err
}

func (d *yamlDoc) restore(i int, f *contract.Field, v any, held bool) error {
	m := d.seq.Content[i]
	if m.Kind != yaml.MappingNode {
		return fmt.Errorf("the record at line %d is not a plain mapping (an alias?); edit it by hand", m.Line)
	}
	path := d.s.paths[f.Index]
	for j, key := range path[:len(path)-1] {
		next := mapValue(m, key)
		if next == nil && !held {
			return nil
		}
		if next == nil {
			next = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			m.Content = append(m.Content, strNode(key), next)
		}
		if next.Kind != yaml.MappingNode {
			return fmt.Errorf("%q is not a mapping, so the field cannot be restored inside it", strings.Join(path[:j+1], "."))
		}
		m = next
	}
	changed, err := restoreNode(m, path[len(path)-1], v, held)
	d.changed = d.changed || changed
	return err
}

// restoreNode sets key in mapping m to v as held, keeping the comments of
// the node it replaces, or removes key when held is false.
func restoreNode(m *yaml.Node, key string, v any, held bool) (bool, error) {
	for j := 0; j+1 < len(m.Content); j += 2 {
		if m.Content[j].Value != key {
			continue
		}
		if !held {
			m.Content = slices.Delete(m.Content, j, j+2)
			return true, nil
		}
		old := m.Content[j+1]
		if cur, err := fromNode(old); err == nil && sameJSON(cur, v) {
			return false, nil
		}
		n := heldNode(v)
		if old.Kind == n.Kind && old.Tag == n.Tag {
			n.Style = old.Style
		}
		n.HeadComment, n.LineComment, n.FootComment = old.HeadComment, old.LineComment, old.FootComment
		*old = *n
		return true, nil
	}
	if !held {
		return false, nil
	}
	m.Content = append(m.Content, strNode(key), heldNode(v))
	return true, nil
}

// heldNode is orderedNode for a restored value: a string that YAML reads
// as a timestamp or another text-like scalar when written plain keeps
// that tag, so it is written back plain, as it most likely was.
func heldNode(v any) *yaml.Node {
	s, ok := v.(string)
	if !ok {
		return orderedNode(v)
	}
	var doc yaml.Node
	if yaml.Unmarshal([]byte(s), &doc) == nil && len(doc.Content) == 1 {
		n := doc.Content[0]
		if n.Kind == yaml.ScalarNode && n.Style == 0 && n.Value == s && n.ShortTag() == "!!timestamp" {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: s}
		}
	}
	return strNode(s)
}

// object returns record i decoded in key order, for changing it.
func (d *ndjsonDoc) object(i int) (*object, error) {
	if o, ok := d.objs[i]; ok {
		return o, nil
	}
	v, err := decodeOrdered(d.body(i))
	if err != nil {
		return nil, err
	}
	o, ok := v.(*object)
	if !ok {
		return nil, errors.New("the record is not a JSON object")
	}
	d.objs[i] = o
	return o, nil
}
