package redis

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	goredis "github.com/redis/go-redis/v9"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourceutil"
)

// restoreChanges returns the commands of an update given the record as
// GetWhole read it (op.Whole): each field named in op.Set takes the value
// the record held, as it was stored (the hash field's text, the document's
// JSON token), not its canonical form; a field the record lacked is
// removed.
func (s *Source) restoreChanges(ctx context.Context, cur stored, op sources.WriteOp, rkey string) (func(goredis.Pipeliner) error, error) {
	dec := json.NewDecoder(bytes.NewReader(op.Whole))
	dec.UseNumber()
	var whole map[string]any
	if err := dec.Decode(&whole); err != nil || whole == nil {
		return nil, s.errorf("key %q: the stored record to restore is not a JSON object", rkey)
	}
	vals := make(map[string]any, len(op.Set))
	for _, name := range slices.Sorted(maps.Keys(op.Set)) {
		f, err := s.field(name)
		if err != nil {
			return nil, err
		}
		v := sourceutil.Lookup(whole, s.paths[f.Index])
		if s.opts.Encoding != encodingJSON && v != nil {
			if v, err = hashText(v); err != nil {
				return nil, s.errorf("key %q: field %q: %w", rkey, name, err)
			}
		}
		vals[name] = v
	}
	if s.opts.Encoding == encodingJSON {
		return s.jsonRestore(ctx, cur, vals, rkey)
	}
	return s.hashRestore(ctx, vals, rkey)
}

// hashText is a stored hash field's text, as GetWhole gave it.
func hashText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return fmt.Sprint(x), nil
	}
	return "", fmt.Errorf("holds a JSON %T; a hash field holds only text", v)
}

// hashRestore sets each field to its stored text as it is, and removes
// the fields the record lacked.
func (s *Source) hashRestore(ctx context.Context, vals map[string]any, rkey string) (func(goredis.Pipeliner) error, error) {
	var set []any
	var del []string
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		hf := s.paths[s.cfg.Contract.FieldByName(name).Index][0]
		if vals[name] == nil {
			del = append(del, hf)
			continue
		}
		set = append(set, hf, vals[name])
	}
	return hashWrite(ctx, rkey, set, del), nil
}

// jsonRestore writes the document back with each field's stored JSON
// value in place, keeping the key's time to live.
func (s *Source) jsonRestore(ctx context.Context, cur stored, vals map[string]any, rkey string) (func(goredis.Pipeliner) error, error) {
	obj := cur.obj
	if obj == nil {
		obj = map[string]any{}
	}
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		path := s.paths[s.cfg.Contract.FieldByName(name).Index]
		if vals[name] == nil {
			sourceutil.DeletePath(obj, path)
			continue
		}
		sourceutil.SetPath(obj, path, vals[name])
	}
	text, err := sourceutil.JSONText(obj)
	if err != nil {
		return nil, s.errorf("key %q: %w", rkey, err)
	}
	return func(p goredis.Pipeliner) error {
		p.Set(ctx, rkey, text, goredis.KeepTTL)
		return nil
	}, nil
}
