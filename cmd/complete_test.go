package cmd

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/urfave/cli/v2"
)

func TestComplete(t *testing.T) {
	cfg := filepath.Join(accounts(t), "drift.yaml")
	app := &cli.App{
		Flags: []cli.Flag{&cli.StringFlag{Name: "log-level", Usage: "log level: debug, info, warn or error"}},
		Commands: []*cli.Command{
			{Name: "scan", Flags: []cli.Flag{configFlag(),
				&cli.StringFlag{Name: "format", Usage: "table, json, ndjson, markdown or junit"},
				&cli.StringFlag{Name: "source"}, &cli.StringFlag{Name: "field"}, &cli.BoolFlag{Name: "quiet"}}},
			{Name: "contract", Subcommands: []*cli.Command{{Name: "diff"}}},
			{Name: "secret", Hidden: true},
		},
	}
	c := completer{app: app, getenv: func(string) (string, bool) { return "", false }}
	cases := []struct {
		name  string
		words []string
		want  []string
		files bool
	}{
		{"command", []string{"sc"}, []string{"scan"}, false},
		{"hidden command", []string{"se"}, nil, false},
		{"subcommand", []string{"contract", ""}, []string{"diff"}, false},
		{"format", []string{"scan", "--format", ""}, []string{"table", "json", "ndjson", "markdown", "junit"}, false},
		{"format= in one word", []string{"scan", "--format=j"}, []string{"--format=json", "--format=junit"}, false},
		{"format = split by bash", []string{"scan", "--format", "=", ""}, []string{"table", "json", "ndjson", "markdown", "junit"}, false},
		{"global flag after the command", []string{"scan", "--log-level", "w"}, []string{"warn"}, false},
		{"sources from the config", []string{"scan", "-c", cfg, "--source", ""}, []string{"primary", "replica", "cache"}, false},
		{"sources after a bool flag", []string{"scan", "--quiet", "--config=" + cfg, "--source", "r"}, []string{"replica"}, false},
		{"fields from the config", []string{"scan", "-c", cfg, "--field", "s"}, []string{"status"}, false},
		{"no config", []string{"scan", "-c", "nosuch.yaml", "--source", ""}, nil, false},
		{"config file", []string{"scan", "-c", ""}, nil, true},
		{"flags", []string{"scan", "--q"}, []string{"--quiet"}, false},
		{"no argument", []string{"scan", ""}, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cands, files := c.complete(tc.words)
			var got []string
			for _, k := range cands {
				got = append(got, k.word)
			}
			if !reflect.DeepEqual(got, tc.want) || files != tc.files {
				t.Errorf("complete(%q) = %q, files %v; want %q, files %v", tc.words, got, files, tc.want, tc.files)
			}
		})
	}
}

// TestEnumFlagsListChoices: every flag whose values completion lists has
// a usage that names at least two.
func TestEnumFlagsListChoices(t *testing.T) {
	app := newApp(&IO{})
	var walk func(path string, flags []cli.Flag, cmds []*cli.Command)
	walk = func(path string, flags []cli.Flag, cmds []*cli.Command) {
		for _, f := range flags {
			if enumFlags[f.Names()[0]] && len(choices(usageOf(f))) < 2 {
				t.Errorf("%s --%s: usage %q lists no values to complete", path, f.Names()[0], usageOf(f))
			}
		}
		for _, c := range cmds {
			walk(path+" "+c.Name, c.Flags, c.Subcommands)
		}
	}
	walk("drift", app.Flags, app.Commands)
}

func TestChoices(t *testing.T) {
	cases := map[string][]string{
		"table, json, ndjson, markdown or junit":                 {"table", "json", "ndjson", "markdown", "junit"},
		"what to print: table or json":                           {"table", "json"},
		"text or json (drift.contract-diff/v1)":                  {"text", "json"},
		"exit 1 on drift of this level: any, violation or none":  {"any", "violation", "none"},
		"off; auto: apply the plan; enqueue: queue it for later": {"off", "auto", "enqueue"},
		"table, json (drift.simulation/v1) or markdown":          {"table", "json", "markdown"},
		"the config file": nil,
	}
	for usage, want := range cases {
		if got := choices(usage); !reflect.DeepEqual(got, want) {
			t.Errorf("choices(%q) = %q, want %q", usage, got, want)
		}
	}
}
