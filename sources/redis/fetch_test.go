package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
)

func TestFetchScansPastOneBatch(t *testing.T) {
	addr, c, prefix := server(t)
	ctx := context.Background()
	const n = 2500
	p := c.Pipeline()
	for i := range n {
		p.HSet(ctx, fmt.Sprintf("%seu:a-%d", prefix, i), "email", fmt.Sprintf("u%d@x.io", i))
	}
	p.HSet(ctx, strings.TrimSuffix(prefix, ":")+"-other:eu:zz", "email", "outside@x.io")
	if _, err := p.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Del(ctx, strings.TrimSuffix(prefix, ":")+"-other:eu:zz") })
	s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\n", addr, prefix))
	s.now = func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("x", 3600)) }
	got, snap := fetchAll(t, s)
	if snap.Records != n || len(got) != n {
		t.Fatalf("read %d records (snapshot %d), want %d", len(got), snap.Records, n)
	}
	if snap.Version != "fetched:2024-05-01T11:00:00Z" {
		t.Errorf("version = %q, want the fetch time in UTC", snap.Version)
	}
	rec := got[`"eu"|"a-1234"`]
	if email := canonical(s.cfg.Contract, rec)["email"]; email != `"u1234@x.io"` {
		t.Errorf("email of a-1234 = %s", email)
	}
}

func TestFetchKeyFields(t *testing.T) {
	addr, c, prefix := server(t)
	ctx := context.Background()
	c.HSet(ctx, prefix+"eu:a:17", "email", "a@x.io", "balance", "12.50", "tags", "b;a", "legacy", "1")
	c.HSet(ctx, prefix+"eu:b-2", "region", "us", "account_id", "b-2", "email", "b@x.io")
	s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\n", addr, prefix))
	got, _ := fetchAll(t, s)
	tests := []struct {
		name, key string
		want      map[string]string
	}{
		{"key parsed from the redis key, last part keeps its colon", `"eu"|"a:17"`,
			map[string]string{"region": `"eu"`, "account_id": `"a:17"`, "balance": `"12.5"`, "tags": `["a","b"]`}},
		{"the record's own key fields win", `"us"|"b-2"`,
			map[string]string{"region": `"us"`, "email": `"b@x.io"`, "tags": `null`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, ok := got[tt.key]
			if !ok {
				t.Fatalf("no record with key %s; have %v", tt.key, keysOf(got))
			}
			have := canonical(s.cfg.Contract, rec)
			for f, w := range tt.want {
				if have[f] != w {
					t.Errorf("%s = %s, want %s", f, have[f], w)
				}
			}
		})
	}
	rec := got[`"eu"|"a:17"`]
	if _, ok := rec.Values[3].(contract.Cell); !ok {
		t.Errorf("hash value is %T, want contract.Cell (text, like a CSV cell)", rec.Values[3])
	}
	if len(rec.Unknown) != 1 || rec.Unknown[0] != "legacy" {
		t.Errorf("Unknown = %v, want [legacy]", rec.Unknown)
	}
}

func TestFetchJSON(t *testing.T) {
	addr, c, prefix := server(t)
	ctx := context.Background()
	c.Set(ctx, prefix+"main:eu:a-1", `{"region":"eu","account_id":"a-1","contact":{"email":"a@x.io"},"balance":12.50}`, 0)
	c.Set(ctx, prefix+"a*b:eu:a-2", `{"region":"eu","account_id":"a-2"}`, 0)
	c.Set(ctx, prefix+"aZb:eu:a-3", `{"region":"eu","account_id":"a-3"}`, 0)
	s := &Source{}
	cfg := newSource(t, accounts(), "addr: x:1\n").cfg
	cfg.Fields = map[string]string{"email": "contact.email"}
	cfg.Options = block(t, fmt.Sprintf("addr: %q\nprefix: %q\nencoding: json\n", addr, prefix+"main:"))
	if err := s.Init(cfg); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, snap := fetchAll(t, s)
	rec := got[`"eu"|"a-1"`]
	if snap.Records != 1 || canonical(cfg.Contract, rec)["email"] != `"a@x.io"` {
		t.Fatalf("read %d records, %v; want one with its email at contact.email", snap.Records, rec.Values)
	}
	if n, ok := rec.Values[3].(json.Number); !ok || n != "12.50" {
		t.Errorf("balance raw = %#v, want json.Number(\"12.50\")", rec.Values[3])
	}
	s2 := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\nencoding: json\n", addr, prefix+"a*b:"))
	if got, _ := fetchAll(t, s2); len(got) != 1 || got[`"eu"|"a-2"`].Values == nil {
		t.Errorf("prefix with a glob character read %d records, want 1 (matched literally)", len(got))
	}
}

func TestFetchErrors(t *testing.T) {
	addr, c, prefix := server(t)
	ctx := context.Background()
	c.Set(ctx, prefix+"str:eu:1", "not json", 0)
	c.HSet(ctx, prefix+"hash:eu:1", "email", "x")
	tests := []struct{ name, prefix, enc, want string }{
		{"string under hash encoding", prefix + "str:", "hash", "is not a hash (encoding: hash)"},
		{"hash under json encoding", prefix + "hash:", "json", "is not a string holding a JSON object"},
		{"text that is not json", prefix + "str:", "json", `does not hold a JSON object ("not json")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSource(t, accounts(), fmt.Sprintf("addr: %q\nprefix: %q\nencoding: %s\n", addr, tt.prefix, tt.enc))
			_, err := s.Fetch(ctx, func(contract.Record) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), `source "cache"`) {
				t.Fatalf("Fetch = %v, want an error naming the source and containing %q", err, tt.want)
			}
		})
	}
}

func keysOf(m map[string]contract.Record) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
