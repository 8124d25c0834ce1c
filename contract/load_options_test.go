package contract_test

import (
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// TestSourceNodeDecodes checks that a plugin can decode its options from
// SourceConfig.Node: expanded, with merged anchors, typed after expansion.
func TestSourceNodeDecodes(t *testing.T) {
	env := map[string]string{"PORT": "6380", "REDIS_PASSWORD": "hunter2", "WRITABLE": "true", "API_TOKEN": "t", "EMPTY": ""}
	cfg, err := contract.Load("testdata/load/env-and-anchors/drift.yaml", func(n string) (string, bool) {
		v, ok := env[n]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	sc := cfg.Source("cache_b")
	if sc == nil {
		t.Fatal(`Source("cache_b") = nil`)
	}
	var opts struct {
		Addr     string `yaml:"addr"`
		Password string `yaml:"password"`
		Prefix   string `yaml:"prefix"`
		Port     int    `yaml:"port"`
	}
	if err := (sources.Options{File: cfg.File, Node: sc.Node}).Decode(&opts); err != nil {
		t.Fatal(err)
	}
	if opts.Addr != "127.0.0.1:6380" || opts.Password != "hunter2" || opts.Prefix != "price$$:" || opts.Port != 6380 {
		t.Errorf("options = %+v", opts)
	}
	if cfg.Source("nope") != nil {
		t.Error(`Source("nope") != nil`)
	}
}
