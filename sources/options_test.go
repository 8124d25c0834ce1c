package sources_test

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/drift-sh/drift/sources"
)

type pluginOptions struct {
	Path        string        `yaml:"path"`
	Items       string        `yaml:"items"`
	Timeout     time.Duration `yaml:"timeout"`
	Retries     int           `yaml:"retries"`
	Password    string        `yaml:"password"`
	DB          *int          `yaml:"db"`
	tableOption `yaml:",inline"`
}

type tableOption struct {
	Table string `yaml:"table"`
}

func TestOptionsDecode(t *testing.T) {
	for _, tc := range []struct {
		name, block string
		want        []string // fragments of the error, in order; none: no error
	}{
		{"valid", "type: file\npath: a.csv\ntimeout: 5s\nretries: 3\ntable: t\ndb: 2\n", nil},
		{"unknown key with its line, column and the closest key", "type: file\npath: a.csv\ntimout: 5s\n",
			[]string{`drift.yaml:3:1: unknown key "timout" in source options; did you mean "timeout"?`}},
		{"a key of an inline struct is suggested", "type: postgres\ntabel: t\n",
			[]string{`drift.yaml:2:1: unknown key "tabel" in source options; did you mean "table"?`}},
		{"no close key: the known keys", "type: file\nzzzzzz: 1\n",
			[]string{`drift.yaml:2:1: unknown key "zzzzzz" in source options; known keys: db, items, password, path, retries, table, timeout`}},
		{"a list where a string goes", "type: file\npath: [a, b]\n", []string{`drift.yaml:2:7: option "path": expected a string, got a list`}},
		{"a bad duration", "type: file\ntimeout: soon\n", []string{`drift.yaml:2:10: option "timeout": expected a duration such as 10s or 500ms, got the text "soon"`}},
		{"two wrong types at once", "type: file\npath: {x: 1}\nretries: many\n", []string{
			`drift.yaml:2:7: option "path": expected a string, got a mapping`,
			`drift.yaml:3:10: option "retries": expected a whole number, got the text "many"`}},
		{"every unknown key and wrong type at once, in file order", "{type: redis, prefx: a, db: x, pasword: p}", []string{
			`drift.yaml:1:15: unknown key "prefx" in source options`,
			`drift.yaml:1:29: option "db": expected a whole number, got the text "x"`,
			`drift.yaml:1:32: unknown key "pasword" in source options; did you mean "password"?`}},
		{"a long value is cut", "path: [a]\nretries: " + strings.Repeat("x", 100) + "\n", []string{
			`drift.yaml:1:7: option "path"`,
			`got the text "` + strings.Repeat("x", 40) + `…"`}},
		{"a secret's value is never quoted", "password: [hunter2]\ndb: hunter2\n", []string{
			`drift.yaml:1:11: option "password": expected a string, got a list`,
			`drift.yaml:2:5: option "db": expected a whole number, got the text "hunter2"`}},
		{"not a mapping", "[a, b]", []string{`drift.yaml:1:1: source options must be a mapping`}},
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
