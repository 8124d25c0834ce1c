package redis

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources/sourceutil"
)

// keyParts returns the canonical text of each key value, in key order:
// strings as they are, numbers as their literal text, timestamps in RFC 3339.
func (s *Source) keyParts(key []any) ([]string, error) {
	fields := s.cfg.Contract.KeyFields()
	if len(key) != len(fields) {
		return nil, s.errorf("a key of %d values was given; contract %q has %d key fields", len(key), s.cfg.Contract.Name, len(fields))
	}
	parts := make([]string, len(key))
	for i, f := range fields {
		v := f.Parse(key[i])
		if v.State != contract.Valid {
			return nil, s.errorf("key field %q: %v is not a valid %s", f.Name, key[i], f.Type)
		}
		text, err := hashTexter.Text(f, v.Decode())
		if err != nil {
			return nil, s.errorf("key field %q: %w", f.Name, err)
		}
		parts[i] = text
	}
	return parts, nil
}

// redisKey is prefix + the key parts joined by ":".
func (s *Source) redisKey(key []any) (string, error) {
	parts, err := s.keyParts(key)
	if err != nil {
		return "", err
	}
	return s.opts.Prefix + strings.Join(parts, ":"), nil
}

// fillKey sets the key fields a record lacks from its redis key: the text
// after the prefix, split on ":" into as many parts as the contract has key
// fields (so only the last key value may itself hold ":").
func (s *Source) fillKey(rec *contract.Record, rkey string) {
	var parts []string
	for i, k := range s.cfg.Contract.Key {
		if rec.Values[k] != nil {
			continue
		}
		if parts == nil {
			suffix := strings.TrimPrefix(rkey, s.opts.Prefix)
			parts = strings.SplitN(suffix, ":", len(s.cfg.Contract.Key))
		}
		if i < len(parts) {
			rec.Values[k] = parts[i]
		}
	}
}

// hashRecord builds a record from the fields of a hash: every value is
// text, passed as a contract.Cell like a CSV cell (an empty value is null
// for every type but string), read under the field's name (renames taken
// literally).
func (s *Source) hashRecord(h map[string]string, rkey string) contract.Record {
	rec := contract.Record{Values: make([]any, len(s.paths)), Loc: "key " + strconv.Quote(rkey)}
	for i, p := range s.paths {
		if v, ok := h[p[0]]; ok {
			rec.Values[i] = contract.Cell(v)
		}
	}
	for k := range h {
		if !s.known[k] {
			rec.Unknown = append(rec.Unknown, k)
		}
	}
	sort.Strings(rec.Unknown)
	s.fillKey(&rec, rkey)
	return rec
}

// jsonRecord builds a record from a JSON object, reading each field at its
// dotted path.
func (s *Source) jsonRecord(obj map[string]any, rkey string) contract.Record {
	rec := sourceutil.ObjectRecord(obj, s.paths, s.known, "key "+strconv.Quote(rkey))
	s.fillKey(&rec, rkey)
	return rec
}

// decodeObject decodes the JSON object stored at rkey, numbers as
// json.Number.
func decodeObject(text, rkey string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, fmt.Errorf("key %q does not hold a JSON object (%s); store one object per key, or use encoding: hash", rkey, snippet(text))
	}
	if dec.More() {
		return nil, fmt.Errorf("key %q holds more than one JSON value; store one object per key", rkey)
	}
	return obj, nil
}

// hashTexter renders canonical values as hash field text. Null has no
// text: the caller removes the hash field.
var hashTexter = sourceutil.Texter{Holder: "a hash value", Refusal: "this value cannot be stored"}

// snippet quotes the start of a stored value for a message.
func snippet(s string) string {
	const limit = 60
	if len(s) > limit {
		return strconv.Quote(s[:limit]) + "…"
	}
	return strconv.Quote(s)
}
