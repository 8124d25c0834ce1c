package sources

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Options is a source's config block as read from the config file, with
// ${VAR} already expanded. File names the config file for messages.
type Options struct {
	File string
	Node *yaml.Node // a mapping node
}

// commonKeys are read by the config loader, not by plugins.
var commonKeys = map[string]bool{"type": true, "writable": true, "fields": true}

// Decode decodes the plugin's own keys into v (a pointer to a struct with
// yaml tags), refusing unknown keys so a typo never passes silently. Errors
// name the file and line.
func (o Options) Decode(v any) error {
	if o.Node == nil {
		return nil
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: o.Node.Line, Column: o.Node.Column}
	for i := 0; i+1 < len(o.Node.Content); i += 2 {
		if commonKeys[o.Node.Content[i].Value] {
			continue
		}
		m.Content = append(m.Content, o.Node.Content[i], o.Node.Content[i+1])
	}
	var doc yaml.Node
	doc.Kind = yaml.DocumentNode
	doc.Content = []*yaml.Node{m}
	b, err := yaml.Marshal(&doc)
	if err != nil {
		return fmt.Errorf("%s:%d: %w", o.File, o.Node.Line, err)
	}
	// A first pass over a copy finds unknown keys (yaml.v3 checks them only
	// when decoding from text); the second decodes the real nodes, so that
	// a value of the wrong type is reported at its own line.
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) || unknownFieldRe.MatchString(err.Error()) {
			return o.mapError(m, err)
		}
	}
	if err := m.Decode(v); err != nil {
		return o.typeError(m, err)
	}
	return nil
}

var (
	typeErrRe = regexp.MustCompile(`line (\d+): cannot unmarshal (!!\w+)(?: ` + "`" + `([^` + "`" + `]*)` + "`" + `)? into (\S+)`)
	tagWords  = map[string]string{"!!seq": "a list", "!!map": "a mapping", "!!str": "the text", "!!int": "the number",
		"!!float": "the number", "!!bool": "the boolean", "!!null": "null"}
	goTypeWords = map[string]string{"string": "a string", "int": "a whole number", "float64": "a number",
		"bool": "true or false", "time.Duration": "a duration such as 10s or 500ms"}
)

// typeError turns yaml's "cannot unmarshal" errors into one line per key:
// file:line: option "path": expected a string, got a list.
func (o Options) typeError(m *yaml.Node, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("%s:%d: source options: %s", o.File, o.Node.Line, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var msgs []string
	for _, e := range te.Errors {
		sub := typeErrRe.FindStringSubmatch(e)
		if sub == nil {
			msgs = append(msgs, fmt.Sprintf("%s:%d: source options: %s", o.File, o.Node.Line, e))
			continue
		}
		line, _ := strconv.Atoi(sub[1])
		got := tagWords[sub[2]]
		if sub[3] != "" {
			got += fmt.Sprintf(" %q", sub[3])
		}
		want := goTypeWords[sub[4]]
		if want == "" {
			want = sub[4]
		}
		msgs = append(msgs, fmt.Sprintf("%s:%d: option %q: expected %s, got %s", o.File, line, keyAt(m, line), want, got))
	}
	return errors.New(strings.Join(msgs, "\n"))
}

// keyAt names the option whose key or value is on line.
func keyAt(m *yaml.Node, line int) string {
	key := ""
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Line <= line {
			key = m.Content[i].Value
		}
	}
	return key
}

var unknownFieldRe = regexp.MustCompile(`line (\d+): field (\S+) not found`)

// mapError turns yaml's error about the re-marshalled copy into one that
// names the key and its line in the real file.
func (o Options) mapError(m *yaml.Node, err error) error {
	if sub := unknownFieldRe.FindStringSubmatch(err.Error()); sub != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == sub[2] {
				return fmt.Errorf("%s:%d: unknown key %q in source options; check its spelling against the source options in the README",
					o.File, m.Content[i].Line, sub[2])
			}
		}
	}
	return fmt.Errorf("%s:%d: source options: %s", o.File, o.Node.Line, strings.TrimPrefix(err.Error(), "yaml: "))
}

// Line returns the line of key in the block, or of the block itself.
func (o Options) Line(key string) int {
	if o.Node == nil {
		return 0
	}
	for i := 0; i+1 < len(o.Node.Content); i += 2 {
		if o.Node.Content[i].Value == key {
			return o.Node.Content[i].Line
		}
	}
	return o.Node.Line
}
