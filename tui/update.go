package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// handleMsg handles the messages of the session's commands.
func (m Model) handleMsg(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case scanProgressMsg:
		m.scan.add(msg)
		return m, waitFor(m.scan.ch)
	case scanDoneMsg:
		m.sess, m.state = msg.sess, stateList
		m.list.refresh(m.sess)
		if res := m.sess.res; res.Incomplete() {
			var parts []string
			for _, n := range res.FailedNames() {
				parts = append(parts, fmt.Sprintf("%s could not be read (%s)", n, res.Failed[n]))
			}
			m.setStatus(strings.Join(parts, "; ")+"; it gets no writes", true)
		}
		return m, nil
	case scanFailedMsg:
		if !m.quitting {
			m.err, m.state = msg.err, stateFailed
		}
		return m, tea.Quit
	case decisionsSavedMsg:
		m.apply.pending--
		if msg.err != nil {
			m.apply.journalErr = msg.err
			m.setStatus(msg.err.Error(), true)
		}
		switch {
		case m.apply.pending > 0:
		case m.quitting:
			return m, tea.Quit
		case m.apply.startWhenSaved:
			m.apply.startWhenSaved = false
			return m.startApply()
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

// runDone shows the result of an apply or a rollback.
func (m Model) runDone(msg runDoneMsg) (tea.Model, tea.Cmd) {
	m.apply.cancel = nil
	if msg.planFile != "" {
		m.result.planFile = msg.planFile
	}
	switch {
	case errors.Is(msg.err, repair.ErrNothingToRollBack):
		m.state = stateResult
		m.setStatus("the run applied no op: nothing to undo", false)
		return m, nil
	case msg.err != nil:
		m.state = stateResult
		m.result.err = msg.err
		if m.quitting || m.result.last() == nil {
			m.err = msg.err
			return m, tea.Quit
		}
		m.setStatus(msg.err.Error(), true)
		return m, nil
	}
	m.result.runs = append(m.result.runs, msg.res)
	m.state = stateResult
	if m.quitting {
		return m, tea.Quit
	}
	return m, nil
}

// startApply builds the session's plan and runs it.
func (m Model) startApply() (tea.Model, tea.Cmd) {
	if m.apply.journalErr != nil {
		m.setStatus("not applying: "+m.apply.journalErr.Error(), true)
		return m, nil
	}
	if m.apply.pending > 0 {
		m.apply.startWhenSaved = true
		m.setStatus("journaling the decisions first…", false)
		return m, nil
	}
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

// decide records a decision on the given items and tells the journal.
func (m Model) decide(items []*item, decs []decision) (Model, tea.Cmd) {
	var ds []state.Decision
	at := m.opts.now()
	for i, it := range items {
		it.decision = decs[i]
		ds = append(ds, m.sess.journal(it, m.sessionID, m.opts.User, at))
	}
	if len(items) == 1 {
		m.setStatus(fmt.Sprintf("%s %s: %s", items[0].keyText, items[0].subject(), decs[0].label()), false)
	} else {
		m.setStatus(fmt.Sprintf("%d drifts decided", len(items)), false)
	}
	m.apply.pending++
	return m, recordCmd(m.opts.Store, ds)
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
