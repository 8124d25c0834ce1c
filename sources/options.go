package sources

import (
	"fmt"
	"regexp"
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
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return o.mapError(m, err)
	}
	return nil
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
