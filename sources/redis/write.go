package redis

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourceutil"
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
		for _, name := range slices.Sorted(maps.Keys(op.Expect)) {
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
// insert with Whole writes that record as it is (see wholeChanges); an
// update with Whole writes its fields' stored values back (restoreChanges).
func (s *Source) changes(ctx context.Context, cur stored, op sources.WriteOp, rkey string) (func(goredis.Pipeliner) error, error) {
	if op.Action == sources.ActionDelete {
		return func(p goredis.Pipeliner) error { return p.Del(ctx, rkey).Err() }, nil
	}
	if op.Action == sources.ActionInsert && len(op.Whole) > 0 {
		return s.wholeChanges(ctx, op, rkey)
	}
	if op.Action == sources.ActionUpdate && len(op.Whole) > 0 {
		return s.restoreChanges(ctx, cur, op, rkey)
	}
	vals := op.Set
	if op.Action == sources.ActionInsert {
		vals = sourceutil.InsertValues(s.cfg.Contract, op)
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
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		f, err := s.field(name)
		if err != nil {
			return nil, err
		}
		hf := s.paths[f.Index][0]
		if vals[name] == nil {
			del = append(del, hf)
			continue
		}
		text, err := hashTexter.Text(f, vals[name])
		if err != nil {
			return nil, s.errorf("key %q: %w", rkey, err)
		}
		set = append(set, hf, text)
	}
	return hashWrite(ctx, rkey, set, del), nil
}

// hashWrite queues HSET of the field, value pairs in set and HDEL of the
// fields in del.
func hashWrite(ctx context.Context, rkey string, set []any, del []string) func(goredis.Pipeliner) error {
	return func(p goredis.Pipeliner) error {
		if len(set) > 0 {
			p.HSet(ctx, rkey, set...)
		}
		if len(del) > 0 {
			p.HDel(ctx, rkey, del...)
		}
		return nil
	}
}

// jsonChanges writes the object back with the operation's fields changed
// (a null removes the member), keeping the key's time to live on update.
func (s *Source) jsonChanges(ctx context.Context, cur stored, vals map[string]any, rkey string, insert bool) (func(goredis.Pipeliner) error, error) {
	obj := cur.obj
	if obj == nil {
		obj = map[string]any{}
	}
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		f, err := s.field(name)
		if err != nil {
			return nil, err
		}
		path := s.paths[f.Index]
		if vals[name] == nil {
			sourceutil.DeletePath(obj, path)
			continue
		}
		sourceutil.SetPath(obj, path, sourceutil.NumberStyled(f, sourceutil.Lookup(obj, path), vals[name]))
	}
	text, err := sourceutil.JSONText(obj)
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

func (s *Source) field(name string) (*contract.Field, error) {
	f := s.cfg.Contract.FieldByName(name)
	if f == nil {
		return nil, s.errorf("the write names field %q, which contract %q does not declare", name, s.cfg.Contract.Name)
	}
	return f, nil
}
