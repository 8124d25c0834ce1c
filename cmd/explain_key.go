package cmd

import (
	"encoding/json"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// parseKey reads explain's KEY: `field=value,...` with every key field once,
// in any order, or the key's JSON object as reports print it. Each value
// is parsed with its field's type and normalizers, so the result is the
// canonical key, fields in contract key order, that the state store holds.
// Any mistake is a usage error naming the field.
func parseKey(c *contract.Contract, text string) (diff.Key, error) {
	raw, err := splitKey(text)
	if err != nil {
		return nil, err
	}
	names := keyNames(c)
	for name := range raw {
		if f := c.FieldByName(name); f == nil || !isKeyField(c, f) {
			return nil, usagef("key %q: %q is not a key field of contract %s; its key is %s", text, name, c.Name, strings.Join(names, ", "))
		}
	}
	key := make(diff.Key, 0, len(c.Key))
	for _, f := range c.KeyFields() {
		v, ok := raw[f.Name]
		if !ok {
			return nil, usagef("key %q: key field %q is missing; give every key field: %s", text, f.Name, keyExample(names))
		}
		pv := f.Parse(v)
		if pv.State != contract.Valid {
			why := pv.Problem
			if why == "" {
				why = "it is empty"
			}
			return nil, usagef("key %q: key field %q: %s", text, f.Name, why)
		}
		key = append(key, diff.KeyPart{Field: f.Name, Value: json.RawMessage(pv.JSON)})
	}
	return key, nil
}

// splitKey reads the raw values of a key: a JSON object, or
// `field=value,...` where values are plain text.
func splitKey(text string) (map[string]any, error) {
	out := map[string]any{}
	if strings.HasPrefix(strings.TrimSpace(text), "{") {
		d := json.NewDecoder(strings.NewReader(text))
		d.UseNumber()
		if err := d.Decode(&out); err != nil {
			return nil, usagef("key %q: not a JSON object: %w", text, err)
		}
		return out, nil
	}
	for _, part := range strings.Split(text, ",") {
		name, value, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, usagef("key %q: %q is not field=value; write the key as field=value,field=value", text, part)
		}
		if _, dup := out[name]; dup {
			return nil, usagef("key %q: field %q is given twice", text, name)
		}
		out[name] = value
	}
	return out, nil
}

func isKeyField(c *contract.Contract, f *contract.Field) bool {
	for _, k := range c.Key {
		if k == f.Index {
			return true
		}
	}
	return false
}

func keyNames(c *contract.Contract) []string {
	var out []string
	for _, f := range c.KeyFields() {
		out = append(out, f.Name)
	}
	return out
}

// keyExample shows the KEY form for the contract's key fields.
func keyExample(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + "=…"
	}
	return strings.Join(parts, ",")
}
