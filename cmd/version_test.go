package cmd

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "false"}}
	dirty := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}
	cases := []struct {
		name    string
		stamped string
		bi      *debug.BuildInfo
		want    string
	}{
		{"stamped", "v1.4.0", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, "drift v1.4.0 (commit 0123456789ab, "},
		{"go install", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "drift v1.2.0 ("},
		{"local build", "dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, "drift dev (commit 0123456789ab, "},
		{"dirty tree", "dev", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260101000000-0123456789ab+dirty"}, Settings: dirty},
			"drift v0.0.0-20260101000000-0123456789ab+dirty (commit 0123456789ab-dirty, "},
		{"no build info", "dev", nil, "drift dev (go"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := versionLine(c.stamped, c.bi)
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("versionLine = %q, want it to start with %q", got, c.want)
			}
		})
	}
}
