package redis

import (
	"context"
	"errors"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Fetch reads every key under the prefix: SCAN (MATCH prefix*, COUNT 1000,
// never KEYS), then one pipelined HGETALL or GET per key of each batch.
// Redis has no snapshot to name, so the version records when the read
// began: "fetched:<RFC 3339 UTC time>". SCAN may return a key twice; each
// key is emitted once, so Fetch keeps the names (not the records) it has
// seen. A key that vanishes between SCAN and its read is skipped.
func (s *Source) Fetch(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	return s.fetch(ctx, nil, emit)
}

// fetch is Fetch; with cols, a hash's record is built in them (see Stream).
func (s *Source) fetch(ctx context.Context, cols []contract.Column, emit func(contract.Record) error) (sources.Snapshot, error) {
	version := "fetched:" + s.now().UTC().Format(time.RFC3339)
	c := s.conn()
	match := escapeGlob(s.opts.Prefix) + "*"
	seen := map[string]bool{}
	n := 0
	var cursor uint64
	for {
		keys, next, err := c.Scan(ctx, cursor, match, scanCount).Result()
		if err != nil {
			return sources.Snapshot{}, s.errorf("scan %s: %w; check addr, password and db, and that the server is running", match, err)
		}
		fresh := keys[:0]
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				fresh = append(fresh, k)
			}
		}
		count, err := s.readBatch(ctx, c, fresh, cols, emit)
		n += count
		if err != nil {
			return sources.Snapshot{}, err
		}
		if cursor = next; cursor == 0 {
			return sources.Snapshot{Version: version, Records: n}, nil
		}
	}
}

// readBatch reads one SCAN batch in a pipeline and emits its records in
// the order SCAN gave the keys; with cols, hashes in the Columns form.
func (s *Source) readBatch(ctx context.Context, c goredis.Cmdable, keys []string, cols []contract.Column, emit func(contract.Record) error) (int, error) {
	if len(keys) == 0 {
		return 0, nil
	}
	cmds := make([]goredis.Cmder, len(keys))
	// Each command carries its own error, checked by reply.
	_, _ = c.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for i, k := range keys {
			cmds[i] = s.readCmd(ctx, p, k)
		}
		return nil
	})
	n := 0
	for i, cmd := range cmds {
		if h, ok := cmd.(*goredis.MapStringStringCmd); ok && cols != nil {
			found, err := s.emitHash(h, keys[i], cols, emit)
			if found {
				n++
			}
			if err != nil {
				return n, err
			}
			continue
		}
		cur, err := s.reply(cmd, keys[i])
		if err != nil {
			return n, err
		}
		if !cur.found {
			continue
		}
		n++
		if err := emit(cur.rec); err != nil {
			return n, err
		}
	}
	return n, nil
}

// readCmd queues the read of one key: HGETALL or GET by encoding.
func (s *Source) readCmd(ctx context.Context, c goredis.Cmdable, key string) goredis.Cmder {
	if s.opts.Encoding == encodingJSON {
		return c.Get(ctx, key)
	}
	return c.HGetAll(ctx, key)
}

// stored is what one key holds: its record and, under the json encoding,
// the whole decoded object (kept so a write changes only its own fields).
type stored struct {
	found bool
	rec   contract.Record
	obj   map[string]any
}

// reply turns the result of readCmd into the key's content; found is false
// when the key does not exist.
func (s *Source) reply(cmd goredis.Cmder, key string) (stored, error) {
	switch c := cmd.(type) {
	case *goredis.MapStringStringCmd:
		h, err := c.Result()
		if err != nil {
			return stored{}, s.readError(key, err)
		}
		if len(h) == 0 {
			return stored{}, nil
		}
		return stored{found: true, rec: s.hashRecord(h, key)}, nil
	case *goredis.StringCmd:
		text, err := c.Result()
		if errors.Is(err, goredis.Nil) {
			return stored{}, nil
		}
		if err != nil {
			return stored{}, s.readError(key, err)
		}
		obj, err := decodeObject(text, key)
		if err != nil {
			return stored{}, s.errorf("%w", err)
		}
		return stored{found: true, rec: s.jsonRecord(obj, key), obj: obj}, nil
	}
	return stored{}, s.errorf("key %q: unexpected reply %T", key, cmd)
}

// readError explains a failed read, with a hint for a key of the wrong type.
func (s *Source) readError(key string, err error) error {
	if strings.HasPrefix(err.Error(), "WRONGTYPE") {
		want := "a hash"
		if s.opts.Encoding == encodingJSON {
			want = "a string holding a JSON object"
		}
		return s.errorf("key %q is not %s (encoding: %s); set the right encoding or narrow prefix so it covers only records: %w",
			key, want, s.opts.Encoding, err)
	}
	return s.errorf("read key %q: %w", key, err)
}

// escapeGlob escapes the characters SCAN's MATCH pattern treats specially,
// so that the prefix is matched literally.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\^`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
