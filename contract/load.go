package contract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// loader collects the problems of one Load call across the config file and
// the contract file it may point to.
type loader struct {
	getenv   Getenv
	problems []Problem
	files    []string // files in the order their problems are listed
	// raw holds the original text of every scalar that ${VAR} expansion
	// changed: messages quote it, so a secret never reaches the output.
	raw map[*yaml.Node]string
	// refs are source names used by the contract, checked once the
	// sources are known.
	refs []sourceRef
	// limit is set when aliases expand past maxNodes: then it is the only
	// problem reported.
	limit *Problem
	// checkSources, when set, checks the sources' plugin options.
	checkSources SourceCheck
	// strategies, when set, are the resolve strategy names a contract may
	// use (WithStrategies).
	strategies []string
}

// reader reads one file of a Load call.
type reader struct {
	l    *loader
	file string
}

// pair is one key: value entry of a mapping.
type pair struct{ key, val *yaml.Node }

func (r reader) errorf(n *yaml.Node, format string, args ...any) {
	p := Problem{File: r.file, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	r.l.problems = append(r.l.problems, p)
}

var yamlLineRe = regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`)

// parse parses data as one YAML document and returns its root node.
func (r reader) parse(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.errorf(nil, "the file is empty; see the example drift.yaml in the README")
		} else {
			r.yamlError(err)
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		r.errorf(&extra, "the file holds more than one YAML document; remove everything from the second `---` on")
	} else if !errors.Is(err, io.EOF) {
		r.yamlError(err)
	}
	if len(doc.Content) == 0 {
		r.errorf(nil, "the file is empty; see the example drift.yaml in the README")
		return nil
	}
	return doc.Content[0]
}

// yamlError reports a YAML syntax error at the line yaml.v3 gives.
func (r reader) yamlError(err error) {
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		msg := m[2]
		if strings.HasPrefix(msg, "did not find expected") {
			// yaml.v3 gives these at the line before the unclosed bracket
			// or block they are about.
			line++
			msg += " in what starts on this line"
		}
		r.l.problems = append(r.l.problems, Problem{File: r.file, Line: line, Message: "invalid YAML: " + clip(msg, 120)})
		return
	}
	r.errorf(nil, "invalid YAML: %s", clip(strings.TrimPrefix(err.Error(), "yaml: "), 120))
}

// entries returns the pairs of mapping n in file order, reporting a node
// that is not a mapping and duplicate keys. what names n in messages.
func (r reader) entries(n *yaml.Node, what string) []pair {
	if n.Kind != yaml.MappingNode {
		r.errorf(n, "%s must be a mapping (key: value), not %s", what, r.describe(n))
		return nil
	}
	var out []pair
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			r.errorf(k, "%s: a key must be a plain name, not %s", what, r.describe(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			r.errorf(k, "duplicate key %q in %s; it is already set at line %d", Excerpt(k.Value), what, first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, pair{k, v})
	}
	return out
}

// keyed returns the entries of mapping n by key, reporting keys that are not
// in known with the closest known key as a suggestion.
func (r reader) keyed(n *yaml.Node, what string, known ...string) map[string]pair {
	out := map[string]pair{}
	for _, p := range r.entries(n, what) {
		if !contains(known, p.key.Value) {
			r.errorf(p.key, "%s", unknownKey(p.key.Value, what, known))
			continue
		}
		out[p.key.Value] = p
	}
	return out
}

func unknownKey(key, what string, known []string) string {
	key = Excerpt(key)
	if s := suggest(key, known); s != "" {
		return fmt.Sprintf("unknown key %q in %s; did you mean %q?", key, what, s)
	}
	return fmt.Sprintf("unknown key %q in %s; known keys: %s", key, what, strings.Join(known, ", "))
}

// show returns an excerpt of a scalar as written in the file, before
// ${VAR} expansion, for messages: never more than Excerpt gives.
func (r reader) show(n *yaml.Node) string {
	if s, ok := r.l.raw[n]; ok {
		return Excerpt(s)
	}
	return Excerpt(n.Value)
}

// describeDoc names what a whole file holds without quoting any of it: a
// file given by mistake may be anything, secrets included.
func describeDoc(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return "empty"
	case n.Kind == yaml.ScalarNode:
		return "text"
	}
	return "a mapping"
}

// describe names what a node holds, quoting a scalar as it was written.
func (r reader) describe(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Tag == "!!null":
		return "empty"
	default:
		return strconv.Quote(r.show(n))
	}
}

// str reads a non-empty scalar as text.
func (r reader) str(p pair, what string) (string, bool) {
	v := p.val
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || v.Value == "" {
		r.errorf(v, "%s: %s must be a non-empty string, not %s", what, p.key.Value, r.describe(v))
		return "", false
	}
	return v.Value, true
}

// boolean reads true or false.
func (r reader) boolean(p pair, what string) (bool, bool) {
	var b bool
	if p.val.Kind != yaml.ScalarNode || p.val.Tag != "!!bool" || p.val.Decode(&b) != nil {
		r.errorf(p.val, "%s: %s must be true or false, not %s", what, p.key.Value, r.describe(p.val))
		return false, false
	}
	return b, true
}

// integer reads a whole number.
func (r reader) integer(p pair, what string) (int, bool) {
	var i int
	if p.val.Kind != yaml.ScalarNode || p.val.Tag != "!!int" || p.val.Decode(&i) != nil {
		r.errorf(p.val, "%s: %s must be a whole number, not %s", what, p.key.Value, r.describe(p.val))
		return 0, false
	}
	return i, true
}

// duration reads a Go duration such as 1s or 500ms; it must not be negative.
func (r reader) duration(p pair, what string) (time.Duration, bool) {
	s, ok := r.str(p, what)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		r.errorf(p.val, "%s: %s %q is not a duration; write it like 1s, 1ms or 2m", what, p.key.Value, r.show(p.val))
		return 0, false
	}
	if d < 0 {
		r.errorf(p.val, "%s: %s must not be negative, got %s", what, p.key.Value, r.show(p.val))
		return 0, false
	}
	return d, true
}

// list reads a list of non-empty scalars; a single scalar is a list of one.
func (r reader) list(p pair, what string) []*yaml.Node {
	v := p.val
	if v.Kind == yaml.ScalarNode && v.Tag != "!!null" && v.Value != "" {
		return []*yaml.Node{v}
	}
	if v.Kind != yaml.SequenceNode {
		r.errorf(v, "%s: %s must be a list like [a, b], not %s", what, p.key.Value, r.describe(v))
		return nil
	}
	var out []*yaml.Node
	for _, item := range v.Content {
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" || item.Value == "" {
			r.errorf(item, "%s: every item of %s must be a non-empty string, not %s", what, p.key.Value, r.describe(item))
			continue
		}
		out = append(out, item)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
