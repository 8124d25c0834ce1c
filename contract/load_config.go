package contract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// sourceRef is a source name that the contract uses, checked against the
// declared sources once they are all read.
type sourceRef struct {
	r    reader
	node *yaml.Node
	what string // e.g. `resolve: authority`
}

var configKeys = []string{"version", "contract", "sources", "state"}

// config reads the top level of drift.yaml into cfg. Top-level keys that
// start with "x-" are ignored: they hold YAML anchors to reuse, as in
// docker compose files.
func (r reader) config(root *yaml.Node, cfg *Config) {
	if root.Kind != yaml.MappingNode {
		r.errorf(root, "the config must be a mapping with version, contract and sources, not %s; check that -c names a drift config", describeDoc(root))
		return
	}
	m := map[string]pair{}
	for _, p := range r.entries(root, "the config") {
		switch {
		case contains(configKeys, p.key.Value):
			m[p.key.Value] = p
		case !strings.HasPrefix(p.key.Value, "x-"):
			r.errorf(p.key, "%s", unknownKey(p.key.Value, "the config", configKeys))
		}
	}
	if p, ok := m["version"]; !ok {
		r.errorf(root, "missing version; add `version: 1` at the top of the file")
	} else if v, ok := r.integer(p, "config"); ok {
		if v != 1 {
			r.errorf(p.val, "config: version %d is not supported; this drift reads version 1", v)
		}
		cfg.Version = v
	}
	if p, ok := m["contract"]; ok {
		cfg.Contract = r.contractAt(p, cfg.Dir)
	} else {
		r.errorf(root, "missing contract; add `contract:` with the contract inline, or the path of a contract file")
	}
	if p, ok := m["sources"]; ok {
		cfg.Sources = r.sources(p.val, cfg.Contract)
	} else {
		r.errorf(root, "missing sources; add `sources:` with at least one source")
	}
	cfg.State = StateConfig{Retention: DefaultRetention}
	if p, ok := m["state"]; ok {
		cfg.State = r.state(p)
	}
	r.l.checkRefs(cfg.Sources)
}

// contractAt reads the contract inline, or from the file the value names.
func (r reader) contractAt(p pair, dir string) *Contract {
	if p.val.Kind == yaml.MappingNode {
		return r.contract(p.val)
	}
	if p.val.Kind != yaml.ScalarNode || p.val.Tag == "!!null" || p.val.Value == "" {
		r.errorf(p.val, "contract must be the contract itself (a mapping) or the path of a contract file, not %s", r.describe(p.val))
		return nil
	}
	path := p.val.Value
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		r.errorf(p.val, "contract file %q: %v; fix the path (it is relative to the config file's folder)", r.show(p.val), pathErr(err))
		return nil
	}
	cr := reader{l: r.l, file: path}
	r.l.files = append(r.l.files, path)
	root := cr.parse(data)
	if root == nil {
		return nil
	}
	if deref(root).Kind != yaml.MappingNode {
		cr.errorf(root, "the contract file must be a mapping with name, key and fields, not %s; fix the contract path", describeDoc(root))
		return nil
	}
	if root = cr.expand(root); root == nil {
		return nil
	}
	return cr.contract(root)
}

// sources reads the `sources:` mapping. Plugin options are not checked here:
// each plugin decodes its own from SourceConfig.Node.
func (r reader) sources(n *yaml.Node, c *Contract) []SourceConfig {
	entries := r.entries(n, "sources")
	if n.Kind == yaml.MappingNode && len(entries) == 0 {
		r.errorf(n, "sources is empty; declare at least one source")
	}
	var out []SourceConfig
	for _, e := range entries {
		out = append(out, r.source(e, c))
	}
	return out
}

func (r reader) source(e pair, c *Contract) SourceConfig {
	sc := SourceConfig{Name: e.key.Value, Node: e.val, Line: e.key.Line}
	what := fmt.Sprintf("source %q", sc.Name)
	if sc.Name == "" {
		r.errorf(e.key, "a source needs a name")
	}
	m := map[string]pair{}
	for _, p := range r.entries(e.val, what) {
		m[p.key.Value] = p
	}
	if e.val.Kind != yaml.MappingNode {
		return sc
	}
	if p, ok := m["type"]; ok {
		sc.Type, _ = r.str(p, what)
	} else {
		r.errorf(e.key, "%s: missing type; add type: file, sqlite, postgres, mysql, redis or http", what)
	}
	if p, ok := m["writable"]; ok {
		sc.Writable, _ = r.boolean(p, what)
	}
	if p, ok := m["fields"]; ok {
		sc.Fields = r.renames(p.val, what, c)
	}
	return sc
}

// renames reads a source's `fields:` map of contract field -> column or path.
func (r reader) renames(n *yaml.Node, what string, c *Contract) map[string]string {
	out := map[string]string{}
	for _, p := range r.entries(n, what+": fields") {
		name := p.key.Value
		if c != nil && c.FieldByName(name) == nil {
			r.errorf(p.key, "%s: fields: %q is not a contract field%s", what, name, didYouMean(name, fieldNames(c)))
			continue
		}
		if col, ok := r.str(p, what+": fields"); ok {
			out[name] = col
		}
	}
	return out
}

// checkRefs reports every source name the contract uses that is not declared.
func (l *loader) checkRefs(sources []SourceConfig) {
	names := make([]string, len(sources))
	for i, s := range sources {
		names[i] = s.Name
	}
	if len(names) == 0 {
		return
	}
	for _, ref := range l.refs {
		name := ref.node.Value
		if contains(names, name) {
			continue
		}
		ref.r.errorf(ref.node, "%s: source %q is not declared under sources (declared: %s)%s",
			ref.what, ref.r.show(ref.node), strings.Join(names, ", "), didYouMean(name, names))
	}
}

// didYouMean is "; did you mean "x"?" for the closest of known, or "".
func didYouMean(word string, known []string) string {
	if s := suggest(word, known); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

func fieldNames(c *Contract) []string {
	out := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		out[i] = f.Name
	}
	return out
}
