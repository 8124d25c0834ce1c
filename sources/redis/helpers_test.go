package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	goredis "github.com/redis/go-redis/v9"
	"gopkg.in/yaml.v3"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/testdb"
	"github.com/drift-sh/drift/sources"
)

// server returns a client of the test server and a fresh key prefix whose
// keys are deleted when the test ends.
func server(t *testing.T) (addr string, c *goredis.Client, prefix string) {
	t.Helper()
	addr = testdb.Redis(t)
	opts := &goredis.Options{Addr: addr}
	if strings.Contains(addr, "://") {
		var err error
		if opts, err = goredis.ParseURL(addr); err != nil {
			t.Fatal(err)
		}
	}
	c = goredis.NewClient(opts)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	prefix = "drifttest:" + hex.EncodeToString(b) + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", scanCount).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
		c.Close()
	})
	return addr, c, prefix
}

// block parses a source block as the config loader hands it over.
func block(t testing.TB, text string) sources.Options {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return sources.Options{File: "drift.yaml", Node: doc.Content[0]}
}

// newSource initializes a writable source over the contract.
func newSource(t *testing.T, c *contract.Contract, opts string) *Source {
	t.Helper()
	s := &Source{}
	cfg := sources.Config{Name: "cache", Type: "redis", Writable: true, Contract: c, Options: block(t, opts)}
	if err := s.Init(cfg); err != nil {
		t.Fatalf("Init: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// accounts is a contract with a composite key.
func accounts() *contract.Contract {
	fields := []*contract.Field{
		{Name: "region", Type: contract.TypeString},
		{Name: "account_id", Type: contract.TypeString},
		{Name: "email", Type: contract.TypeString},
		{Name: "balance", Type: contract.TypeDecimal},
		{Name: "tags", Type: contract.TypeSet},
	}
	for i, f := range fields {
		f.Index = i
	}
	return &contract.Contract{Name: "accounts", Version: 1, Key: []int{0, 1}, Fields: fields}
}

// fetchAll reads every record, keyed by the canonical JSON of its key
// fields joined by "|".
func fetchAll(t *testing.T, s *Source) (map[string]contract.Record, sources.Snapshot) {
	t.Helper()
	out := map[string]contract.Record{}
	snap, err := s.Fetch(context.Background(), func(r contract.Record) error {
		var parts []string
		for _, f := range s.cfg.Contract.KeyFields() {
			parts = append(parts, f.Parse(r.Values[f.Index]).JSON)
		}
		k := strings.Join(parts, "|")
		if _, dup := out[k]; dup {
			t.Errorf("key %s emitted twice", k)
		}
		out[k] = r
		return nil
	})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	return out, snap
}

// canonical returns the canonical JSON of every field of rec, by name.
func canonical(c *contract.Contract, rec contract.Record) map[string]string {
	out := map[string]string{}
	for _, f := range c.Fields {
		out[f.Name] = f.Parse(rec.Values[f.Index]).JSON
	}
	return out
}

// seedValue renders a seed value as hash text.
func seedValue(v any) (string, bool) {
	switch t := v.(type) {
	case nil:
		return "", false
	case []any:
		parts := make([]string, len(t))
		for i, m := range t {
			parts[i] = fmt.Sprint(m)
		}
		return strings.Join(parts, ";"), true
	case map[string]any:
		b, _ := json.Marshal(t)
		return string(b), true
	}
	return fmt.Sprint(v), true
}
