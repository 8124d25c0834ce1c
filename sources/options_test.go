package sources_test

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/drift-sh/drift/sources"
)

type pluginOptions struct {
	Path    string        `yaml:"path"`
	Items   string        `yaml:"items"`
	Timeout time.Duration `yaml:"timeout"`
	Retries int           `yaml:"retries"`
}

func TestOptionsDecode(t *testing.T) {
	for _, tc := range []struct {
		name, block string
		want        []string // fragments of the error, in order; none: no error
	}{
		{"valid", "type: file\npath: a.csv\ntimeout: 5s\nretries: 3\n", nil},
		{"unknown key with its line", "type: file\npath: a.csv\ntimout: 5s\n", []string{`drift.yaml:3: unknown key "timout"`}},
		{"a list where a string goes", "type: file\npath: [a, b]\n", []string{`drift.yaml:2: option "path": expected a string, got a list`}},
		{"a bad duration", "type: file\ntimeout: soon\n", []string{`drift.yaml:2: option "timeout": expected a duration such as 10s or 500ms, got the text "soon"`}},
		{"two wrong types at once", "type: file\npath: {x: 1}\nretries: many\n", []string{
			`drift.yaml:2: option "path": expected a string, got a mapping`,
			`drift.yaml:3: option "retries": expected a whole number, got the text "many"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tc.block), &doc); err != nil {
				t.Fatal(err)
			}
			var o pluginOptions
			err := sources.Options{File: "drift.yaml", Node: doc.Content[0]}.Decode(&o)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Decode accepted %q", tc.block)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("error has %d lines, want %d:\n%v", len(lines), len(tc.want), err)
			}
			for i, w := range tc.want {
				if !strings.Contains(lines[i], w) {
					t.Errorf("line %d = %q, want it to contain %q", i+1, lines[i], w)
				}
			}
		})
	}
}
