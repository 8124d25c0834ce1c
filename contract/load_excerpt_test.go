package contract

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"short text as is", "decmal", "decmal"},
		{"cut at 40 characters", strings.Repeat("ab", 30), strings.Repeat("ab", 20) + "…"},
		{"cut counts characters, not bytes", strings.Repeat("é", 41), strings.Repeat("é", 40) + "…"},
		{"first line only", "first\nsecond", "first…"},
		{"a trailing newline is no cut", "first\n", "first"},
		{"env assignments masked", "DB_PASSWORD=hunter2 API_TOKEN=abc", "DB_PASSWORD=xxxxx API_TOKEN=xxxxx"},
		{"yaml-like secret masked", "api_key: s3cr3t", "api_key: xxxxx"},
		{"other assignments kept", "HOST=db PORT=5432", "HOST=db PORT=5432"},
		{"url password masked", "postgres://u:hunter2@h/db", "postgres://u:xxxxx@h/db"},
		{"masked before the cut", "SECRET=" + strings.Repeat("x", 50), "SECRET=xxxxx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Excerpt(tc.in); got != tc.want {
				t.Errorf("Excerpt(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestLoadQuotesAtMostAnExcerpt gives Load files that are not configs, and
// configs with long or secret values: no message may echo more than a
// short, masked excerpt of the file.
func TestLoadQuotesAtMostAnExcerpt(t *testing.T) {
	big := strings.Repeat("A", 5<<20)
	var many strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&many, "KEY_%d: hunter2\n", i)
	}
	long := strings.Repeat("v", 100)
	for _, tc := range []struct {
		name, text string
		want       string // a fragment of the error
		maxLen     int    // the longest the whole error may be
	}{
		{".env file", "DB_PASSWORD=hunter2secret\nAPI_TOKEN=abcdef123456\n",
			"drift.yaml:1:1: the config must be a mapping with version, contract and sources, not text; check that -c names a drift config", 200},
		{"5 MB of text", big, "not text", 200},
		{"5 MB key", "? " + big + "\n: x\n", `unknown key "` + big[:40] + `…" in the config`, 500},
		{"thousands of keys", many.String(), "1953 more problems not shown", 6000},
		{"long value", strings.Replace(head, "version: 1", "version: "+long, 1) + okSources,
			`version must be a whole number, not "` + long[:40] + `…"`, 300},
		{"secret-looking value", strings.Replace(head, "version: 1", `version: "password=hunter2"`, 1) + okSources,
			`not "password=xxxxx"`, 300},
		{"url password in a value", withContract("  owner: [a]\n  version: postgres://u:hunter2@h/db\n"),
			`not "postgres://u:xxxxx@h/db"`, 300},
		{"multi-line value", withContract("  version: |\n    first\n    DB_PASSWORD=hunter2\n"), `not "first…"`, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "drift.yaml")
			writeTestFile(t, path, tc.text)
			_, err := Load(path, testGetenv)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load = %v; want a *LoadError", err)
			}
			msg := strings.ReplaceAll(err.Error(), filepath.Dir(path)+string(filepath.Separator), "")
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error does not contain %q:\n%.2000s", tc.want, msg)
			}
			if len(msg) > tc.maxLen {
				t.Errorf("error is %d bytes, want at most %d:\n%.2000s", len(msg), tc.maxLen, msg)
			}
			for _, secret := range []string{"hunter2", "abcdef"} {
				if strings.Contains(msg, secret) {
					t.Errorf("error shows %q:\n%.2000s", secret, msg)
				}
			}
		})
	}
}
