package cmd

import (
	"strings"
	"testing"
)

func TestHoistGlobalFlags(t *testing.T) {
	tests := []struct{ in, want string }{
		{"drift scan", "drift scan"},
		{"drift --log-level info scan", "drift --log-level info scan"},
		{"drift scan --log-level info", "drift --log-level info scan"},
		{"drift scan -c x.yaml --log-format=json", "drift --log-format=json scan -c x.yaml"},
		{"drift explain KEY -log-level debug -c d.yaml", "drift -log-level debug explain KEY -c d.yaml"},
		{"drift apply plan.json --yes --log-level", "drift --log-level apply plan.json --yes"},
		{"drift explain -- --log-level", "drift explain -- --log-level"},
		{"drift", "drift"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := strings.Join(hoistGlobalFlags(strings.Fields(tt.in)), " ")
			if got != tt.want {
				t.Errorf("hoistGlobalFlags(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestLogFlagsAnywhere: a log flag after the command, or after its
// argument, sets the log level as it does before the command.
func TestLogFlagsAnywhere(t *testing.T) {
	dir := accounts(t)
	for _, args := range [][]string{
		{"drift", "--log-level", "info", "scan", "-c", dir + "/drift.yaml"},
		{"drift", "scan", "-c", dir + "/drift.yaml", "--log-level", "info"},
		{"drift", "scan", "--log-level=info", "-c", dir + "/drift.yaml"},
	} {
		code, _, stderr := drift(args[1:]...)
		if code != 1 || !strings.Contains(stderr, "scan finished") {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and the info log", args[1:], code, stderr)
		}
	}
}
