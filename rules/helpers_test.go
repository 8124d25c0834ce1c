package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/contract"
)

// testContract is a contract with one field of each type, loaded from a
// config file so rules carry real positions.
const testFields = `    id:      {type: string}
    name:    {type: string}
    count:   {type: int}
    balance: {type: decimal}
    limit:   {type: decimal}
    ratio:   {type: float}
    active:  {type: bool}
    status:  {type: enum, values: [open, closed]}
    at:      {type: timestamp}
    tags:    {type: set}
    steps:   {type: list}
    attrs:   {type: json}
    notes:   {type: string, ignore: true}
`

// load writes a config with the given contract tail (invariants,
// transitions, resolve) and loads it.
func load(t *testing.T, tail string) *contract.Contract {
	t.Helper()
	cfg := "version: 1\ncontract:\n  name: t\n  version: 1\n  key: [id]\n  fields:\n" + testFields + tail +
		"sources:\n  a: {type: file, path: a.csv}\n  b: {type: file, path: b.csv}\n"
	path := filepath.Join(t.TempDir(), "drift.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := contract.Load(path, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatalf("load: %v\n%s", err, cfg)
	}
	return c.Contract
}

// compile loads and compiles, failing the test on any problem.
func compile(t *testing.T, tail string) (*Rules, *contract.Contract) {
	t.Helper()
	c := load(t, tail)
	r, err := New(c)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return r, c
}

// record parses raw values by field name into a record of c.
func record(c *contract.Contract, raw map[string]any) []contract.Value {
	vals := make([]contract.Value, len(c.Fields))
	for i, f := range c.Fields {
		vals[i] = f.Parse(raw[f.Name])
	}
	return vals
}
