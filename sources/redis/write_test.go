package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

var euA1 = []any{"eu", "a-1"}

func TestWriteHashText(t *testing.T) {
	addr, c, prefix := server(t)
	ctx := context.Background()
	c.HSet(ctx, prefix+"eu:a-1", "region", "eu", "account_id", "a-1", "email", "a@x.io", "balance", "12.50", "tags", "b;a")
	s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\n", addr, prefix))
	err := s.Write(ctx, sources.WriteOp{Action: sources.ActionUpdate, Key: euA1,
		Set:    map[string]any{"balance": "13.25", "tags": []any{"x", "y"}, "email": nil},
		Expect: map[string]any{"balance": "12.5", "tags": []any{"a", "b"}}})
	if err != nil {
		t.Fatal(err)
	}
	h := c.HGetAll(ctx, prefix+"eu:a-1").Val()
	want := map[string]string{"region": "eu", "account_id": "a-1", "balance": "13.25", "tags": "x;y"}
	if fmt.Sprint(h) != fmt.Sprint(want) {
		t.Errorf("hash = %v, want %v (null removes the field, sets joined with ;)", h, want)
	}
	err = s.Write(ctx, sources.WriteOp{Action: sources.ActionUpdate, Key: euA1, Set: map[string]any{"tags": []any{"a;b"}}})
	if err == nil || errors.Is(err, sources.ErrConflict) || !strings.Contains(err.Error(), `member "a;b" contains ";"`) {
		t.Fatalf("Write of a member holding ; = %v, want a refusal that is not a conflict", err)
	}
	if got := c.HGet(ctx, prefix+"eu:a-1", "tags").Val(); got != "x;y" {
		t.Errorf("a refused write changed tags to %q", got)
	}
}

