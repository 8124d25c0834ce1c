package contract

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

var contractKeys = []string{"name", "version", "owner", "key", "strict", "fields", "invariants", "transitions", "resolve"}

// builtinRules are the rule names reports use for built-in checks; a named
// rule may not take one.
var builtinRules = []string{"required", "type", "enum", "unknown-field", "duplicate-key"}

// contract reads and validates a contract mapping. It returns what it could
// read even when there are problems, so that later checks do not repeat them.
func (r reader) contract(n *yaml.Node) *Contract {
	c := &Contract{File: r.file, Version: 1}
	m := r.keyed(n, "contract", contractKeys...)
	if n.Kind != yaml.MappingNode {
		return c
	}
	r.contractHeader(n, m, c)
	if p, ok := m["fields"]; ok {
		c.Fields = r.fields(p.val)
	} else {
		r.errorf(n, "contract: missing fields; declare each field with its type, e.g. fields: {id: {type: string}}")
	}
	if p, ok := m["key"]; ok {
		c.Key = r.key(p, c)
	} else {
		r.errorf(n, "contract: missing key; name the field(s) that identify a record, e.g. key: [id]")
	}
	seen := map[string]*yaml.Node{}
	if p, ok := m["invariants"]; ok {
		c.Invariants = r.rules(p, seen)
	}
	if p, ok := m["transitions"]; ok {
		c.Transitions = r.rules(p, seen)
	}
	c.Resolve = r.resolve(m["resolve"], c)
	c.Digest = c.ComputeDigest()
	return c
}

// contractHeader reads the settings that describe the contract as a whole.
func (r reader) contractHeader(n *yaml.Node, m map[string]pair, c *Contract) {
	if p, ok := m["name"]; ok {
		c.Name, _ = r.str(p, "contract")
	} else {
		r.errorf(n, "contract: missing name; add name: <what the records are, e.g. accounts>")
	}
	if p, ok := m["version"]; ok {
		if v, ok := r.integer(p, "contract"); ok {
			if v < 1 {
				r.errorf(p.val, "contract: version must be 1 or more, not %d", v)
			}
			c.Version = v
		}
	}
	if p, ok := m["owner"]; ok {
		c.Owner, _ = r.str(p, "contract")
	}
	if p, ok := m["strict"]; ok {
		c.Strict, _ = r.boolean(p, "contract")
	}
}

// fields reads the `fields:` mapping in declaration order.
func (r reader) fields(n *yaml.Node) []*Field {
	entries := r.entries(n, "contract: fields")
	if n.Kind == yaml.MappingNode && len(entries) == 0 {
		r.errorf(n, "contract: fields is empty; declare at least the key fields")
	}
	out := make([]*Field, 0, len(entries))
	for _, e := range entries {
		out = append(out, r.field(e, len(out)))
	}
	return out
}

// key reads `key:`, one field name or a list of them, as field indexes.
func (r reader) key(p pair, c *Contract) []int {
	items := r.list(p, "contract")
	if p.val.Kind == yaml.SequenceNode && len(p.val.Content) == 0 {
		r.errorf(p.val, "contract: key is empty; name the field(s) that identify a record, e.g. key: [id]")
	}
	if len(c.Fields) == 0 {
		return nil // reported as missing or empty fields
	}
	var out []int
	seen := map[string]bool{}
	for _, item := range items {
		name := item.Value
		f := c.FieldByName(name)
		switch {
		case seen[name]:
			r.errorf(item, "contract: key names field %q twice", name)
		case f == nil:
			r.errorf(item, "contract: key field %q is not declared under fields%s", name, didYouMean(name, fieldNames(c)))
		case f.Ignore:
			r.errorf(item, "contract: key field %q has ignore: true; a key field is always compared, so remove ignore", name)
		default:
			out = append(out, f.Index)
		}
		seen[name] = true
	}
	return out
}

var ruleKeys = []string{"name", "rule", "message", "severity"}

// rules reads a list of named CEL rules; seen holds the names used so far
// in the contract, which must be unique.
func (r reader) rules(p pair, seen map[string]*yaml.Node) []Rule {
	list := p.key.Value
	if p.val.Kind != yaml.SequenceNode {
		r.errorf(p.val, "contract: %s must be a list of {name, rule}, not %s", list, r.describe(p.val))
		return nil
	}
	var out []Rule
	for i, item := range p.val.Content {
		what := ruleWhat(list, i, item)
		m := r.keyed(item, what, ruleKeys...)
		if item.Kind != yaml.MappingNode {
			continue
		}
		rule := Rule{Severity: "error", Line: item.Line, Column: item.Column}
		if np, ok := m["name"]; ok {
			rule.Name, _ = r.str(np, what)
			r.ruleName(np.val, what, seen)
		} else {
			r.errorf(item, "%s: missing name; every rule needs a unique name for reports", what)
		}
		if rp, ok := m["rule"]; ok {
			rule.Rule, _ = r.str(rp, what)
			rule.Line, rule.Column = rp.val.Line, rp.val.Column
		} else {
			r.errorf(item, "%s: missing rule; add rule: <a CEL expression>", what)
		}
		if mp, ok := m["message"]; ok {
			rule.Message, _ = r.str(mp, what)
		}
		if sp, ok := m["severity"]; ok {
			rule.Severity = r.severity(sp, what)
		}
		out = append(out, rule)
	}
	return out
}

// ruleWhat names rule i of list in messages: by its name when it has one.
func ruleWhat(list string, i int, item *yaml.Node) string {
	singular := list[:len(list)-1]
	for j := 0; item.Kind == yaml.MappingNode && j+1 < len(item.Content); j += 2 {
		if k, v := item.Content[j], item.Content[j+1]; k.Value == "name" && v.Kind == yaml.ScalarNode && v.Value != "" {
			return fmt.Sprintf("%s %q", singular, v.Value)
		}
	}
	return fmt.Sprintf("%s[%d]", list, i)
}

func (r reader) ruleName(n *yaml.Node, what string, seen map[string]*yaml.Node) {
	name := n.Value
	if name == "" {
		return
	}
	if first, dup := seen[name]; dup {
		r.errorf(n, "%s: the name is already used at line %d; rule names must be unique", what, first.Line)
		return
	}
	seen[name] = n
	if contains(builtinRules, name) {
		r.errorf(n, "%s: the name is taken by a built-in check; choose another", what)
	}
}

func (r reader) severity(p pair, what string) string {
	s, ok := r.str(p, what)
	if !ok {
		return "error"
	}
	if s != "error" && s != "warning" {
		r.errorf(p.val, "%s: severity %q is not error or warning", what, r.show(p.val))
		return "error"
	}
	return s
}
