package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// updateLoad rewrites the golden files under testdata/load.
var updateLoad = flag.Bool("update", false, "rewrite golden files")

// testEnv is the environment every load test sees.
var testEnv = map[string]string{
	"PRIMARY_DSN":    "postgres://drift:s3cret@db:5432/app",
	"REPLICA_DSN":    "postgres://drift:s3cret@replica:5432/app",
	"API_TOKEN":      "t0ken",
	"REDIS_PASSWORD": "hunter2",
	"PORT":           "6380",
	"WRITABLE":       "true",
	"EMPTY":          "",
}

func testGetenv(name string) (string, bool) {
	v, ok := testEnv[name]
	return v, ok
}

// TestLoadFixtures loads testdata/load/<case>/drift.yaml and compares the
// result with want.json (the loaded model) or want-error.txt (the problems).
func TestLoadFixtures(t *testing.T) {
	dirs, err := filepath.Glob("testdata/load/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			cfg, err := Load(filepath.Join(dir, "drift.yaml"), testGetenv)
			var got []byte
			var golden string
			if err != nil {
				var le *LoadError
				if !errors.As(err, &le) {
					t.Fatalf("error is %T, want *LoadError: %v", err, err)
				}
				golden = "want-error.txt"
				got = []byte(strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "") + "\n")
			} else {
				golden = "want.json"
				got = modelJSON(t, dir, cfg)
			}
			checkGolden(t, filepath.Join(dir, golden), got)
		})
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *updateLoad {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (the case loaded with this result; run with -update to accept it):\n%s", err, got)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// modelJSON renders the loaded config for want.json: every setting of the
// contract and the sources, with paths relative to the case folder.
func modelJSON(t *testing.T, dir string, cfg *Config) []byte {
	t.Helper()
	rel := func(p string) string {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(r)
	}
	type source struct {
		Name     string
		Type     string
		Writable bool
		Fields   map[string]string `json:",omitempty"`
		Line     int
		Options  map[string]any
	}
	type view struct {
		Version  int
		Dir      string
		Contract contractView
		Sources  []source
	}
	v := view{Version: cfg.Version, Dir: rel(cfg.Dir), Contract: viewOf(cfg.Contract)}
	v.Contract.File = rel(v.Contract.File)
	for _, s := range cfg.Sources {
		vs := source{Name: s.Name, Type: s.Type, Writable: s.Writable, Fields: s.Fields, Line: s.Line}
		if err := s.Node.Decode(&vs.Options); err != nil {
			t.Fatalf("source %s: node does not decode: %v", s.Name, err)
		}
		v.Sources = append(v.Sources, vs)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// contractView is a Contract as want.json shows it: names instead of enum
// numbers, settings left out when they hold their zero value.
type contractView struct {
	Name        string
	Version     int
	Owner       string `json:",omitempty"`
	Key         []string
	Strict      bool `json:",omitempty"`
	Fields      []fieldView
	Invariants  []Rule `json:",omitempty"`
	Transitions []Rule `json:",omitempty"`
	Resolve     Resolve
	Digest      string
	File        string
}

type fieldView struct {
	Name      string
	Type      string
	Normalize []string `json:",omitempty"`
	Tolerance string   `json:",omitempty"`
	Precision string   `json:",omitempty"`
	Values    []string `json:",omitempty"`
	Required  bool     `json:",omitempty"`
	Ignore    bool     `json:",omitempty"`
	Source    string   `json:",omitempty"`
	Line      int
}

func viewOf(c *Contract) contractView {
	v := contractView{Name: c.Name, Version: c.Version, Owner: c.Owner, Strict: c.Strict,
		Invariants: c.Invariants, Transitions: c.Transitions, Resolve: c.Resolve, Digest: c.Digest, File: c.File}
	for _, f := range c.KeyFields() {
		v.Key = append(v.Key, f.Name)
	}
	for _, f := range c.Fields {
		fv := fieldView{Name: f.Name, Type: f.Type.String(), Values: f.Values, Required: f.Required,
			Ignore: f.Ignore, Source: f.Source, Line: f.Line}
		for _, n := range f.Normalize {
			fv.Normalize = append(fv.Normalize, n.String())
		}
		if f.Tolerance != nil {
			fv.Tolerance = f.Tolerance.RatString()
		}
		if f.Precision != 0 {
			fv.Precision = f.Precision.String()
		}
		v.Fields = append(v.Fields, fv)
	}
	return v
}
