package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// start runs a session on a fresh fixture and waits for its list.
func start(t *testing.T, f *fixture) *teatest.TestModel {
	t.Helper()
	return startAt(t, f, 80, 24)
}

// startAt runs a session at a given terminal size.
func startAt(t *testing.T, f *fixture, w, h int) *teatest.TestModel {
	t.Helper()
	tm := teatest.NewTestModel(t, New(f.opts), teatest.WithInitialTermSize(w, h))
	waitScreen(t, tm, "10 drifts")
	return tm
}

// waitScreen waits until the screen shows s.
func waitScreen(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// typeKeys sends keys to a running program.
func typeKeys(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
}

// screen ends the program and returns its last screen, with the fixture's
// folder replaced so the golden file does not depend on it.
func screen(t *testing.T, tm *teatest.TestModel, f *fixture) []byte {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	return []byte(strings.ReplaceAll(fm.View(), f.dir, "$DIR") + "\n")
}

// Golden screens at 80x24 (and two at 120x30), colour off; go test ./tui -update rewrites them.
func TestScreens(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		wait string
	}{
		{"list", nil, ""},
		{"list_filtered", []string{"t", "/", "a", "-", "1", "enter"}, "shown [changed /a-1]"},
		{"detail", []string{"down", "down", "down", "enter"}, "Violations"},
		{"edit", []string{"down", "down", "down", "e", "x", "enter"}, "refused:"},
		{"review", []string{"a", "down", "2", "down", "s", "r"}, "press y to apply"},
		{"result", []string{"a", "down", "a", "down", "a", "r", "y"}, "u undoes this run"},
		{"help", []string{"?"}, "accept all shown"},
	}
	wide := []struct {
		name string
		keys []string
		wait string
	}{
		{"list_120x30", nil, ""},
		{"detail_120x30", []string{"down", "enter"}, "Proposal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			tm := start(t, f)
			typeKeys(tm, tc.keys...)
			if tc.wait != "" {
				waitScreen(t, tm, tc.wait)
			}
			golden.RequireEqual(t, screen(t, tm, f))
		})
	}
	for _, tc := range wide {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			tm := startAt(t, f, 120, 30)
			typeKeys(tm, tc.keys...)
			if tc.wait != "" {
				waitScreen(t, tm, tc.wait)
			}
			golden.RequireEqual(t, screen(t, tm, f))
		})
	}
}

var _ tea.Model = Model{}
