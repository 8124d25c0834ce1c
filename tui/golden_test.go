package tui

import (
	"bytes"
	"fmt"
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

// screenWait bounds how long a screen may take to appear: scanning the
// big fixture under the race detector on a loaded 2-core machine has
// taken more than 5 s. The wait ends as soon as the screen shows.
const screenWait = 60 * time.Second

// waitScreen waits until the screen shows s.
func waitScreen(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(screenWait), teatest.WithCheckInterval(10*time.Millisecond))
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
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(screenWait)).(Model)
	return []byte(strings.ReplaceAll(fm.View(), f.dir, "$DIR") + "\n")
}

// screenCase is a session driven by keys to the screen a golden file
// holds. A step "wait:TEXT" waits until the screen shows TEXT, for a
// screen that comes from a command (an apply, a scan) rather than from
// the keys alone.
type screenCase struct {
	name string
	keys []string
	big  bool // on the fixture of 5,100 drifts
}

// Golden screens at 80x24 and 200x50, colour off; go test ./tui -update
// rewrites them.
func TestScreens(t *testing.T) {
	result := []string{"a", "a", "a", "r", "y", "wait:u undoes this run"} // a-09, then a-11 status and updated_at
	tests := []screenCase{
		{name: "list"},
		{name: "list_filtered", keys: []string{"t", "/", "a", "-", "1", "enter"}},
		{name: "detail", keys: []string{"down", "down", "down", "enter"}},
		{name: "edit", keys: []string{"down", "down", "down", "e", "x", "enter", "wait:refused:"}},
		{name: "help", keys: []string{"?"}},
		// paging and jumps, with the position in the status line
		{name: "paging", keys: []string{"pgdown", "pgdown", "ctrl+d", "ctrl+u", "ctrl+d"}, big: true},
		{name: "paging_end", keys: []string{"G"}, big: true},
		{name: "paging_home", keys: []string{"end", "pgup", "home"}, big: true},
		// keys typed in one burst arrive as one message of several runes
		{name: "burst", keys: []string{"jjjj"}},
		// a decision moves the cursor to the next drift still open
		{name: "next_open", keys: []string{"down", "down", "down", "a"}},
		// accept and skip on the two rows of one delete
		{name: "conflict", keys: []string{"G", "k", "a", "s", "r"}},
		// the cache's value, which the read-only primary does not hold
		{name: "unsettled", keys: []string{"j", "3", "r"}},
		{name: "quit_asks", keys: []string{"a", "q"}},
		{name: "review", keys: []string{"a", "2", "s", "r"}},
		{name: "review_op", keys: []string{"a", "a", "a", "r", "down", "enter"}},
		{name: "result", keys: result},
		{name: "result_undone", keys: append(append([]string{}, result...), "u", "y", "wait:Rolled back")},
		{name: "rescanned", keys: append(append([]string{}, result...), "enter", "wait:1/7 ")},
	}
	for _, tc := range tests {
		for _, size := range [][2]int{{80, 24}, {200, 50}} {
			t.Run(fmt.Sprintf("%s/%dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				golden.RequireEqual(t, runScreen(t, tc, size[0], size[1]))
			})
		}
	}
}

// runScreen drives a session through a case and returns its last screen.
func runScreen(t *testing.T, tc screenCase, w, h int) []byte {
	t.Helper()
	var f *fixture
	var tm *teatest.TestModel
	if tc.big {
		f = newBigFixture(t)
		tm = teatest.NewTestModel(t, New(f.opts), teatest.WithInitialTermSize(w, h))
		waitScreen(t, tm, "5100 drifts")
	} else {
		f = newFixture(t)
		tm = startAt(t, f, w, h)
	}
	for _, k := range tc.keys {
		if text, ok := strings.CutPrefix(k, "wait:"); ok {
			waitScreen(t, tm, text)
			continue
		}
		tm.Send(keyMsg(k))
	}
	return screen(t, tm, f)
}

var _ tea.Model = Model{}
