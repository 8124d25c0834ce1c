package contract

import (
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"
)

// varRe matches one ${NAME} reference; nothing else is special, `$$` included.
var varRe = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// maxNodes bounds the expanded tree, so that nested aliases cannot make a
// small file expand into an enormous one.
const maxNodes = 100000

// expander makes the tree the loader reads: a deep copy with aliases
// resolved, merge keys (<<) flattened and ${VAR} replaced in every scalar
// value.
type expander struct {
	r     reader
	nodes int
}

// expand returns the expanded copy of n; n itself is not changed. When
// the copy would pass maxNodes it returns nil, and the loader reports that
// alone: what it could read of a truncated tree would only add false
// problems.
func (r reader) expand(n *yaml.Node) *yaml.Node {
	e := &expander{r: r}
	c := e.copy(n, false)
	if e.nodes >= maxNodes {
		return nil
	}
	return c
}

func (e *expander) copy(n *yaml.Node, isKey bool) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	e.nodes++
	if e.nodes == maxNodes {
		e.r.l.limit = &Problem{File: e.r.file, Line: n.Line, Column: n.Column, Message: fmt.Sprintf(
			"the file expands to more than %d YAML nodes through aliases; write it out without nested aliases", maxNodes)}
	}
	if e.nodes >= maxNodes {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
	}
	c := *n
	c.Anchor, c.Alias, c.Content = "", nil, nil
	switch n.Kind {
	case yaml.MappingNode:
		c.Content = e.mapping(n)
	case yaml.ScalarNode:
		if !isKey {
			e.vars(&c)
		}
	default:
		for _, item := range n.Content {
			c.Content = append(c.Content, e.copy(item, false))
		}
	}
	return &c
}

// mapping copies the entries of a mapping, putting the entries a merge key
// brings in its place unless the mapping sets the same key itself.
func (e *expander) mapping(n *yaml.Node) []*yaml.Node {
	own := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !isMerge(n.Content[i]) {
			own[n.Content[i].Value] = true
		}
	}
	var out []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !isMerge(k) {
			out = append(out, e.copy(k, true), e.copy(v, false))
			continue
		}
		for _, m := range e.merged(k, v) {
			for j := 0; j+1 < len(m.Content); j += 2 {
				if key := m.Content[j].Value; !own[key] {
					own[key] = true
					out = append(out, m.Content[j], m.Content[j+1])
				}
			}
		}
	}
	return out
}

// merged returns the expanded mappings that a merge key's value names.
func (e *expander) merged(k, v *yaml.Node) []*yaml.Node {
	items := []*yaml.Node{v}
	if deref(v).Kind == yaml.SequenceNode {
		items = deref(v).Content
	}
	var out []*yaml.Node
	for _, item := range items {
		if deref(item).Kind != yaml.MappingNode {
			e.r.errorf(k, "<< must merge a mapping or a list of mappings, not %s", e.r.describe(deref(item)))
			continue
		}
		out = append(out, e.copy(item, false))
	}
	return out
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!merge"
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// vars replaces ${NAME} in scalar c. An unset variable is reported once per
// scalar and left as written. A plain (unquoted) scalar is re-typed after
// expansion, so `port: ${PORT}` is a number as `port: 5432` would be.
func (e *expander) vars(c *yaml.Node) {
	if !varRe.MatchString(c.Value) {
		return
	}
	reported := map[string]bool{}
	out := varRe.ReplaceAllStringFunc(c.Value, func(m string) string {
		name := m[2 : len(m)-1]
		v, ok := e.r.l.getenv(name)
		if !ok {
			if !reported[name] {
				reported[name] = true
				e.r.l.problems = append(e.r.l.problems, Problem{File: e.r.file, Line: c.Line,
					Message: "environment variable " + name + " is not set; export it or remove " + m})
			}
			return m
		}
		return v
	})
	if out == c.Value {
		return
	}
	e.r.l.raw[c] = c.Value
	c.Value = out
	if c.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		c.Tag = plainTag(out)
	}
}

// plainTag is the tag YAML gives s written as a plain scalar.
func plainTag(s string) string {
	var doc yaml.Node
	if yaml.Unmarshal([]byte(s), &doc) != nil || len(doc.Content) != 1 {
		return "!!str"
	}
	n := doc.Content[0]
	if n.Kind != yaml.ScalarNode || n.Style != 0 || n.Value != s {
		return "!!str"
	}
	return n.Tag
}
