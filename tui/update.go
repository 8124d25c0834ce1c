package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/repair"
)

// handleMsg handles the messages of the session's commands.
func (m Model) handleMsg(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case scanProgressMsg:
		m.scan.add(msg)
		return m, waitFor(m.scan.ch)
	case scanDoneMsg:
		return m.scanDone(msg), nil
	case scanFailedMsg:
		if !m.quitting {
			m.err, m.state = msg.err, stateFailed
		}
		return m, tea.Quit
	case decisionsSavedMsg:
		m.apply.pending--
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
		}
		if m.apply.pending <= 0 && m.quitting && m.state != stateApplying {
			return m, tea.Quit
		}
		return m, nil
	case applyProgressMsg:
		m.apply.done = msg.done
		m.apply.current = msg.op
		return m, waitFor(m.apply.ch)
	case runDoneMsg:
		return m.runDone(msg)
	case progress.FrameMsg:
		bar, cmd := m.apply.bar.Update(msg)
		m.apply.bar = bar.(progress.Model)
		return m, cmd
	}
	return m, nil
}

// scanDone shows the list of a finished scan.
func (m Model) scanDone(msg scanDoneMsg) Model {
	m.sess, m.state = msg.sess, stateList
	m.list.refresh(m.sess)
	m.list.clamp(m.listRows())
	if res := m.sess.res; res.Incomplete() {
		var parts []string
		for _, n := range res.FailedNames() {
			parts = append(parts, fmt.Sprintf("%s could not be read (%s)", n, res.Failed[n]))
		}
		m.setStatus(strings.Join(parts, "; ")+"; it gets no writes", true)
	}
	return m
}

// runDone shows the result of an apply or a rollback, and journals the
// decisions of an apply: approved as applied, abandoned when their ops
// did not apply.
func (m Model) runDone(msg runDoneMsg) (tea.Model, tea.Cmd) {
	m.apply.cancel = nil
	if msg.planFile != "" {
		m.result.planFile = msg.planFile
	}
	var journal tea.Cmd
	if msg.res != nil && !msg.rollback && m.sess != nil && !m.sess.journaled {
		m.sess.journaled = true
		m.apply.pending++
		journal = recordCmd(m.opts.Store, m.sess.outcomes(m.review.plan, msg.res, m.sessionID, m.opts.User, m.opts.now()))
	}
	quit := tea.Quit
	if journal != nil {
		quit = journal // decisionsSavedMsg ends the session once journaled
	}
	switch {
	case errors.Is(msg.err, repair.ErrNothingToRollBack):
		m.state = stateResult
		m.setStatus("the run applied no op: nothing to undo", false)
		return m, journal
	case msg.err != nil:
		m.state = stateResult
		m.result.err = msg.err
		if m.quitting || m.result.last() == nil {
			m.err = msg.err
			m.quitting = true
			return m, quit
		}
		m.setStatus(msg.err.Error(), true)
		return m, journal
	}
	m.result.runs = append(m.result.runs, msg.res)
	if !msg.rollback {
		m.result.undone = false
	}
	m.state = stateResult
	if m.quitting {
		return m, quit
	}
	return m, journal
}

// startApply runs the reviewed plan.
func (m Model) startApply() (tea.Model, tea.Cmd) {
	plan := m.review.plan
	if plan == nil || len(plan.Ops) == 0 {
		m.setStatus("no op to apply: accept, take or edit a value first", true)
		return m, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.apply.cancel, m.apply.ch, m.apply.ctx = cancel, make(chan tea.Msg, 64), ctx
	m.apply.done, m.apply.total = 0, len(plan.Ops)
	m.state = stateApplying
	m.setStatus("", false)
	runID := m.opts.NewRunID()
	return m, tea.Batch(applyCmd(ctx, m.opts, plan, runID, m.apply.ch), waitFor(m.apply.ch))
}

// decide records a decision on the given items; a single decision moves
// the cursor to the next drift still open, unless it conflicts.
func (m Model) decide(items []*item, decs []decision) (Model, tea.Cmd) {
	keys := map[string]bool{}
	for i, it := range items {
		it.decision = decs[i]
		keys[it.keyStr] = true
	}
	for k := range keys {
		m.sess.settle(k)
	}
	m.sess.retally()
	if len(items) != 1 {
		m.setStatus(fmt.Sprintf("%d drifts decided", len(items)), false)
		return m, nil
	}
	it := items[0]
	head := fmt.Sprintf("%s %s: %s", it.keyText, it.subject(), decs[0].label())
	switch {
	case it.conflict != "":
		m.setStatus(head+" conflicts: "+it.conflict, true)
		return m, nil
	case it.unsettled != "":
		m.setStatus(head+" · "+it.unsettled, true)
	default:
		m.setStatus(head, false)
	}
	if m.list.current(m.sess) == it {
		m.list.nextOpen(m.sess, m.listRows())
	}
	return m, nil
}

// decideOne applies a decision function to the selected item.
func (m Model) decideOne(f func(*item) (decision, error)) (tea.Model, tea.Cmd) {
	it := m.selected()
	if it == nil {
		return m, nil
	}
	d, err := f(it)
	if err != nil {
		m.setStatus(err.Error(), true)
		return m, nil
	}
	return m.decide([]*item{it}, []decision{d})
}

// selected is the item under the cursor, nil in an empty list.
func (m Model) selected() *item {
	if m.sess == nil {
		return nil
	}
	return m.list.current(m.sess)
}
