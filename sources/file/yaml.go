package file

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources/sourceutil"
	"gopkg.in/yaml.v3"
)

// parseYAML reads a YAML document whole and finds the records sequence: the
// document itself, or the sequence at the `items` path. An empty file has
// no document and no records.
func (s *Source) parseYAML(r io.Reader) (doc, seq *yaml.Node, err error) {
	dec := yaml.NewDecoder(r)
	doc = new(yaml.Node)
	if err := dec.Decode(doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("%s: %s", s.name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("%s: line %d: a second YAML document; put every record in one list", s.name, extra.Line)
	}
	n := doc.Content[0]
	for i, key := range s.items {
		if n.Kind != yaml.MappingNode {
			return nil, nil, fmt.Errorf("%s: line %d: items path %q: %s is not a mapping", s.name, n.Line, strings.Join(s.items, "."), where(s.items[:i]))
		}
		v := mapValue(n, key)
		if v == nil {
			return nil, nil, fmt.Errorf("%s: line %d: items path %q not found: %s has no key %q", s.name, n.Line, strings.Join(s.items, "."), where(s.items[:i]), key)
		}
		n = v
	}
	if n.Kind != yaml.SequenceNode {
		if len(s.items) == 0 {
			return nil, nil, fmt.Errorf("%s: line %d: the document is not a list of records; set `items:` to the dotted path of the records list", s.name, n.Line)
		}
		return nil, nil, fmt.Errorf("%s: line %d: items path %q is not a list of records", s.name, n.Line, strings.Join(s.items, "."))
	}
	if err := s.checkYAML(n); err != nil {
		return nil, nil, err
	}
	return doc, n, nil
}

// scanYAML reads the records of a YAML file.
func (s *Source) scanYAML(r io.Reader, emit func(contract.Record) error) error {
	_, seq, err := s.parseYAML(r)
	if err != nil || seq == nil {
		return err
	}
	for _, item := range seq.Content {
		rec, err := s.yamlRecord(item)
		if err != nil {
			return err
		}
		if err := emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// yamlRecord converts one item of the records list.
func (s *Source) yamlRecord(item *yaml.Node) (contract.Record, error) {
	m, ok := nodeToAny(item).(map[string]any)
	if !ok {
		return contract.Record{}, fmt.Errorf("%s: line %d: a record must be a mapping, not %s", s.name, item.Line, kindName(item))
	}
	return s.recordFromMap(m, "line "+strconv.Itoa(item.Line)), nil
}

// mapValue returns the value node of key in a mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// nodeToAny converts a YAML node to the raw value types of
// contract.Record: numbers keep their literal text as json.Number.
func nodeToAny(n *yaml.Node) any {
	switch n.Kind {
	case yaml.AliasNode:
		return nodeToAny(n.Alias)
	case yaml.DocumentNode:
		return nodeToAny(n.Content[0])
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = nodeToAny(c)
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		mergeInto(out, n)
		return out
	}
	return scalarToAny(n)
}

// mergeInto fills out from a mapping node; keys given directly win over
// keys merged in with `<<`.
func mergeInto(out map[string]any, n *yaml.Node) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMergeKey(k) {
			merges = append(merges, v)
			continue
		}
		out[k.Value] = nodeToAny(v)
	}
	for _, m := range merges {
		if m.Kind == yaml.AliasNode {
			m = m.Alias
		}
		sub := make(map[string]any)
		if m.Kind == yaml.MappingNode {
			mergeInto(sub, m)
		}
		for k, v := range sub {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
	}
}

// scalarToAny converts a scalar by its resolved tag.
func scalarToAny(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case "!!int", "!!float":
		if sourceutil.IsJSONNumber(n.Value) {
			return json.Number(n.Value)
		}
		if num, ok := yamlNumber(n.Value); ok {
			return contract.Literal{Text: n.Value, Number: num}
		}
	}
	return n.Value
}

// yamlNumber gives a YAML number as a JSON number literal: `+1`, `1_000`
// and `0x1f` are rewritten (the caller keeps the literal text beside it, for
// text fields); infinities and NaN are not numbers here.
func yamlNumber(text string) (json.Number, bool) {
	t := strings.ReplaceAll(strings.TrimPrefix(text, "+"), "_", "")
	if sourceutil.IsJSONNumber(t) {
		return json.Number(t), true
	}
	if i, err := strconv.ParseInt(t, 0, 64); err == nil {
		return json.Number(strconv.FormatInt(i, 10)), true
	}
	return "", false
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the scalar %q", n.Value)
	default:
		return "an alias"
	}
}
