package contract

import (
	"path/filepath"
	"testing"
	"time"
)

func TestLoadStateRetention(t *testing.T) {
	for _, tc := range []struct {
		name, lines string
		want        Retention
	}{
		{"absent: the default", "", DefaultRetention},
		{"days", "state:\n  retention: {age: 7d}\n", Retention{Age: 7 * 24 * time.Hour, Scans: 1000}},
		{"a Go duration and a count", "state:\n  retention:\n    age: 90m\n    scans: 50\n", Retention{Age: 90 * time.Minute, Scans: 50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "drift.yaml")
			writeTestFile(t, path, head+okSources+tc.lines)
			cfg, err := Load(path, testGetenv)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.State.Retention != tc.want {
				t.Errorf("retention = %+v, want %+v", cfg.State.Retention, tc.want)
			}
		})
	}
}

func TestLoadStateRetentionErrors(t *testing.T) {
	// head and okSources take lines 1-9; state: is on line 10.
	cfg := func(lines string) string { return head + okSources + "state:\n" + lines }
	runLoadErrCases(t, []loadErrCase{
		{"unknown key", cfg("  retension: {age: 1d}\n"), "drift.yaml:11:3", `unknown key "retension" in state; did you mean "retention"?`},
		{"not a mapping", cfg("  retention: 30d\n"), "drift.yaml:11:14", "state: retention must be a mapping like {age: 30d, scans: 1000}"},
		{"bad age", cfg("  retention: {age: 30 days}\n"), "drift.yaml:11:20", `state: retention: age "30 days" is not a duration; write it like 30d, 12h or 90m`},
		{"zero age", cfg("  retention: {age: 0d}\n"), "drift.yaml:11:20", "state: retention: age must be positive, got 0d"},
		{"zero scans", cfg("  retention: {scans: 0}\n"), "drift.yaml:11:22", "state: retention: scans must be at least 1, got 0"},
		{"scans not a number", cfg("  retention: {scans: many}\n"), "drift.yaml:11:22", "state: retention: scans must be a whole number"},
		{"unknown retention key", cfg("  retention: {days: 3}\n"), "drift.yaml:11:15", `unknown key "days" in state: retention`},
	}, nil)
}
