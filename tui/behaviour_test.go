package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// Paging and jumps over 5,100 drifts at 80x24 (19 rows a page).
func TestPagingKeys(t *testing.T) {
	m := newBigFixture(t).scanned(t)
	steps := []struct {
		key  string
		want int
	}{
		{"pgdown", 19}, {"pgdown", 38}, {"ctrl+u", 29}, {"ctrl+d", 38}, {"pgup", 19},
		{"G", bigDrifts - 1}, {"pgdown", bigDrifts - 1}, {"pgup", bigDrifts - 20}, {"home", 0},
		{"pgup", 0}, {"end", bigDrifts - 1}, {"g", 0},
	}
	for _, st := range steps {
		m = press(t, m, st.key)
		if m.list.cursor != st.want {
			t.Fatalf("%s: cursor %d, want %d", st.key, m.list.cursor, st.want)
		}
		if m.list.cursor < m.list.offset || m.list.cursor >= m.list.offset+m.listRows() {
			t.Fatalf("%s: cursor %d outside the rows shown from %d", st.key, m.list.cursor, m.list.offset)
		}
	}
}

// Keys typed in one burst arrive as one message of several runes; each
// is taken, and what follows a key that opens the filter is typed there.
func TestBurstOfKeys(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name  string
		keys  []string
		check func(*testing.T, Model)
	}{
		{"jjjj moves four rows", []string{"jjjj"}, cursorAt(4)},
		{"jjk moves down twice and up once", []string{"jjk"}, cursorAt(1)},
		{"a burst after a filter key is typed into it", []string{"/a-12"}, all(inState(stateFilter), shown(2))},
		{"as and arrow keys, one at a time", []string{"j", "j", "j", "j"}, cursorAt(4)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, press(t, f.scanned(t), tc.keys...)) })
	}
}

// A decision moves the cursor to the next drift still open, skipping
// violations and decided drifts, and wrapping to the top.
func TestDecidingMovesToTheNextOpenRow(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		keys []string
		want int
	}{
		{"accept", []string{"a"}, 1},
		{"skip over a violation", []string{"j", "j", "j", "s"}, 5},
		{"take a source", []string{"j", "j", "j", "j", "j", "1"}, 6},
		{"over decided rows, wrapping", []string{"j", "a", "G", "a"}, 0},
		{"an edit", []string{"j", "e", "enter"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if m := press(t, f.scanned(t), tc.keys...); m.list.cursor != tc.want {
				t.Errorf("cursor %d, want %d (status %q)", m.list.cursor, tc.want, m.status)
			}
		})
	}
}

// Accept and skip on the two missing rows of one delete conflict: both
// are marked, the review does not open until one is changed.
func TestConflictingDecisions(t *testing.T) {
	m := press(t, newFixture(t).scanned(t), "G", "k", "a", "s")
	prim, repl := m.sess.items[8], m.sess.items[9]
	if prim.conflict == "" || repl.conflict == "" || m.sess.tally.conflict != 2 {
		t.Fatalf("conflicts %q / %q, tally %d; want both marked", prim.conflict, repl.conflict, m.sess.tally.conflict)
	}
	if !strings.Contains(repl.conflict, "contradicts") || !strings.Contains(m.View(), "!skip") {
		t.Errorf("conflict %q, screen:\n%s", repl.conflict, m.View())
	}
	m = press(t, m, "k", "r")
	if m.state != stateList || !strings.Contains(m.status, "2 decisions conflict") || m.list.cursor != 8 {
		t.Errorf("r with conflicts: state %s, status %q, cursor %d", screenNames[m.state], m.status, m.list.cursor)
	}
	m = press(t, m, "enter")
	if !strings.Contains(m.View(), "! conflict: contradicts") {
		t.Errorf("the detail does not say why:\n%s", m.View())
	}
	m = press(t, m, "esc", "j", "a", "r")
	if m.state != stateReview || m.sess.tally.conflict != 0 {
		t.Errorf("after accepting both: state %s, %d conflicts, status %q", screenNames[m.state], m.sess.tally.conflict, m.status)
	}
}

