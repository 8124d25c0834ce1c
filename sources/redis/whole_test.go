package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/sources"
)

// TestWholeRestoresEveryField: a key deleted through Write and inserted
// again with the record GetWhole read holds every field or member it had,
// those the contract does not declare and its ignored field included.
func TestWholeRestoresEveryField(t *testing.T) {
	cases := []struct {
		name, encoding string
		seed           func(ctx context.Context, set func(k, v string), hset func(k string, fv ...any))
		want           string
	}{
		{"hash", "hash", func(_ context.Context, _ func(k, v string), hset func(string, ...any)) {
			hset("eu:a-1", "region", "eu", "account_id", "a-1", "email", "a@x.io", "balance", "12.50", "zeta", "<z>", "extra", "")
		}, `{"account_id":"a-1","balance":"12.50","email":"a@x.io","extra":"","region":"eu","zeta":"<z>"}`},
		{"json", "json", func(_ context.Context, set func(k, v string), _ func(string, ...any)) {
			set("eu:a-1", `{"region": "eu", "account_id": "a-1", "zeta": {"b": 1.50, "a": [true, null]}, "balance": 12.50, "email": "a@x.io"}`)
		}, `{"region":"eu","account_id":"a-1","zeta":{"b":1.50,"a":[true,null]},"balance":12.50,"email":"a@x.io"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr, c, prefix := server(t)
			ctx := context.Background()
			tc.seed(ctx, func(k, v string) { c.Set(ctx, prefix+k, v, time.Hour) },
				func(k string, fv ...any) { c.HSet(ctx, prefix+k, fv...) })
			ct := accounts()
			ct.Fields[2].Ignore = true
			s := newSource(t, ct, fmt.Sprintf("addr: %q\nprefix: %q\nencoding: %s\n", addr, prefix, tc.encoding))
			whole := mustWhole(t, s, tc.want)
			if err := s.Write(ctx, sources.WriteOp{Action: sources.ActionDelete, Key: euA1, Expect: map[string]any{"balance": "12.5"}}); err != nil {
				t.Fatalf("delete: %v", err)
			}
			if _, found, err := s.GetWhole(ctx, euA1); found || err != nil {
				t.Fatalf("GetWhole after the delete: found=%v err=%v", found, err)
			}
			ins := sources.WriteOp{Action: sources.ActionInsert, Key: euA1,
				Record: map[string]any{"region": "eu", "account_id": "a-1", "balance": "12.5"}, Whole: whole}
			if err := s.Write(ctx, ins); err != nil {
				t.Fatalf("insert whole: %v", err)
			}
			mustWhole(t, s, tc.want)
			if ttl := c.TTL(ctx, prefix+"eu:a-1").Val(); ttl != -1 {
				t.Errorf("TTL of the restored key = %s, want none (-1)", ttl)
			}
			if err := s.Write(ctx, ins); !strings.Contains(fmt.Sprint(err), "exists already") {
				t.Errorf("insert whole over the key: %v, want a conflict", err)
			}
			ins.Key = []any{"us", "a-1"}
			if err := s.Write(ctx, ins); err == nil || !strings.Contains(err.Error(), "another record") {
				t.Errorf("insert of eu:a-1's record under us:a-1: %v, want a refusal", err)
			}
			if n := c.Exists(ctx, prefix+"us:a-1").Val(); n != 0 {
				t.Errorf("us:a-1 was written from eu:a-1's record")
			}
		})
	}
}

func TestWholeHashRefusesNested(t *testing.T) {
	addr, _, prefix := server(t)
	s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\n", addr, prefix))
	err := s.Write(context.Background(), sources.WriteOp{Action: sources.ActionInsert, Key: euA1,
		Whole: json.RawMessage(`{"region":"eu","nested":{"a":1}}`)})
	if err == nil || !strings.Contains(err.Error(), `field "nested"`) {
		t.Errorf("insert of a nested member into a hash: %v, want a refusal naming the field", err)
	}
}

func mustWhole(t *testing.T, s *Source, want string) json.RawMessage {
	t.Helper()
	whole, found, err := s.GetWhole(context.Background(), euA1)
	if err != nil || !found {
		t.Fatalf("GetWhole: found=%v err=%v", found, err)
	}
	if string(whole) != want {
		t.Errorf("GetWhole:\n got %s\nwant %s", whole, want)
	}
	return whole
}
