package contract

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestExpandScalars(t *testing.T) {
	cases := []struct {
		name, in, want, tag string
	}{
		{"plain number", "v: ${PORT}", "6380", "!!int"},
		{"quoted number stays a string", `v: "${PORT}"`, "6380", "!!str"},
		{"plain bool", "v: ${WRITABLE}", "true", "!!bool"},
		{"inside text", "v: redis://h:${PORT}/0", "redis://h:6380/0", "!!str"},
		{"two variables", `v: "${API_TOKEN}-${PORT}"`, "t0ken-6380", "!!str"},
		{"dollar dollar is not special", `v: "$${PORT}"`, "$6380", "!!str"},
		{"bare dollar name is not expanded", "v: $PORT", "$PORT", "!!str"},
		{"not a name", `v: "${1X} ${A B}"`, "${1X} ${A B}", "!!str"},
		{"set but empty", `v: "x${EMPTY}y"`, "xy", "!!str"},
		{"block scalar", "v: |\n  dsn=${PRIMARY_DSN}\n", "dsn=postgres://drift:s3cret@db:5432/app\n", "!!str"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := &loader{getenv: testGetenv, raw: map[*yaml.Node]string{}}
			r := reader{l: l, file: "drift.yaml"}
			root := r.parse([]byte(tc.in))
			out := r.expand(root)
			if len(l.problems) > 0 {
				t.Fatalf("problems: %v", l.problems)
			}
			v := out.Content[1]
			if v.Value != tc.want || v.Tag != tc.tag {
				t.Errorf("got %q %s, want %q %s", v.Value, v.Tag, tc.want, tc.tag)
			}
			if root.Content[1] == v {
				t.Errorf("expand must copy, not change the parsed tree")
			}
		})
	}
}

func TestExpandLeavesKeysAlone(t *testing.T) {
	l := &loader{getenv: testGetenv, raw: map[*yaml.Node]string{}}
	r := reader{l: l, file: "drift.yaml"}
	out := r.expand(r.parse([]byte("${PORT}: x\n")))
	if k := out.Content[0].Value; k != "${PORT}" {
		t.Errorf("key = %q, want it as written", k)
	}
}

func TestExpandMerge(t *testing.T) {
	l := &loader{getenv: testGetenv, raw: map[*yaml.Node]string{}}
	r := reader{l: l, file: "drift.yaml"}
	in := "base: &b {type: redis, addr: x, db: 0}\nmore: &m {db: 2, prefix: p}\nuse:\n  <<: [*b, *m]\n  addr: y\n"
	out := r.expand(r.parse([]byte(in)))
	var got map[string]map[string]any
	if err := out.Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"type": "redis", "addr": "y", "db": 0, "prefix": "p"}
	for k, v := range want {
		if got["use"][k] != v {
			t.Errorf("use.%s = %v, want %v (first merged mapping wins, own keys win over merged)", k, got["use"][k], v)
		}
	}
	if len(got["use"]) != len(want) {
		t.Errorf("use = %v, want %v", got["use"], want)
	}
}

func TestExpandBoundsAliases(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-0: &l0 [a, a, a, a, a, a, a, a, a, a]\n")
	for i := 1; i <= 6; i++ {
		b.WriteString("x-" + itoaTest(i) + ": &l" + itoaTest(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + itoaTest(i-1))
		}
		b.WriteString("]\n")
	}
	path := filepath.Join(t.TempDir(), "drift.yaml")
	writeTestFile(t, path, head+okSources+b.String())
	_, err := Load(path, testGetenv)
	if err == nil || !strings.Contains(err.Error(), "expands to more than 100000 YAML nodes") {
		t.Errorf("Load = %v, want the alias bound to stop it", err)
	}
}

func itoaTest(i int) string { return string(rune('0' + i)) }

// TestAliasBoundIsTheOnlyProblem puts the alias bomb before the config:
// the rest of the tree is cut off, and Load must not add the false problems
// (missing version, sources) that the cut tree would give.
func TestAliasBoundIsTheOnlyProblem(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-0: &l0 [a, a, a, a, a, a, a, a, a, a]\n")
	for i := 1; i <= 6; i++ {
		b.WriteString("x-" + itoaTest(i) + ": &l" + itoaTest(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + itoaTest(i-1))
		}
		b.WriteString("]\n")
	}
	path := filepath.Join(t.TempDir(), "drift.yaml")
	writeTestFile(t, path, b.String()+strings.Replace(head, "version: 1", "version: 2", 1)+okSources)
	_, err := Load(path, testGetenv)
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.Contains(err.Error(), "expands to more than 100000 YAML nodes") {
		t.Errorf("Load = %v; want only the alias bound", err)
	}
}
