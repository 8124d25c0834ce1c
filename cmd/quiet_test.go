package cmd

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNoColor: on a terminal the scan table is coloured, unless
// --no-color (before or after the command) or NO_COLOR says otherwise.
func TestNoColor(t *testing.T) {
	cfg := filepath.Join(accounts(t), "drift.yaml")
	cases := []struct {
		name    string
		args    []string
		noColor string
		want    bool
	}{
		{"terminal", []string{"scan", "-c", cfg, "--no-state"}, "", true},
		{"--no-color after", []string{"scan", "-c", cfg, "--no-state", "--no-color"}, "", false},
		{"--no-color before", []string{"--no-color", "scan", "-c", cfg, "--no-state"}, "", false},
		{"NO_COLOR", []string{"scan", "-c", cfg, "--no-state"}, "1", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			sio := &IO{In: strings.NewReader(""), Out: &out, Err: &errb, OutTTY: true, Width: 120, Now: time.Now,
				Getenv: func(k string) (string, bool) { return c.noColor, k == "NO_COLOR" && c.noColor != "" }}
			if code := run(append([]string{"drift"}, c.args...), sio); code != ExitDrift {
				t.Fatalf("exit %d, want 1; stderr: %s", code, errb.String())
			}
			if got := strings.Contains(out.String(), "\x1b["); got != c.want {
				t.Errorf("colour %v, want %v:\n%s", got, c.want, out.String())
			}
		})
	}
}

func TestHoistBoolGlobalFlag(t *testing.T) {
	got := strings.Join(hoistGlobalFlags(strings.Fields("drift scan --no-color -c x.yaml")), " ")
	if want := "drift --no-color scan -c x.yaml"; got != want {
		t.Errorf("hoistGlobalFlags = %q, want %q", got, want)
	}
}

// TestQuietApplyStillAsks: apply --quiet on a terminal without --yes
// shows the ops and asks, on stderr, and then prints nothing else.
func TestQuietApplyStillAsks(t *testing.T) {
	dir := accounts(t)
	plan := filepath.Join(dir, "plan.json")
	if code, _, errs := drift("plan", "-c", filepath.Join(dir, "drift.yaml"), "-o", plan); code != 0 {
		t.Fatalf("plan: exit %d: %s", code, errs)
	}
	var out, errb bytes.Buffer
	sio := &IO{In: strings.NewReader("y\n"), Out: &out, Err: &errb, InTTY: true, Now: time.Now,
		Getenv: func(string) (string, bool) { return "", false }}
	if code := run([]string{"drift", "apply", plan, "--quiet"}, sio); code != ExitOK {
		t.Fatalf("apply --quiet: exit %d; stderr: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "\napply 7 ops of plan ") || !strings.HasSuffix(errb.String(), "[y/N] ") ||
		!strings.Contains(errb.String(), "replica  eu/a-17") {
		t.Errorf("stderr %q, want the ops and the question", errb.String())
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q, want nothing", out.String())
	}
}
