package redis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourceutil"
)

var _ sources.WholeRecorder = (*Source)(nil)

// GetWhole reads the key whole. Under the hash encoding that is every
// field of the hash (HGETALL), each value a string, fields sorted by name:
// Redis keeps no order of a hash's fields that a client can rely on. Under
// the json encoding it is the whole document, members in the order it
// holds them. The key's time to live is not part of it.
func (s *Source) GetWhole(ctx context.Context, key []any) (json.RawMessage, bool, error) {
	rkey, err := s.redisKey(key)
	if err != nil {
		return nil, false, err
	}
	if s.opts.Encoding == encodingJSON {
		return s.wholeDocument(ctx, rkey)
	}
	h, err := s.conn().HGetAll(ctx, rkey).Result()
	if err != nil {
		return nil, false, s.readError(rkey, err)
	}
	if len(h) == 0 {
		return nil, false, nil
	}
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jsonString(n) + ":" + jsonString(h[n]))
	}
	b.WriteByte('}')
	return b.Bytes(), true, nil
}

func (s *Source) wholeDocument(ctx context.Context, rkey string) (json.RawMessage, bool, error) {
	text, err := s.conn().Get(ctx, rkey).Result()
	if errors.Is(err, goredis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, s.readError(rkey, err)
	}
	if _, err := decodeObject(text, rkey); err != nil {
		return nil, false, s.errorf("%w", err)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(text)); err != nil {
		return nil, false, s.errorf("key %q: %w", rkey, err)
	}
	return b.Bytes(), true, nil
}

// wholeChanges returns the commands that write a record given whole, as
// GetWhole read it: HSET of every field, or SET of the document. The key
// was absent, so it has no time to live to keep: it is written without one.
func (s *Source) wholeChanges(ctx context.Context, op sources.WriteOp, rkey string) (func(goredis.Pipeliner) error, error) {
	dec := json.NewDecoder(bytes.NewReader(op.Whole))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, s.errorf("key %q: the whole record to insert is not a JSON object", rkey)
	}
	if err := s.checkWholeKey(op.Key, obj, rkey); err != nil {
		return nil, err
	}
	if s.opts.Encoding == encodingJSON {
		var b bytes.Buffer
		if err := json.Compact(&b, op.Whole); err != nil {
			return nil, s.errorf("key %q: %w", rkey, err)
		}
		return func(p goredis.Pipeliner) error { return p.Set(ctx, rkey, b.String(), 0).Err() }, nil
	}
	set, err := hashFields(obj)
	if err != nil {
		return nil, s.errorf("key %q: the whole record to insert: %w", rkey, err)
	}
	return func(p goredis.Pipeliner) error { return p.HSet(ctx, rkey, set...).Err() }, nil
}

// hashFields lists field, value pairs for HSET: strings as they are,
// numbers and booleans as their text. A null field is left out.
func hashFields(obj map[string]any) ([]any, error) {
	var set []any
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		switch v := obj[name].(type) {
		case nil:
		case string:
			set = append(set, name, v)
		case json.Number:
			set = append(set, name, v.String())
		case bool:
			set = append(set, name, fmt.Sprint(v))
		default:
			return nil, fmt.Errorf("field %q holds a JSON %T; a hash field holds only text", name, v)
		}
	}
	if len(set) == 0 {
		return nil, errors.New("it has no fields, and Redis holds no empty hash")
	}
	return set, nil
}

// checkWholeKey refuses a whole record whose key fields hold another key
// than the write's: the compare-and-set checked only that rkey is absent.
func (s *Source) checkWholeKey(key []any, obj map[string]any, rkey string) error {
	for i, f := range s.cfg.Contract.KeyFields() {
		v := sourceutil.Lookup(obj, s.paths[f.Index])
		if v == nil || i >= len(key) {
			continue
		}
		have, want := f.Parse(v), f.Parse(key[i])
		if have.State == contract.Valid && want.State == contract.Valid && !f.Equal([]contract.Value{have, want}) {
			return s.errorf("key %q: the whole record holds %s in key field %q; it is another record's", rkey, have.JSON, f.Name)
		}
	}
	return nil
}

// jsonString is s as a JSON string, with <, > and & as they are.
func jsonString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}