func TestWriteJSONKeepsOtherMembersAndTTL(t *testing.T) {
	addr, c, prefix := server(t)
	ctx := context.Background()
	key := prefix + "eu:a-1"
	c.Set(ctx, key, `{"region":"eu","account_id":"a-1","balance":12.50,"email":"a@x.io","legacy":{"v":1}}`, time.Hour)
	s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\nencoding: json\n", addr, prefix))
	err := s.Write(ctx, sources.WriteOp{Action: sources.ActionUpdate, Key: euA1,
		Set: map[string]any{"balance": "13.25", "email": nil, "tags": []any{"x"}}, Expect: map[string]any{"balance": "12.5"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"account_id":"a-1","balance":13.25,"legacy":{"v":1},"region":"eu","tags":["x"]}`
	if got := c.Get(ctx, key).Val(); got != want {
		t.Errorf("stored %s, want %s", got, want)
	}
	if ttl := c.TTL(ctx, key).Val(); ttl <= 0 {
		t.Errorf("TTL after update = %s, want the key's time to live kept", ttl)
	}
}

func TestWriteInsertJSON(t *testing.T) {
	addr, c, prefix := server(t)
	ctx := context.Background()
	s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\nencoding: json\n", addr, prefix))
	op := sources.WriteOp{Action: sources.ActionInsert, Key: []any{"eu", "a:9"},
		Record: map[string]any{"email": "n@x.io", "balance": "1.5", "tags": nil}}
	if err := s.Write(ctx, op); err != nil {
		t.Fatal(err)
	}
	want := `{"account_id":"a:9","balance":1.5,"email":"n@x.io","region":"eu"}`
	if got := c.Get(ctx, prefix+"eu:a:9").Val(); got != want {
		t.Errorf("stored %s, want %s", got, want)
	}
	if err := s.Write(ctx, op); !errors.Is(err, sources.ErrConflict) {
		t.Errorf("second insert = %v, want a conflict", err)
	}
}

func TestWriteStaleAfterGet(t *testing.T) {
	for _, enc := range []string{encodingHash, encodingJSON} {
		t.Run(enc, func(t *testing.T) {
			addr, _, prefix := server(t)
			ctx := context.Background()
			s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\nencoding: %s\n", addr, prefix, enc))
			seed(t, s, map[string]any{"email": "a@x.io"})
			rec, found, err := s.Get(ctx, euA1)
			if err != nil || !found {
				t.Fatalf("Get = %v, %v", found, err)
			}
			seed(t, s, map[string]any{"email": "other@x.io"}) // another writer, in between
			err = s.Write(ctx, sources.WriteOp{Action: sources.ActionUpdate, Key: euA1,
				Set: map[string]any{"email": "mine@x.io"}, Expect: map[string]any{"email": rec.Values[2]}})
			if !errors.Is(err, sources.ErrConflict) || !strings.Contains(err.Error(), `field "email" holds "other@x.io"`) {
				t.Fatalf("Write = %v, want a conflict naming the current value", err)
			}
			if got := email(t, s); got != `"other@x.io"` {
				t.Errorf("email = %s after a conflict, want the other writer's", got)
			}
		})
	}
}

func TestWriteWatchConflict(t *testing.T) {
	for _, enc := range []string{encodingHash, encodingJSON} {
		t.Run(enc, func(t *testing.T) {
			addr, _, prefix := server(t)
			ctx := context.Background()
			s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\nencoding: %s\n", addr, prefix, enc))
			other := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\nencoding: %s\n", addr, prefix, enc))
			seed(t, s, map[string]any{"email": "a@x.io"})
			s.beforeExec = func() { seed(t, other, map[string]any{"email": "other@x.io"}) }
			err := s.Write(ctx, sources.WriteOp{Action: sources.ActionUpdate, Key: euA1,
				Set: map[string]any{"email": "mine@x.io"}, Expect: map[string]any{"email": "a@x.io"}})
			if !errors.Is(err, sources.ErrConflict) || !strings.Contains(err.Error(), "changed while it was written") {
				t.Fatalf("Write = %v, want a WATCH conflict", err)
			}
			if got := email(t, s); got != `"other@x.io"` {
				t.Errorf("email = %s after a failed EXEC, want the other writer's", got)
			}
		})
	}
}

func TestSecretsNotInErrors(t *testing.T) {
	addr, _, _ := server(t)
	tests := []struct{ name, opts, secret string }{
		{"password key, unreachable", "addr: 127.0.0.1:1\npassword: s3cret-pw\n", "s3cret-pw"},
		{"password in a URL, unreachable", "addr: \"redis://:s3cret-url@127.0.0.1:1/0\"\n", "s3cret-url"},
		{"wrong password, real server", fmt.Sprintf("addr: \"redis://nobody:wr0ng-pw@%s\"\n", addr), "wr0ng-pw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(addr, "://") && strings.Contains(tt.opts, addr) {
				t.Skip("the test server is given as a URL; this case builds its own")
			}
			s := newSource(t, accounts(), tt.opts+"timeout: 1s\n")
			_, err := s.Fetch(context.Background(), func(contract.Record) error { return nil })
			if err == nil {
				t.Fatal("Fetch succeeded, want an error")
			}
			_, _, gerr := s.Get(context.Background(), euA1)
			for _, e := range []error{err, gerr} {
				if e == nil || strings.Contains(e.Error(), tt.secret) {
					t.Errorf("error %v shows the password or is missing", e)
				}
			}
		})
	}
}

// seed stores the record eu/a-1 with the given fields through a plain
// write, whatever the encoding.
func seed(t *testing.T, s *Source, fields map[string]any) {
	t.Helper()
	ctx := context.Background()
	if _, found, _ := s.Get(ctx, euA1); !found {
		if err := s.Write(ctx, sources.WriteOp{Action: sources.ActionInsert, Key: euA1, Record: fields}); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err := s.Write(ctx, sources.WriteOp{Action: sources.ActionUpdate, Key: euA1, Set: fields}); err != nil {
		t.Fatal(err)
	}
}

func email(t *testing.T, s *Source) string {
	t.Helper()
	rec, _, err := s.Get(context.Background(), euA1)
	if err != nil {
		t.Fatal(err)
	}
	v := s.cfg.Contract.Fields[2].Parse(rec.Values[2])
	b, _ := json.Marshal(v.Decode())
	return string(b)
}
