package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/diff"
)

// Each key binding, sent to Update on a scanned session.
func TestKeyBindings(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string
		check func(t *testing.T, m Model)
	}{
		{"down moves the cursor", []string{"down", "j"}, cursorAt(2)},
		{"up moves back and stops at the top", []string{"down", "up", "k", "up"}, cursorAt(0)},
		{"enter opens the detail", []string{"enter"}, inState(stateDetail)},
		{"esc goes back to the list", []string{"enter", "esc"}, inState(stateList)},
		{"down in the detail shows the next drift", []string{"enter", "down"}, all(inState(stateDetail), cursorAt(1))},
		{"/ starts the filter", []string{"/"}, inState(stateFilter)},
		{"typing filters the list", []string{"/", "a", "-", "1", "2"}, shown(2)},
		{"enter keeps the filter", []string{"/", "a", "-", "1", "2", "enter"}, all(inState(stateList), shown(2))},
		{"esc in the filter clears it", []string{"/", "a", "-", "1", "2", "esc"}, all(inState(stateList), shown(10))},
		{"a scoped filter matches the field", []string{"/", "f", "i", "e", "l", "d", ":", "s", "t", "a", "enter"}, shown(3)},
		{"a source filter matches the ops' source", []string{"/", "s", "o", "u", "r", "c", "e", ":", "c", "a", "c", "h", "e", "enter"}, shown(5)},
		{"t filters by kind", []string{"t"}, all(shown(6), kindIs(diff.Changed))},
		{"t cycles through the kinds", []string{"t", "t", "t"}, all(shown(1), kindIs(diff.Violation))},
		{"esc clears the kind filter", []string{"t", "esc"}, shown(10)},
		{"a accepts the proposal", []string{"a"}, decided(0, chooseAccept)},
		{"2 takes the second source's record", []string{"down", "down", "down", "down", "down", "3"}, decided(5, chooseSource)},
		{"a refused decision says why", []string{"down", "down", "down", "2"}, all(decided(3, undecided), statusHas("frozen"))},
		{"s skips", []string{"s"}, decided(0, chooseSkip)},
		{"m sends to manual", []string{"m"}, decided(0, chooseManual)},
		{"e opens the editor on a changed field", []string{"down", "e"}, all(inState(stateEdit), inputIs("suspended"))},
		{"e refuses a missing key", []string{"e"}, all(inState(stateList), statusHas("only a changed field"))},
		{"enter saves a valid edit", []string{"down", "e", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "c", "l", "o", "s", "e", "d", "enter"},
			all(inState(stateList), decided(1, chooseEdit))},
		{"an invalid edit is refused with the problem", []string{"down", "e", "x", "enter"},
			all(inState(stateEdit), editErrHas(`"suspendedx" is not one of`), decided(1, undecided))},
		{"esc cancels the edit", []string{"down", "e", "x", "esc"}, all(inState(stateList), decided(1, undecided))},
		{"A asks before accepting what is shown", []string{"t", "A"}, all(inState(stateConfirm), confirmHas("6 drifts"))},
		{"y confirms the batch", []string{"t", "A", "y"}, all(inState(stateList), accepted(6))},
		{"n cancels the batch", []string{"t", "A", "n"}, all(inState(stateList), accepted(0))},
		{"the batch leaves decisions taken alone", []string{"down", "s", "t", "A"}, confirmHas("5 drifts")},
		{"r opens the review", []string{"a", "r"}, all(inState(stateReview), reviewOps(1))},
		{"esc leaves the review", []string{"a", "r", "esc"}, inState(stateList)},
		{"y with no op is refused", []string{"r", "y"}, all(inState(stateReview), statusHas("no op"))},
		{"? shows the full help", []string{"?"}, func(t *testing.T, m Model) {
			if !m.help.ShowAll || !strings.Contains(m.View(), "accept all shown") {
				t.Error("full help not shown")
			}
		}},
		{"? again hides it", []string{"?", "?"}, func(t *testing.T, m Model) {
			if m.help.ShowAll {
				t.Error("full help still shown")
			}
		}},
	}
	f := newFixture(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, press(t, f.scanned(t), tc.keys...))
		})
	}
}

func TestQuitKeys(t *testing.T) {
	f := newFixture(t)
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd := update(t, f.scanned(t), keyMsg(k))
		if cmd == nil || !isQuit(cmd()) {
			t.Errorf("%s in the list does not quit", k)
		}
	}
	m := press(t, f.scanned(t), "/")
	m, cmd := update(t, m, keyMsg("q"))
	if cmd != nil && isQuit(cmd()) {
		t.Error("q in the filter quits instead of typing")
	}
	if m.list.filter.Value() != "q" {
		t.Errorf("filter = %q, want q", m.list.filter.Value())
	}
	if _, cmd := update(t, m, keyMsg("ctrl+c")); cmd == nil || !isQuit(cmd()) {
		t.Error("ctrl+c in the filter does not quit")
	}
}

