package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/state"
)

func (m Model) resultKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.List):
		return m.rescan()
	case !key.Matches(msg, m.keys.Undo):
		return m, nil
	}
	run := m.result.last()
	if !m.canUndo() {
		m.setStatus("only the session's last apply run can be undone, once", true)
		return m, nil
	}
	m.confirm = confirmModel{action: confirmUndo, back: stateResult, runID: run.RunID, count: run.Counts.Applied,
		question: fmt.Sprintf("Roll back the %d applied ops of run %s?", run.Counts.Applied, run.RunID)}
	m.state = stateConfirm
	return m, nil
}

// canUndo reports whether the last run can be rolled back from the
// session: an apply that applied ops and was not undone yet.
func (m Model) canUndo() bool {
	run := m.result.last()
	return run != nil && run.Kind != state.KindRollback && !m.result.undone && run.Counts.Applied > 0
}

// rescan goes back to the list through a new scan, so that work goes on
// from what the sources hold now; the filter is kept.
func (m Model) rescan() (tea.Model, tea.Cmd) {
	m.scan = newScanModel(m.opts)
	m.state, m.back = stateScanning, stateList
	m.sess = nil
	m.list.visible, m.list.cursor, m.list.offset = nil, 0, 0
	m.setStatus("", false)
	return m, m.Init()
}

// quit ends the session. During an apply it only asks Execute to stop
// after the current op, and the session ends when the run has stopped.
// Decisions not applied are journaled as abandoned first; q asks before,
// ctrl+c (force) does not.
func (m Model) quit(force bool) (tea.Model, tea.Cmd) {
	switch m.state {
	case stateApplying:
		m.quitting = true
		if m.apply.cancel != nil {
			m.apply.cancel()
		}
		return m, nil
	case stateScanning:
		m.quitting = true // the cancelled scan's error is not the session's
		if m.scan.cancel != nil {
			m.scan.cancel()
		}
		if m.apply.pending > 0 {
			return m, nil
		}
		return m, tea.Quit
	}
	open := m.unapplied()
	if len(open) > 0 && !force && !(m.state == stateConfirm && m.confirm.action == confirmQuit) {
		back := m.state
		if back == stateConfirm {
			back = m.confirm.back
		}
		m.confirm = confirmModel{action: confirmQuit, back: back, question: fmt.Sprintf(
			"Quit with %s not applied and %d undecided?\n  Decisions not applied are journaled as abandoned.",
			plural(len(open), "decision"), m.sess.counts()[undecided])}
		m.state = stateConfirm
		return m, nil
	}
	return m.journalAndQuit()
}

// unapplied lists the items whose decision no apply has taken yet.
func (m Model) unapplied() []*item {
	if m.sess == nil || m.sess.journaled {
		return nil
	}
	var out []*item
	for _, it := range m.sess.items {
		if it.decision.choice != undecided {
			out = append(out, it)
		}
	}
	return out
}

// journalAndQuit journals the decisions not applied as abandoned, then
// ends the session.
func (m Model) journalAndQuit() (tea.Model, tea.Cmd) {
	m.quitting = true
	open := m.unapplied()
	if len(open) == 0 {
		if m.apply.pending > 0 {
			return m, nil // decisionsSavedMsg ends the session
		}
		return m, tea.Quit
	}
	m.sess.journaled = true
	ds := make([]state.Decision, len(open))
	for i, it := range open {
		ds[i] = m.sess.journal(it, m.sessionID, m.opts.User, m.opts.now())
		ds[i].Choice = state.DecisionAbandoned
	}
	m.apply.pending++
	return m, recordCmd(m.opts.Store, ds)
}

// plural is "1 decision", "2 decisions".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
