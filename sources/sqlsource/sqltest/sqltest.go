// Package sqltest holds test helpers shared by the SQL source plugins:
// loading a source config the way the CLI does, and reading every record.
package sqltest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Contract is a contract with one field of each type the SQL sources map,
// keyed by id. Config bodies append a `sources:` block to it.
const Contract = `version: 1
contract:
  name: accounts
  version: 1
  key: [id]
  fields:
    id:         {type: int}
    name:       {type: string}
    balance:    {type: decimal}
    ratio:      {type: float}
    active:     {type: bool}
    updated_at: {type: timestamp}
    tags:       {type: set}
    attrs:      {type: json}
`

// Name returns a random identifier with the given prefix, for tables and
// schemas that each test creates and drops.
func Name(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + "_" + hex.EncodeToString(b)
}

// Config writes body as drift.yaml in dir, loads it with contract.Load and
// returns the sources.Config of the source named "db".
func Config(t testing.TB, dir, body string) sources.Config {
	t.Helper()
	path := filepath.Join(dir, "drift.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := contract.Load(path, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatalf("load config:\n%v", err)
	}
	sc := cfg.Source("db")
	if sc == nil {
		t.Fatalf("config has no source named db")
	}
	return sources.Config{Name: sc.Name, Type: sc.Type, Writable: sc.Writable, Fields: sc.Fields,
		Dir: cfg.Dir, Contract: cfg.Contract, Options: sources.Options{File: path, Node: sc.Node}}
}

// New makes and initializes the registered plugin for cfg.
func New(t testing.TB, cfg sources.Config) sources.Source {
	t.Helper()
	src, ok := sources.New(cfg.Type)
	if !ok {
		t.Fatalf("plugin %q is not registered", cfg.Type)
	}
	if err := src.Init(cfg); err != nil {
		t.Fatalf("init: %v", err)
	}
	if c, ok := src.(sources.Closer); ok {
		t.Cleanup(func() { _ = c.Close() })
	}
	return src
}

// Fetch reads every record of src.
func Fetch(t testing.TB, src sources.Source) ([]contract.Record, sources.Snapshot) {
	t.Helper()
	var recs []contract.Record
	snap, err := src.Fetch(context.Background(), func(r contract.Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	if snap.Records != len(recs) {
		t.Errorf("snapshot counts %d records, emitted %d", snap.Records, len(recs))
	}
	return recs, snap
}
