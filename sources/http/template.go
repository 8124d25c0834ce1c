package httpsource

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// template is an item_url: literal text with {field} placeholders, each
// naming a key field.
type template struct {
	parts []string          // literal text; placeholders between parts
	names []*contract.Field // the key field of each placeholder
}

// parseTemplate reads item_url. Every placeholder must name a key field,
// and every key field must appear, so that one URL is one record.
func parseTemplate(raw string, c *contract.Contract) (*template, error) {
	t := &template{}
	rest := raw
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			t.parts = append(t.parts, rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("%q has a { without its }", redactURL(raw))
		}
		name := rest[open+1 : open+end]
		f := c.FieldByName(name)
		if f == nil || !isKey(c, f) {
			return nil, fmt.Errorf("{%s} is not a key field of contract %q; placeholders take key fields (%s)", name, c.Name, keyNames(c))
		}
		t.parts = append(t.parts, rest[:open])
		t.names = append(t.names, f)
		rest = rest[open+end+1:]
	}
	for _, f := range c.KeyFields() {
		if !containsField(t.names, f) {
			return nil, fmt.Errorf("key field %q has no {%s} placeholder; every key field must be in the URL so it names one record", f.Name, f.Name)
		}
	}
	if _, err := absURL(strings.Join(t.parts, "x")); err != nil {
		return nil, err
	}
	return t, nil
}

// expand fills the placeholders with the key's canonical values,
// path-escaped; key is in contract key order.
func (t *template) expand(c *contract.Contract, key []any) (string, error) {
	fields := c.KeyFields()
	if len(key) != len(fields) {
		return "", fmt.Errorf("a key of %d values was given; contract %q has %d key fields", len(key), c.Name, len(fields))
	}
	var b strings.Builder
	for i, f := range t.names {
		b.WriteString(t.parts[i])
		k := keyIndex(c, f)
		v := f.Parse(key[k])
		if v.State != contract.Valid {
			return "", fmt.Errorf("key field %q: %v is not a valid %s", f.Name, key[k], f.Type)
		}
		b.WriteString(url.PathEscape(canonicalText(v)))
	}
	b.WriteString(t.parts[len(t.parts)-1])
	return b.String(), nil
}

// canonicalText is a scalar value's canonical text: strings unquoted,
// numbers and bools as their JSON text.
func canonicalText(v contract.Value) string {
	switch d := v.Decode().(type) {
	case string:
		return d
	case json.Number:
		return string(d)
	case bool:
		return strconv.FormatBool(d)
	}
	return v.JSON
}

func isKey(c *contract.Contract, f *contract.Field) bool { return keyIndex(c, f) >= 0 }

func keyIndex(c *contract.Contract, f *contract.Field) int {
	for i, k := range c.Key {
		if k == f.Index {
			return i
		}
	}
	return -1
}

func containsField(fs []*contract.Field, f *contract.Field) bool {
	for _, g := range fs {
		if g == f {
			return true
		}
	}
	return false
}

func keyNames(c *contract.Contract) string {
	var names []string
	for _, f := range c.KeyFields() {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}