// Taking the cache's value while the read-only primary keeps another is
// flagged in the list, the detail and the review.
func TestUnsettledDecisionIsFlagged(t *testing.T) {
	m := press(t, newFixture(t).scanned(t), "j", "3")
	it := m.sess.items[1]
	if !strings.Contains(it.unsettled, `"primary" (not writable) keeps suspended`) || it.flag() != "~" {
		t.Fatalf("unsettled %q, flag %q", it.unsettled, it.flag())
	}
	if !strings.Contains(m.View(), "~← cache") || !strings.Contains(m.status, "cannot converge") {
		t.Errorf("the list does not flag it (status %q):\n%s", m.status, m.View())
	}
	if v := press(t, m, "r").View(); !strings.Contains(v, "~ eu/a-11 status: cannot converge") {
		t.Errorf("the review does not flag it:\n%s", v)
	}
	if m = press(t, m, "k", "1"); it.unsettled != "" {
		t.Errorf("the primary's value is still flagged: %q", it.unsettled)
	}
}

// The review has a cursor; enter shows the op before and after.
func TestReviewCursorAndOp(t *testing.T) {
	m := press(t, newFixture(t).scanned(t), "a", "a", "a", "r")
	if m.review.cursor != 0 || len(m.review.lines) != 3 {
		t.Fatalf("review cursor %d over %d lines", m.review.cursor, len(m.review.lines))
	}
	m = press(t, m, "j", "enter")
	v := m.View()
	if m.state != stateOp || !strings.Contains(v, "update cache eu/a-11") || !strings.Contains(v, "* status     active") {
		t.Errorf("op view in state %s:\n%s", screenNames[m.state], v)
	}
	if m = press(t, m, "esc"); m.state != stateReview || m.review.cursor != 1 {
		t.Errorf("esc: state %s, cursor %d", screenNames[m.state], m.review.cursor)
	}
	if m = press(t, m, "G", "k", "g"); m.review.cursor != 0 {
		t.Errorf("G k g: cursor %d", m.review.cursor)
	}
}

// run carries out a command's messages the way the program would, for
// the commands whose messages matter here: one message each.
func run(t *testing.T, m Model, cmd tea.Cmd) (Model, tea.Cmd) {
	t.Helper()
	return update(t, m, cmd())
}

// An applied session journals its decisions under the run, approved;
// after u the result offers no undo; enter goes back to a new scan.
func TestApplyJournalsUndoAndRescan(t *testing.T) {
	f := newFixture(t)
	m := press(t, f.scanned(t), "a", "a", "a", "r", "y")
	if m.state != stateApplying {
		t.Fatalf("state %s, status %q", screenNames[m.state], m.status)
	}
	msg := applyCmd(context.Background(), f.opts, m.review.plan, "run-x", make(chan tea.Msg, 64))()
	m, cmd := update(t, m, msg)
	if !m.canUndo() || !strings.Contains(m.View(), "u undo") {
		t.Fatalf("undo not offered after the apply:\n%s", m.View())
	}
	m, _ = run(t, m, cmd) // the journal
	checkJournal(t, f, `{"region":"eu","account_id":"a-11"}`, "run-x", "approve", "approve")
	m = press(t, m, "u", "y")
	m, _ = update(t, m, rollbackCmd(f.opts, "run-x", "run-y")())
	if m.canUndo() || strings.Contains(m.View(), "undo") {
		t.Errorf("undo still offered after the undo:\n%s", m.View())
	}
	m, cmd = update(t, m, keyMsg("enter"))
	if m.state != stateScanning || cmd == nil {
		t.Fatalf("enter on the result: state %s", screenNames[m.state])
	}
	done := scanCmd(m.scan.ctx, f.opts, make(chan tea.Msg, 1024))()
	if m, _ = update(t, m, done); m.state != stateList || len(m.sess.items) != 10 {
		t.Errorf("after the rescan: state %s", screenNames[m.state])
	}
}

