package redis

import (
	"strings"
	"testing"

	"github.com/drift-sh/drift/sources"
)

func TestInitErrors(t *testing.T) {
	tests := []struct {
		name, opts, want string
	}{
		{"no addr", "prefix: \"a:\"\n", "drift.yaml:1: source \"cache\" (redis): addr is required"},
		{"unknown key", "addr: h:1\nprefx: \"a:\"\n", `drift.yaml:2:1: unknown key "prefx" in source options; did you mean "prefix"?`},
		{"bad encoding", "addr: h:1\nencoding: msgpack\n", `drift.yaml:2: source "cache" (redis): unknown encoding "msgpack"`},
		{"negative timeout", "addr: h:1\ntimeout: -1s\n", "drift.yaml:2: source \"cache\" (redis): timeout -1s is negative"},
		{"negative db", "addr: h:1\ndb: -2\n", "db -2 is negative"},
		{"bad url keeps password secret", "addr: \"redis://:hunter2@h:1/notadb\"\n", "is not a valid redis:// URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Source{}
			err := s.Init(sources.Config{Name: "cache", Type: "redis", Contract: accounts(), Options: block(t, tt.opts)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Init = %v, want an error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

func TestInitDefaults(t *testing.T) {
	s := &Source{}
	opts := "addr: \"redis://:pw@cache.internal:6380/2\"\npassword: override\n"
	if err := s.Init(sources.Config{Name: "cache", Contract: accounts(), Options: block(t, opts)}); err != nil {
		t.Fatal(err)
	}
	if s.opts.Encoding != encodingHash || s.opts.Timeout != DefaultTimeout {
		t.Errorf("encoding %q timeout %s, want hash and %s", s.opts.Encoding, s.opts.Timeout, DefaultTimeout)
	}
	if s.redis.Addr != "cache.internal:6380" || s.redis.DB != 2 || s.redis.Password != "override" {
		t.Errorf("client options = %s db %d password %q, want the URL's address and db, the password key's password",
			s.redis.Addr, s.redis.DB, s.redis.Password)
	}
}

func TestEscapeGlob(t *testing.T) {
	tests := []struct{ in, want string }{
		{"account:", "account:"},
		{"a*b?c", `a\*b\?c`},
		{`x[1]\`, `x\[1\]\\`},
	}
	for _, tt := range tests {
		if got := escapeGlob(tt.in); got != tt.want {
			t.Errorf("escapeGlob(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
