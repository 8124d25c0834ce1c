package file_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	_ "github.com/drift-sh/drift/sources/file"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourcetest"
	"gopkg.in/yaml.v3"
)

// seeders write the suite's records as a file of each format.
var seeders = []struct {
	name, file, items string
	write             func(recs []map[string]any) string
}{
	{"csv", "data.csv", "", func(r []map[string]any) string { return delimited(r, ",") }},
	{"tsv", "data.tsv", "", func(r []map[string]any) string { return delimited(r, "\t") }},
	{"json", "data.json", "", func(r []map[string]any) string { return indentJSON(r) }},
	{"json-items", "data.json", "data.items", func(r []map[string]any) string {
		return indentJSON(map[string]any{"meta": map[string]any{"page": 1}, "data": map[string]any{"items": r}})
	}},
	{"ndjson", "data.ndjson", "", ndjsonLines},
	{"yaml", "data.yaml", "", yamlList},
	{"yaml-items", "data.yml", "records", func(r []map[string]any) string {
		return "kind: export\nrecords:\n" + indentLines(yamlList(r), "  ")
	}},
}

func TestConformance(t *testing.T) {
	for _, sd := range seeders {
		t.Run(sd.name, func(t *testing.T) {
			sourcetest.Run(t, sourcetest.Harness{Setup: func(t *testing.T, seed sourcetest.Seed) sources.Config {
				dir := t.TempDir()
				writeFile(t, filepath.Join(dir, sd.file), sd.write(seed.Records))
				opts := "path: " + sd.file + "\n"
				if sd.items != "" {
					opts += "items: " + sd.items + "\n"
				}
				return sources.Config{Name: "replica", Type: "file", Writable: true, Fields: seed.Fields,
					Dir: dir, Contract: seed.Contract, Options: options(t, opts)}
			}})
		})
	}
}

// options parses a source block as the config loader hands it over.
func options(t testing.TB, text string) sources.Options {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return sources.Options{File: "drift.yaml", Node: doc.Content[0]}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func columns(recs []map[string]any) []string {
	var cols []string
	for k := range recs[0] {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	return cols
}

func delimited(recs []map[string]any, sep string) string {
	cols := columns(recs)
	var b strings.Builder
	b.WriteString(strings.Join(cols, sep) + "\n")
	for _, r := range recs {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = cellOf(r[c])
		}
		b.WriteString(strings.Join(cells, sep) + "\n")
	}
	return b.String()
}

func cellOf(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(t))
		for i, m := range t {
			parts[i] = fmt.Sprint(m)
		}
		return strings.Join(parts, ";")
	case map[string]any:
		b, _ := json.Marshal(t)
		return `"` + strings.ReplaceAll(string(b), `"`, `""`) + `"`
	}
	return fmt.Sprint(v)
}

func indentJSON(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return string(b) + "\n"
}

func ndjsonLines(recs []map[string]any) string {
	var b bytes.Buffer
	for _, r := range recs {
		line, _ := json.Marshal(r)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// yamlList writes records as a block list whose values are JSON text,
// which YAML reads as flow values.
func yamlList(recs []map[string]any) string {
	var b strings.Builder
	for _, r := range recs {
		for i, c := range columns(recs) {
			v, _ := json.Marshal(r[c])
			lead := "  "
			if i == 0 {
				lead = "- "
			}
			fmt.Fprintf(&b, "%s%s: %s\n", lead, c, v)
		}
	}
	return b.String()
}

func indentLines(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}
