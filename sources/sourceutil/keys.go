package sourceutil

import (
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// KeyJSON parses a key, given as values in contract key order, into the
// canonical JSON of each key field. Its errors do not name the source: the
// caller wraps them.
func KeyJSON(c *contract.Contract, key []any) ([]string, error) {
	fields := c.KeyFields()
	if len(key) != len(fields) {
		return nil, fmt.Errorf("a key of %d values was given; contract %q has %d key fields", len(key), c.Name, len(fields))
	}
	out := make([]string, len(key))
	for i, f := range fields {
		v := f.Parse(key[i])
		if v.State != contract.Valid {
			return nil, fmt.Errorf("key field %q: %v is not a valid %s", f.Name, key[i], f.Type)
		}
		out[i] = v.JSON
	}
	return out, nil
}

// HasKey reports whether rec's key fields parse to want, as KeyJSON
// returned it.
func HasKey(c *contract.Contract, rec contract.Record, want []string) bool {
	for i, f := range c.KeyFields() {
		v := f.Parse(rec.Values[f.Index])
		if v.State != contract.Valid || v.JSON != want[i] {
			return false
		}
	}
	return true
}

// InsertValues is the record an insert writes, by field name, with the key
// fields it lacks taken from the key.
func InsertValues(c *contract.Contract, op sources.WriteOp) map[string]any {
	vals := make(map[string]any, len(op.Record)+len(op.Key))
	for k, v := range op.Record {
		vals[k] = v
	}
	for i, f := range c.KeyFields() {
		if vals[f.Name] == nil {
			vals[f.Name] = op.Key[i]
		}
	}
	return vals
}
