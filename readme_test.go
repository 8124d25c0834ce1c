package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/drift-sh/drift/cmd"
)

// readmeContract is the contract README snippets that are not a whole
// config (sources, rules, resolve entries) are validated against.
const readmeContract = `version: 1
contract:
  name: accounts
  key: [region, account_id]
  fields:
    region:     {type: string}
    account_id: {type: string}
    email:      {type: string, normalize: [trim, lower]}
    balance:    {type: decimal}
    amount:     {type: decimal}
    refunded:   {type: decimal}
    status:     {type: enum, values: [active, suspended, closed]}
    updated_at: {type: timestamp}
    tags:       {type: set}
`

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestReadmeConfigsValidate runs drift validate on every YAML block of the
// README: a whole config as it is, a sources block with the contract above,
// and rule or resolve snippets inside it. A README example that does not
// load is a broken promise.
func TestReadmeConfigsValidate(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := yamlBlock.FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 4 {
		t.Fatalf("found %d yaml blocks in README.md, want the config reference, sources and rules", len(blocks))
	}
	for i, b := range blocks {
		cfg := readmeConfig(b[1])
		t.Run(strings.SplitN(strings.TrimSpace(b[1]), "\n", 2)[0], func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "drift.yaml")
			if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			t.Setenv("PRIMARY_DSN", "postgres://drift:pw@127.0.0.1:5432/test?sslmode=disable")
			t.Setenv("REPLICA_DSN", "drift:pw@tcp(127.0.0.1:3306)/test")
			t.Setenv("REDIS_PASSWORD", "pw")
			t.Setenv("API_TOKEN", "token")
			code := cmd.Main([]string{"drift", "validate", "-c", path}, strings.NewReader(""), &out, &errb)
			if code != 0 {
				t.Errorf("README yaml block %d does not validate (exit %d):\n%s%s\n--- config\n%s", i+1, code, out.String(), errb.String(), cfg)
			}
		})
	}
}

// readmeConfig turns a README YAML block into a whole config.
func readmeConfig(block string) string {
	switch {
	case strings.HasPrefix(block, "version:"):
		return block
	case strings.HasPrefix(block, "sources:"):
		return readmeContract + block
	default: // invariants:, transitions:, resolve: — part of the contract
		return readmeContract + indent(block, "  ") +
			"sources:\n  primary: {type: file, path: p.csv}\n  replica: {type: file, path: r.csv, writable: true}\n"
	}
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = by + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestCIRunsTheQuickStart checks that .ci/run runs the README's Quick start
// as written, its first command before the second, so that CI proves the
// tests pass after a newcomer's first scan.
func TestCIRunsTheQuickStart(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)## Quick start\n.*?```sh\n(.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no Quick start sh block")
	}
	cmds := strings.Split(strings.TrimSpace(string(block[1])), "\n")
	if len(cmds) != 2 {
		t.Fatalf("Quick start has %d commands, want a scan and the test command: %q", len(cmds), cmds)
	}
	scan := strings.Index(string(ci), "\n"+cmds[0]+" ")
	test := strings.Index(string(ci), "\n"+cmds[1]+"\n")
	if scan < 0 || test < 0 || scan > test {
		t.Errorf(".ci/run must run %q, then %q (found at %d and %d)", cmds[0], cmds[1], scan, test)
	}
}
