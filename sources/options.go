package sources

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/drift-sh/drift/contract"
)

// Options is a source's config block as read from the config file, with
// ${VAR} already expanded. File names the config file for messages.
type Options struct {
	File string
	Node *yaml.Node // a mapping node
}

// commonKeys are read by the config loader, not by plugins.
var commonKeys = map[string]bool{"type": true, "writable": true, "fields": true}

// OptionsError is every problem Decode found in a source's options, each
// at the line and column of its key or value, so that the config loader
// can report them with the contract's own problems.
type OptionsError struct {
	Problems []contract.Problem
}

func (e *OptionsError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Decode decodes the plugin's own keys into v (a pointer to a struct with
// yaml tags). It refuses unknown keys, so a typo never passes silently, and
// reports every unknown key and every value of the wrong type at once, as
// an *OptionsError. Messages quote at most a contract.Excerpt of a value,
// and nothing of a secret's.
func (o Options) Decode(v any) error {
	if o.Node == nil {
		return nil
	}
	if o.Node.Kind != yaml.MappingNode {
		return &OptionsError{Problems: []contract.Problem{o.problem(o.Node, "source options must be a mapping")}}
	}
	fields := optionFields(reflect.ValueOf(v).Elem())
	var problems []contract.Problem
	for i := 0; i+1 < len(o.Node.Content); i += 2 {
		k, val := o.Node.Content[i], o.Node.Content[i+1]
		if commonKeys[k.Value] {
			continue
		}
		field, ok := fields[k.Value]
		if !ok {
			problems = append(problems, o.problem(k, unknownOption(k.Value, fields)))
			continue
		}
		if err := val.Decode(field.Addr().Interface()); err != nil {
			problems = append(problems, o.problem(val, fmt.Sprintf("option %q: expected %s, got %s",
				k.Value, typeWords(field.Type()), valueWords(k.Value, val))))
		}
	}
	if len(problems) > 0 {
		return &OptionsError{Problems: problems}
	}
	return nil
}

func (o Options) problem(n *yaml.Node, msg string) contract.Problem {
	return contract.Problem{File: o.File, Line: n.Line, Column: n.Column, Message: msg}
}

// optionFields maps each yaml key of struct s, the keys of `,inline`
// structs included, to its field.
func optionFields(s reflect.Value) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	for i := 0; i < s.NumField(); i++ {
		f := s.Type().Field(i)
		name, flags, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case !f.IsExported() && !f.Anonymous, name == "-":
		case strings.Contains(flags, "inline") && f.Type.Kind() == reflect.Struct:
			for k, v := range optionFields(s.Field(i)) {
				out[k] = v
			}
		case name == "":
			out[strings.ToLower(f.Name)] = s.Field(i)
		default:
			out[name] = s.Field(i)
		}
	}
	return out
}

// unknownOption says that key is not an option, with the closest one.
func unknownOption(key string, fields map[string]reflect.Value) string {
	known := make([]string, 0, len(fields))
	for k := range fields {
		known = append(known, k)
	}
	sort.Strings(known)
	key = contract.Excerpt(key)
	if s := contract.Suggest(key, known); s != "" {
		return fmt.Sprintf("unknown key %q in source options; did you mean %q?", key, s)
	}
	return fmt.Sprintf("unknown key %q in source options; known keys: %s", key, strings.Join(known, ", "))
}

var (
	tagWords = map[string]string{"!!seq": "a list", "!!map": "a mapping", "!!str": "the text", "!!int": "the number",
		"!!float": "the number", "!!bool": "the boolean", "!!null": "null"}
	goTypeWords = map[string]string{"string": "a string", "int": "a whole number", "float64": "a number",
		"bool": "true or false", "time.Duration": "a duration such as 10s or 500ms",
		"map[string]string": "a mapping of names to text"}
)

// typeWords names what a field of type t takes.
func typeWords(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if w, ok := goTypeWords[t.String()]; ok {
		return w
	}
	return t.String()
}

// valueWords names what a value holds: its kind, and an excerpt of a
// scalar unless the key holds a secret.
func valueWords(key string, n *yaml.Node) string {
	got := tagWords[n.ShortTag()]
	if got == "" {
		got = "the value"
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" || contract.SecretName(key) {
		return got
	}
	return fmt.Sprintf("%s %q", got, contract.Excerpt(n.Value))
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
