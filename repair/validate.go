package repair

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/runs"
	"github.com/drift-sh/drift/sources"
)

// Validate checks every op of a plan against the contract and the sources
// that may be written, before anything is written: a plan id only proves
// the file is unchanged since someone hashed it, not that its ops make
// sense. writable lists the sources apply may write. All problems are
// returned at once.
func Validate(p *Plan, c *contract.Contract, writable map[string]bool) error {
	// Each op is checked on its own, on every core; only the search for
	// a second op on a record needs them in order.
	msgs, ids := make([][]string, len(p.Ops)), make([]string, len(p.Ops))
	runs.Each(len(p.Ops), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			op := p.Ops[i]
			msgs[i] = checkOp(op, c, writable)
			key, _ := op.Key.MarshalJSON()
			ids[i] = op.Source + "\x00" + string(key)
		}
	})
	var errs []error
	seen := make(map[string]int, len(p.Ops))
	for i, op := range p.Ops {
		for _, msg := range msgs[i] {
			errs = append(errs, fmt.Errorf("op %d (%s): %s", i+1, op.ID, msg))
		}
		// One op per record: each op is compare-and-set against the state
		// the plan saw, so a second op on the same record could never be
		// judged (or resumed, or rolled back) on its own.
		id := ids[i]
		if first, dup := seen[id]; dup {
			key, _ := op.Key.MarshalJSON()
			errs = append(errs, fmt.Errorf("op %d (%s): a second op on %s %s (op %d is the first); a plan holds one op per record", i+1, op.ID, op.Source, key, first))
			continue
		}
		seen[id] = i + 1
	}
	errs = append(errs, sharedIDs(p.Ops)...)
	return errors.Join(errs...)
}

// sharedIDs lists the ops whose id an earlier op of ops has already. The
// journal tells a run's ops apart by their ids (a resume finds what an
// earlier run did to each op by it), so no two ops of a run may share one.
func sharedIDs(ops []Op) []error {
	var errs []error
	first := make(map[string]int, len(ops))
	for i, op := range ops {
		if n, dup := first[op.ID]; dup {
			errs = append(errs, fmt.Errorf("op %d (%s): op %d has the same id; each op of a plan has an id of its own, make the plan again with drift plan", i+1, op.ID, n))
			continue
		}
		first[op.ID] = i + 1
	}
	return errs
}

// checkOp lists what is wrong with one op.
func checkOp(op Op, c *contract.Contract, writable map[string]bool) []string {
	var out []string
	if !writable[op.Source] {
		out = append(out, fmt.Sprintf("source %q is not a writable source of the config", op.Source))
	}
	out = append(out, checkKey(op, c)...)
	switch op.Action {
	case sources.ActionUpdate:
		if len(op.Set) == 0 {
			out = append(out, "an update needs set")
		}
		out = append(out, checkFields("set", op.Set, c, true)...)
		out = append(out, checkFields("expect", op.Expect, c, false)...)
	case sources.ActionInsert:
		if len(op.Record) == 0 {
			out = append(out, "an insert needs record")
		}
		out = append(out, checkFields("record", op.Record, c, true)...)
	case sources.ActionDelete:
		out = append(out, checkFields("expect", op.Expect, c, false)...)
	default:
		out = append(out, fmt.Sprintf("unknown action %q (update, insert or delete)", op.Action))
	}
	return out
}

// checkKey requires every key field, in key order, with a valid value.
func checkKey(op Op, c *contract.Contract) []string {
	keys := c.KeyFields()
	if len(op.Key) != len(keys) {
		return []string{fmt.Sprintf("the key has %d fields, the contract's key %d", len(op.Key), len(keys))}
	}
	var out []string
	for i, f := range keys {
		part := op.Key[i]
		if part.Field != f.Name {
			out = append(out, fmt.Sprintf("key field %d is %q, the contract's is %q", i+1, part.Field, f.Name))
			continue
		}
		if v := parseJSONValue(f, part.Value); v.State != contract.Valid {
			out = append(out, fmt.Sprintf("key field %q: %s is not a valid %s", f.Name, part.Value, f.Type))
		}
	}
	return out
}

// checkFields requires declared, not ignored, not key fields; written
// values (set, record) must be valid and meet required. Expected values are
// what a record held, so they may be invalid.
func checkFields(what string, fs Fields, c *contract.Contract, written bool) []string {
	isKey := map[string]bool{}
	for _, f := range c.KeyFields() {
		isKey[f.Name] = true
	}
	var out []string
	for _, fv := range fs {
		f := c.FieldByName(fv.Field)
		switch {
		case f == nil || f.Ignore:
			out = append(out, fmt.Sprintf("%s: field %q is not a compared field of contract %s", what, fv.Field, c.Name))
			continue
		case isKey[f.Name] && what == "set":
			out = append(out, fmt.Sprintf("%s: key field %q cannot change", what, f.Name))
			continue
		}
		if !written {
			continue
		}
		switch v := parseJSONValue(f, fv.Value); {
		case v.State == contract.Invalid:
			out = append(out, fmt.Sprintf("%s: field %q: %s", what, f.Name, v.Problem))
		case v.State == contract.Null && f.Required:
			out = append(out, fmt.Sprintf("%s: field %q is required", what, f.Name))
		}
	}
	return out
}

// parseJSONValue parses a canonical JSON value with the field's type.
func parseJSONValue(f *contract.Field, raw json.RawMessage) contract.Value {
	if v, ok := jsonScalar(raw); ok {
		return f.Parse(v)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return contract.Value{State: contract.Invalid, Problem: "not JSON: " + strings.TrimSpace(err.Error())}
	}
	return f.Parse(v)
}

// jsonScalar decodes a JSON string, number, boolean or null as a Decoder
// with UseNumber would, without one: a plan of 100,000 ops checks a few
// hundred thousand values. ok is false for anything else (an object, an
// array, invalid JSON), left to the Decoder and its error.
func jsonScalar(raw json.RawMessage) (any, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || !json.Valid(raw) {
		return nil, false
	}
	switch c := raw[0]; {
	case c == '"':
		// A valid string without escapes holds its bytes as they are, once
		// they are UTF-8 (Unmarshal would replace the bytes that are not).
		if inner := raw[1 : len(raw)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
			return string(inner), true
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil, false
		}
		return s, true
	case c == '-' || c >= '0' && c <= '9':
		return json.Number(raw), true
	case string(raw) == "true", string(raw) == "false":
		return raw[0] == 't', true
	case string(raw) == "null":
		return nil, true
	}
	return nil, false
}
