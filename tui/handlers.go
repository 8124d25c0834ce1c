package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

func (m Model) listKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if m.list.navigate(k, msg, m.listRows()) {
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Open):
		if m.selected() != nil {
			m.state, m.back = stateDetail, stateDetail
		}
	case key.Matches(msg, k.Filter):
		m.state = stateFilter
		return m, m.list.filter.Focus()
	case key.Matches(msg, k.Kind):
		m.list.nextKind()
		m.list.refresh(m.sess)
	case key.Matches(msg, k.ClearFilter):
		m.list.filter.SetValue("")
		m.list.kind = 0
		m.list.refresh(m.sess)
	case key.Matches(msg, k.AcceptAll):
		return m.askAcceptAll()
	case key.Matches(msg, k.Review):
		return m.openReview()
	default:
		return m.decisionKey(msg)
	}
	return m, nil
}

// decisionKey handles the keys that decide the selected drift, in the
// list and in the detail view.
func (m Model) decisionKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Accept):
		return m.decideOne(m.sess.accept)
	case key.Matches(msg, k.Source):
		n := int(msg.Runes[0] - '1')
		return m.decideOne(func(it *item) (decision, error) { return m.sess.takeSource(it, n) })
	case key.Matches(msg, k.Skip):
		return m.decideOne(func(it *item) (decision, error) { return m.sess.check(it, decision{choice: chooseSkip}) })
	case key.Matches(msg, k.Manual):
		return m.decideOne(func(it *item) (decision, error) { return m.sess.check(it, decision{choice: chooseManual}) })
	case key.Matches(msg, k.Edit):
		return m.openEdit()
	}
	return m, nil
}

func (m Model) filterKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEnter:
		m.list.filter.Blur()
		m.state = stateList
		return m, nil
	case tea.KeyEsc:
		m.list.filter.SetValue("")
		m.list.filter.Blur()
		m.list.refresh(m.sess)
		m.state = stateList
		return m, nil
	}
	var cmd tea.Cmd
	m.list.filter, cmd = m.list.filter.Update(msg)
	m.list.refresh(m.sess)
	return m, cmd
}

func (m Model) detailKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if m.list.navigate(k, msg, m.listRows()) {
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Back):
		m.state, m.back = stateList, stateList
	case key.Matches(msg, k.Review):
		return m.openReview()
	default:
		return m.decisionKey(msg)
	}
	return m, nil
}

// openEdit starts editing the selected changed field.
func (m Model) openEdit() (tea.Model, tea.Cmd) {
	it := m.selected()
	if it == nil {
		return m, nil
	}
	if err := canEdit(it); err != nil {
		m.setStatus(err.Error(), true)
		return m, nil
	}
	m.edit.start(it, m.sess)
	m.state = stateEdit
	return m, m.edit.input.Focus()
}

func (m Model) editKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		m.state = m.back
		return m, nil
	case tea.KeyEnter:
		d, err := m.sess.edit(m.edit.item, m.edit.input.Value())
		if err != nil {
			m.edit.err = err.Error()
			return m, nil
		}
		m.state = m.back
		return m.decide([]*item{m.edit.item}, []decision{d})
	}
	var cmd tea.Cmd
	m.edit.err = ""
	m.edit.input, cmd = m.edit.input.Update(msg)
	return m, cmd
}

// askAcceptAll asks to accept every proposal the list shows.
func (m Model) askAcceptAll() (tea.Model, tea.Cmd) {
	items := m.list.proposals(m.sess)
	if len(items) == 0 {
		m.setStatus("no drift shown has a proposal to accept", true)
		return m, nil
	}
	m.confirm = confirmModel{action: confirmAcceptAll, back: stateList, items: items,
		question: fmt.Sprintf("Accept the proposal of the %d drifts shown?", len(items))}
	m.state = stateConfirm
	return m, nil
}

func (m Model) confirmKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Confirm):
		m.state = m.confirm.back
		switch m.confirm.action {
		case confirmAcceptAll:
			items := m.sess.acceptAll(m.confirm.items)
			decs := make([]decision, len(items))
			for i := range decs {
				decs[i] = decision{choice: chooseAccept}
			}
			return m.decide(items, decs)
		case confirmUndo:
			m.result.undone = true
			m.state = stateApplying
			m.apply.done, m.apply.total = 0, m.confirm.count
			return m, rollbackCmd(m.opts, m.confirm.runID, m.opts.NewRunID())
		case confirmQuit:
			return m.journalAndQuit()
		}
	case key.Matches(msg, m.keys.Cancel):
		m.state = m.confirm.back
	}
	return m, nil
}
