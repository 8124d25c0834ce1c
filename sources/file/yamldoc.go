package file

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/drift-sh/drift/contract"
	"gopkg.in/yaml.v3"
)

// yamlDoc is a YAML file loaded for a write as a node tree, which keeps
// key order, comments and scalar styles when it is encoded again.
type yamlDoc struct {
	s       *Source
	data    []byte
	changed bool // an unchanged file is written back byte for byte
	bom     bool
	doc     *yaml.Node // nil for an empty file
	seq     *yaml.Node
}

func (s *Source) loadYAML(data []byte) (*yamlDoc, error) {
	body := bytes.TrimPrefix(data, bom)
	doc, seq, err := s.parseYAML(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	return &yamlDoc{s: s, data: data, bom: len(body) < len(data), doc: doc, seq: seq}, nil
}

func (d *yamlDoc) len() int {
	if d.seq == nil {
		return 0
	}
	return len(d.seq.Content)
}

func (d *yamlDoc) record(i int) (contract.Record, error) { return d.s.yamlRecord(d.seq.Content[i]) }

func (d *yamlDoc) set(i int, f *contract.Field, v any) error {
	item := d.seq.Content[i]
	if item.Kind != yaml.MappingNode {
		return fmt.Errorf("the record at line %d is not a plain mapping (an alias?); edit it by hand", item.Line)
	}
	changed, err := setNode(item, d.s.paths[f.Index], f, v)
	d.changed = d.changed || changed
	return err
}

// setNode sets the value at a dotted path in a mapping node, creating
// mappings on the way and keeping the comments and quoting of the node it
// replaces. It says whether the value changed.
func setNode(m *yaml.Node, path []string, f *contract.Field, v any) (bool, error) {
	for i, key := range path {
		old := mapValue(m, key)
		if i < len(path)-1 {
			if old == nil {
				old = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				m.Content = append(m.Content, strNode(key), old)
			}
			if old.Kind != yaml.MappingNode {
				return false, fmt.Errorf("%q is not a mapping, so %q cannot be set inside it", strings.Join(path[:i+1], "."), strings.Join(path, "."))
			}
			m = old
			continue
		}
		var cur any
		if old != nil {
			cur = nodeToAny(old)
		}
		nv, err := styled(f, cur, v)
		if err != nil || sameJSON(cur, nv) {
			return false, err
		}
		n := toNode(nv)
		if old == nil {
			m.Content = append(m.Content, strNode(key), n)
			return true, nil
		}
		if old.Kind == n.Kind && old.Tag == n.Tag {
			n.Style = old.Style
		}
		n.HeadComment, n.LineComment, n.FootComment = old.HeadComment, old.LineComment, old.FootComment
		n.Anchor = old.Anchor
		*old = *n
	}
	return true, nil
}

func (d *yamlDoc) insert(vals []any) error {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i, f := range d.s.cfg.Contract.Fields {
		if vals[i] == nil {
			continue
		}
		if _, err := setNode(m, d.s.paths[i], f, vals[i]); err != nil {
			return err
		}
	}
	if d.doc == nil {
		if len(d.s.items) > 0 {
			return fmt.Errorf("the file is empty, so items path %q does not exist; create it first", strings.Join(d.s.items, "."))
		}
		d.seq = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		d.doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{d.seq}}
	}
	if d.seq.Style&yaml.FlowStyle != 0 {
		m.Style = yaml.FlowStyle
	}
	d.seq.Content = append(d.seq.Content, m)
	d.changed = true
	return nil
}

func (d *yamlDoc) remove(i int) {
	d.changed = true
	d.seq.Content = append(d.seq.Content[:i], d.seq.Content[i+1:]...)
}

func (d *yamlDoc) bytes() ([]byte, error) {
	if !d.changed {
		return d.data, nil
	}
	var buf bytes.Buffer
	if d.bom {
		buf.Write(bom)
	}
	if d.doc == nil {
		return buf.Bytes(), nil
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(d.doc); err != nil {
		return nil, fmt.Errorf("encode yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode yaml: %w", err)
	}
	return buf.Bytes(), nil
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// toNode converts a canonical value to a YAML node; numbers keep their
// literal text.
func toNode(v any) *yaml.Node {
	switch t := v.(type) {
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case string:
		return strNode(t)
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(t), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(t)}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(t)}
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for _, e := range t {
			n.Content = append(n.Content, toNode(e))
		}
		return n
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
		for _, k := range keys {
			n.Content = append(n.Content, strNode(k), toNode(t[k]))
		}
		return n
	}
	n := &yaml.Node{}
	if err := n.Encode(v); err != nil {
		return strNode(fmt.Sprint(v))
	}
	return n
}