// q with decisions not applied asks; yes journals them as abandoned.
// ctrl+c does not ask. Without decisions q quits at once.
func TestQuitAsksAndAbandons(t *testing.T) {
	f := newFixture(t)
	m := press(t, f.scanned(t), "a", "q")
	if m.state != stateConfirm || !strings.Contains(m.confirm.question, "1 decision not applied") {
		t.Fatalf("q with a decision: state %s, question %q", screenNames[m.state], m.confirm.question)
	}
	if m = press(t, m, "n"); m.state != stateList {
		t.Fatalf("n: state %s", screenNames[m.state])
	}
	m = press(t, m, "q")
	m, cmd := update(t, m, keyMsg("y"))
	if cmd == nil {
		t.Fatal("y did not journal the decisions")
	}
	if _, cmd = run(t, m, cmd); cmd == nil || !isQuit(cmd()) {
		t.Error("the session did not end once the decisions were journaled")
	}
	checkJournal(t, f, `{"region":"eu","account_id":"a-09"}`, "", state.DecisionAbandoned)

	m = press(t, newFixture(t).scanned(t), "a")
	m, cmd = update(t, m, keyMsg("ctrl+c"))
	if m.state == stateConfirm || cmd == nil || isQuit(cmd()) {
		t.Errorf("ctrl+c: state %s; want the journal, then quit, without a question", screenNames[m.state])
	}
}

// A decision whose op did not apply (a conflict) is journaled abandoned.
func TestOutcomesAbandonWhatDidNotApply(t *testing.T) {
	m := press(t, newFixture(t).scanned(t), "a", "a", "a", "r")
	p := m.review.plan
	res := &repair.RunResult{RunID: "run-c", Ops: []repair.OpResult{
		{ID: p.Ops[0].ID, Outcome: state.OutcomeApplied},
		{ID: p.Ops[1].ID, Outcome: state.OutcomeConflict},
	}}
	got := map[string]string{}
	for _, d := range m.sess.outcomes(p, res, "s", "tester", testNow) {
		got[m.sess.itemOf(d.DriftID).keyText+" "+m.sess.itemOf(d.DriftID).subject()] = d.Choice + "@" + d.RunID
	}
	want := map[string]string{"eu/a-09 replica": "approve@run-c", "eu/a-11 status": "abandoned@run-c", "eu/a-11 updated_at": "abandoned@run-c"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s journaled %q, want %q", k, got[k], w)
		}
	}
}

// checkJournal reads a key's decisions: their run and choices, in order.
func checkJournal(t *testing.T, f *fixture, key, runID string, choices ...string) {
	t.Helper()
	ds, err := f.store.DecisionsForKey(context.Background(), key)
	if err != nil || len(ds) != len(choices) {
		t.Fatalf("decisions of %s: %+v, err %v; want %v", key, ds, err, choices)
	}
	for i, d := range ds {
		if d.Choice != choices[i] || d.RunID != runID || d.SessionID == "" {
			t.Errorf("decision %d on %s: %s in run %q session %q; want %s in run %q", i, key, d.Choice, d.RunID, d.SessionID, choices[i], runID)
		}
	}
}

// The list's columns at a few widths: the key whole, and the sources'
// values side by side once each gets 10 columns beside a proposal of 30.
func TestListWidths(t *testing.T) {
	m := newFixture(t).scanned(t)
	big := newBigFixture(t).scanned(t)
	tests := []struct {
		m       Model
		width   int
		key     int
		sources int
	}{
		{m, 80, 7, 0}, {m, 116, 7, 0}, {m, 117, 7, 3}, {m, 200, 7, 3},
		{big, 80, 24, 0}, {big, 70, 17, 0},
	}
	for _, tc := range tests {
		tc.m.width = tc.width
		l := tc.m.listWidths()
		if l.key != tc.key || len(l.sources) != tc.sources {
			t.Errorf("%d columns: key %d, %d source columns; want %d, %d", tc.width, l.key, len(l.sources), tc.key, tc.sources)
		}
		total := len(l.all()) - 1
		for _, w := range l.all() {
			total += w
		}
		if total > tc.width {
			t.Errorf("%d columns: the list takes %d", tc.width, total)
		}
	}
}
