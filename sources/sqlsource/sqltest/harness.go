package sqltest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourcetest"
	"github.com/drift-sh/drift/sources/sqlsource"
)

// Harness returns the conformance-suite harness for a backend: each Setup
// creates a table named at random, with a column per seed key typed by
// columnType (text for columns no field maps to), and inserts the seed.
func Harness(b Backend, d sqlsource.Dialect, columnType func(contract.Type) string) sourcetest.Harness {
	return sourcetest.Harness{Setup: func(t *testing.T, seed sourcetest.Seed) sources.Config {
		t.Helper()
		name := Name("conf")
		cols, fields := seedColumns(seed)
		defs := make([]string, len(cols))
		for i, c := range cols {
			typ := "TEXT"
			if f := fields[c]; f != nil {
				typ = columnType(f.Type)
			}
			defs[i] = d.Quote(c) + " " + typ
		}
		defs[0] += " PRIMARY KEY"
		b.Exec(t, fmt.Sprintf("CREATE TABLE %s (%s)", d.Quote(name), strings.Join(defs, ", ")))
		t.Cleanup(func() { b.Exec(t, "DROP TABLE IF EXISTS "+d.Quote(name)) })
		for _, rec := range seed.Records {
			insertSeed(t, b, d, name, cols, fields, rec)
		}
		return sources.Config{Name: "db", Type: b.Type, Writable: true, Fields: seed.Fields,
			Dir: t.TempDir(), Contract: seed.Contract, Options: options(t, b.Conn+"\ntable: "+name)}
	}}
}

// seedColumns lists the seed's columns, the key column first, and the field
// each maps to (nil for undeclared ones).
func seedColumns(seed sourcetest.Seed) ([]string, map[string]*contract.Field) {
	fields := map[string]*contract.Field{}
	for _, f := range seed.Contract.Fields {
		col := f.Name
		if r, ok := seed.Fields[f.Name]; ok {
			col = r
		}
		fields[col] = f
	}
	keyCol := seed.Contract.KeyFields()[0].Name
	if r, ok := seed.Fields[keyCol]; ok {
		keyCol = r
	}
	cols := []string{keyCol}
	for c := range seed.Records[0] {
		if c != keyCol {
			cols = append(cols, c)
		}
	}
	sort.Strings(cols[1:])
	return cols, fields
}

// insertSeed inserts one record, each value parsed by its field and bound
// in canonical form, as the plugin's own writes bind it.
func insertSeed(t *testing.T, b Backend, d sqlsource.Dialect, table string, cols []string,
	fields map[string]*contract.Field, rec map[string]any) {
	t.Helper()
	quoted, marks, args := make([]string, len(cols)), make([]string, len(cols)), make([]any, len(cols))
	for i, c := range cols {
		quoted[i], marks[i] = d.Quote(c), d.Placeholder(i+1)
		f := fields[c]
		if f == nil {
			args[i] = rec[c]
			continue
		}
		dec := json.NewDecoder(bytes.NewReader([]byte(f.Parse(rec[c]).JSON)))
		dec.UseNumber()
		var canon any
		if err := dec.Decode(&canon); err != nil {
			t.Fatal(err)
		}
		arrayType := ""
		if d == sqlsource.Postgres {
			arrayType = "_text"
		}
		v, err := sqlsource.Encode(f, arrayType, canon)
		if err != nil {
			t.Fatal(err)
		}
		args[i] = v
	}
	b.Exec(t, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", d.Quote(table), strings.Join(quoted, ", "),
		strings.Join(marks, ", ")), args...)
}

// options parses a source block into the mapping node plugins decode.
func options(t *testing.T, block string) sources.Options {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(block), &doc); err != nil {
		t.Fatal(err)
	}
	return sources.Options{File: "drift.yaml", Node: doc.Content[0]}
}