// q during an apply cancels it and waits for the run to stop.
func TestQuitDuringApplyWaitsForTheRun(t *testing.T) {
	f := newFixture(t)
	m := press(t, f.scanned(t), "a", "r", "y")
	if m.state != stateApplying {
		t.Fatalf("state %v, want applying", m.state)
	}
	ctx := m.apply.ctx
	m, cmd := update(t, m, keyMsg("q"))
	if cmd != nil {
		t.Error("q during an apply returned a command; it must wait for the run")
	}
	if !m.quitting || ctx.Err() == nil {
		t.Error("q did not cancel the apply")
	}
	_, cmd = update(t, m, runDoneMsg{res: nil, err: context.Canceled})
	if cmd == nil || !isQuit(cmd()) {
		t.Error("the session did not end once the run stopped")
	}
}

func isQuit(msg tea.Msg) bool {
	_, ok := msg.(tea.QuitMsg)
	return ok
}

func all(checks ...func(*testing.T, Model)) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		for _, c := range checks {
			c(t, m)
		}
	}
}

func inState(s viewState) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if m.state != s {
			t.Errorf("state %s, want %s", screenNames[m.state], screenNames[s])
		}
	}
}

func cursorAt(n int) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if m.list.cursor != n {
			t.Errorf("cursor %d, want %d", m.list.cursor, n)
		}
	}
}

func shown(n int) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if len(m.list.visible) != n {
			t.Errorf("%d drifts shown, want %d", len(m.list.visible), n)
		}
	}
}

func kindIs(k diff.Kind) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if m.list.kind != k {
			t.Errorf("kind filter %v, want %v", m.list.kind, k)
		}
	}
}

func decided(i int, c choice) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if got := m.sess.items[i].decision.choice; got != c {
			t.Errorf("item %d decided %q, want %q (status %q)", i, got, c, m.status)
		}
	}
}

func accepted(n int) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if got := m.sess.counts()[chooseAccept]; got != n {
			t.Errorf("%d accepted, want %d", got, n)
		}
	}
}

func statusHas(s string) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if !strings.Contains(m.status, s) {
			t.Errorf("status %q, want it to contain %q", m.status, s)
		}
	}
}

func inputIs(s string) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if m.edit.input.Value() != s {
			t.Errorf("input %q, want %q", m.edit.input.Value(), s)
		}
	}
}

func editErrHas(s string) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if !strings.Contains(m.edit.err, s) {
			t.Errorf("edit error %q, want it to contain %q", m.edit.err, s)
		}
	}
}

func confirmHas(s string) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if m.state != stateConfirm || !strings.Contains(m.confirm.question, s) {
			t.Errorf("confirm %q in state %s, want it to contain %q", m.confirm.question, screenNames[m.state], s)
		}
	}
}

func reviewOps(n int) func(*testing.T, Model) {
	return func(t *testing.T, m Model) {
		if m.review.plan == nil || len(m.review.plan.Ops) != n {
			t.Errorf("review plan has %v, want %d ops", m.review.plan, n)
		}
	}
}

// A source that could not be read is named, and the session goes on.
func TestIncompleteScanIsShown(t *testing.T) {
	f := newFixture(t)
	if err := os.Remove(filepath.Join(f.dir, "data", "cache.ndjson")); err != nil {
		t.Fatal(err)
	}
	m := f.scanned(t)
	if m.state != stateList || !m.statusErr || !strings.Contains(m.status, "cache could not be read") {
		t.Errorf("state %s, status %q: the failed source is not named", screenNames[m.state], m.status)
	}
	for _, op := range m.sess.plan.Ops {
		if op.Source == "cache" {
			t.Errorf("an op writes to the unread cache: %+v", op)
		}
	}
}

// q while scanning stops the scan; its cancellation is not an error.
func TestQuitWhileScanning(t *testing.T) {
	m := New(newFixture(t).opts)
	m, cmd := update(t, m, keyMsg("q"))
	if cmd == nil || !isQuit(cmd()) || m.scan.ctx.Err() == nil {
		t.Fatal("q while scanning does not cancel the scan and quit")
	}
	m, _ = update(t, m, scanFailedMsg{err: context.Canceled})
	if m.Err() != nil {
		t.Errorf("Err() = %v after quitting a scan", m.Err())
	}
}
