package contract

import (
	"path/filepath"
	"testing"
	"time"
)

func TestLoadResolveGrace(t *testing.T) {
	for _, tc := range []struct {
		name, lines string
		want        time.Duration
	}{
		{"absent", "", 0},
		{"set", "  resolve:\n    grace: 90s\n", 90 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "drift.yaml")
			writeTestFile(t, path, withContract(tc.lines))
			cfg, err := Load(path, testGetenv)
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Contract.Resolve.Grace; got != tc.want {
				t.Errorf("resolve.grace = %s, want %s", got, tc.want)
			}
		})
	}
}
