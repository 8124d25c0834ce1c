package redis

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Get reads the record stored under prefix + key.
func (s *Source) Get(ctx context.Context, key []any) (contract.Record, bool, error) {
	rkey, err := s.redisKey(key)
	if err != nil {
		return contract.Record{}, false, err
	}
	cur, err := s.reply(s.readCmd(ctx, s.conn(), rkey), rkey)
	return cur.rec, cur.found, err
}

// Write applies one compare-and-set operation: under WATCH it reads the
// key, checks the expectation, and writes in MULTI/EXEC. A key changed by
// someone else between the read and EXEC fails the transaction, which is a
// conflict like a failed expectation; nothing is written either way.
func (s *Source) Write(ctx context.Context, op sources.WriteOp) error {
	if !s.cfg.Writable {
		return s.errorf("the source is not writable; add `writable: true` to its config to let drift repair it")
	}
	rkey, err := s.redisKey(op.Key)
	if err != nil {
		return err
	}
	err = s.conn().Watch(ctx, func(tx *goredis.Tx) error {
		cur, err := s.reply(s.readCmd(ctx, tx, rkey), rkey)
		if err != nil {
			return err
		}
		if err := s.check(cur, op, rkey); err != nil {
			return err
		}
		queue, err := s.changes(ctx, cur, op, rkey)
		if err != nil {
			return err
		}
		if s.beforeExec != nil {
			s.beforeExec()
		}
		_, err = tx.TxPipelined(ctx, queue)
		if err != nil && !errors.Is(err, goredis.TxFailedErr) {
			return s.errorf("write key %q: %w", rkey, err)
		}
		return err
	}, rkey)
	if errors.Is(err, goredis.TxFailedErr) {
		return s.errorf("key %q changed while it was written: %w", rkey, sources.ErrConflict)
	}
	return err
}

// check compares the key's content with what the operation expects.
func (s *Source) check(cur stored, op sources.WriteOp, rkey string) error {
	switch op.Action {
	case sources.ActionUpdate, sources.ActionDelete:
		if !cur.found {
			return s.errorf("key %q does not exist: %w", rkey, sources.ErrConflict)
		}
		for _, name := range sortedKeys(op.Expect) {
			f, err := s.field(name)
			if err != nil {
				return err
			}
			have, want := f.Parse(cur.rec.Values[f.Index]), f.Parse(op.Expect[name])
			if !f.Equal([]contract.Value{have, want}) {
				return s.errorf("key %q: field %q holds %s, the plan expected %s: %w", rkey, name, have.JSON, want.JSON, sources.ErrConflict)
			}
		}
		return nil
	case sources.ActionInsert:
		if cur.found {
			return s.errorf("key %q exists already: %w", rkey, sources.ErrConflict)
		}
		return nil
	}
	return s.errorf("unknown write action %q; use update, insert or delete", op.Action)
}

// changes returns the commands that make the operation's change, to queue
// inside MULTI. Every value is encoded before anything is queued. An
// insert with Whole writes that record as it is (see wholeChanges).
func (s *Source) changes(ctx context.Context, cur stored, op sources.WriteOp, rkey string) (func(goredis.Pipeliner) error, error) {
	if op.Action == sources.ActionDelete {
		return func(p goredis.Pipeliner) error { return p.Del(ctx, rkey).Err() }, nil
	}
	if op.Action == sources.ActionInsert && len(op.Whole) > 0 {
		return s.wholeChanges(ctx, op, rkey)
	}
	vals := op.Set
	if op.Action == sources.ActionInsert {
		vals = s.insertValues(op)
	}
	if s.opts.Encoding == encodingJSON {
		return s.jsonChanges(ctx, cur, vals, rkey, op.Action == sources.ActionInsert)
	}
	return s.hashChanges(ctx, vals, rkey)
}

// hashChanges sets each field to its text (HSET) and removes null fields
// (HDEL).
func (s *Source) hashChanges(ctx context.Context, vals map[string]any, rkey string) (func(goredis.Pipeliner) error, error) {
	var set []any
	var del []string
	for _, name := range sortedKeys(vals) {
		f, err := s.field(name)
		if err != nil {
			return nil, err
		}
		hf := s.paths[f.Index][0]
		if vals[name] == nil {
			del = append(del, hf)
			continue
		}
		text, err := valueText(f, vals[name])
		if err != nil {
			return nil, s.errorf("key %q: %w", rkey, err)
		}
		set = append(set, hf, text)
	}
	return func(p goredis.Pipeliner) error {
		if len(set) > 0 {
			p.HSet(ctx, rkey, set...)
		}
		if len(del) > 0 {
			p.HDel(ctx, rkey, del...)
		}
		return nil
	}, nil
}

// jsonChanges writes the object back with the operation's fields changed
// (a null removes the member), keeping the key's time to live on update.
func (s *Source) jsonChanges(ctx context.Context, cur stored, vals map[string]any, rkey string, insert bool) (func(goredis.Pipeliner) error, error) {
	obj := cur.obj
	if obj == nil {
		obj = map[string]any{}
	}
	for _, name := range sortedKeys(vals) {
		f, err := s.field(name)
		if err != nil {
			return nil, err
		}
		path := s.paths[f.Index]
		if vals[name] == nil {
			deletePath(obj, path)
			continue
		}
		setPath(obj, path, styled(f, lookup(obj, path), vals[name]))
	}
	text, err := jsonText(obj)
	if err != nil {
		return nil, s.errorf("key %q: %w", rkey, err)
	}
	ttl := time.Duration(goredis.KeepTTL)
	if insert {
		ttl = 0
	}
	return func(p goredis.Pipeliner) error {
		p.Set(ctx, rkey, text, ttl)
		return nil
	}, nil
}

// insertValues is the record to insert, with key fields it lacks taken
// from the key.
func (s *Source) insertValues(op sources.WriteOp) map[string]any {
	vals := make(map[string]any, len(op.Record)+len(op.Key))
	for k, v := range op.Record {
		vals[k] = v
	}
	for i, f := range s.cfg.Contract.KeyFields() {
		if vals[f.Name] == nil {
			vals[f.Name] = op.Key[i]
		}
	}
	return vals
}

// styled keeps a numeric field a JSON number when the object does not
// already store it as a string: canonical decimals arrive as strings.
func styled(f *contract.Field, cur, v any) any {
	text, ok := v.(string)
	if !ok || !isNumeric(f) || !json.Valid([]byte(text)) || text == "" || (text[0] != '-' && (text[0] < '0' || text[0] > '9')) {
		return v
	}
	if _, isString := cur.(string); isString {
		return v
	}
	return json.Number(text)
}

func isNumeric(f *contract.Field) bool {
	return f.Type == contract.TypeInt || f.Type == contract.TypeDecimal || f.Type == contract.TypeFloat
}

// setPath sets v at a dotted path, creating the objects on the way.
func setPath(obj map[string]any, path []string, v any) {
	for _, p := range path[:len(path)-1] {
		next, ok := obj[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			obj[p] = next
		}
		obj = next
	}
	obj[path[len(path)-1]] = v
}

// deletePath removes the member at a dotted path, if it is there.
func deletePath(obj map[string]any, path []string) {
	for _, p := range path[:len(path)-1] {
		next, ok := obj[p].(map[string]any)
		if !ok {
			return
		}
		obj = next
	}
	delete(obj, path[len(path)-1])
}

func (s *Source) field(name string) (*contract.Field, error) {
	f := s.cfg.Contract.FieldByName(name)
	if f == nil {
		return nil, s.errorf("the write names field %q, which contract %q does not declare", name, s.cfg.Contract.Name)
	}
	return f, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
