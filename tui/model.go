package tui

import (
	"context"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/repair"
)

// viewState is the screen the session shows.
type viewState uint8

// The screens, in the order a session usually goes through them.
const (
	stateScanning viewState = iota
	stateList
	stateFilter
	stateDetail
	stateEdit
	stateConfirm
	stateReview
	stateOp // one op of the review, before and after
	stateApplying
	stateResult
	stateFailed
)

// Default size until the terminal reports its own: the smallest the
// layout is made for.
const (
	minWidth  = 80
	minHeight = 24
)

// Model is the root model of a repair session.
type Model struct {
	opts      Options
	keys      keymap
	help      help.Model
	state     viewState
	width     int
	height    int
	sessionID string

	scan    scanModel
	sess    *session
	list    listModel
	back    viewState // the screen edit and review return to: list or detail
	edit    editModel
	confirm confirmModel
	review  reviewModel
	apply   applyModel
	result  resultModel

	status    string // a one-line message, such as a refused decision
	statusErr bool
	err       error // the error that ended the session, if any
	quitting  bool  // quit asked during an apply: stop after the current op
	cancel    context.CancelFunc
}

// New makes a session that scans when it starts.
func New(opts Options) Model {
	m := Model{opts: opts, keys: newKeymap(), help: help.New(), width: minWidth, height: minHeight, back: stateList}
	m.sessionID = opts.NewRunID()
	m.list = newListModel()
	m.edit = newEditModel()
	m.apply.bar = progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())
	m.help.Width = m.width
	m.scan = newScanModel(opts)
	return m
}

// Init starts the scan.
func (m Model) Init() tea.Cmd {
	return tea.Batch(scanCmd(m.scan.ctx, m.opts, m.scan.ch), waitFor(m.scan.ch))
}

// Err is the error that ended the session: a scan or a journal that
// failed. It is nil after a normal quit.
func (m Model) Err() error { return m.err }

// Run is the last run the session applied or rolled back, nil if none.
func (m Model) Run() *repair.RunResult { return m.result.last() }

// PlanFile is where the session saved the plan it applied, for resuming
// an interrupted apply with `drift apply`; empty if it applied nothing.
func (m Model) PlanFile() string { return m.result.planFile }

// Update handles one message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 20), max(msg.Height, 8)
		m.help.Width = m.width
		m.apply.bar.Width = min(m.width-4, 60)
		m.edit.input.Width = m.width - 16
		m.list.clamp(m.listRows())
		return m, nil
	case tea.KeyMsg:
		if keys := burst(msg); keys != nil && !m.typing() {
			return m.handleBurst(keys)
		}
		return m.handleKey(msg)
	}
	return m.handleMsg(msg)
}

// handleKey dispatches a key to the current screen; `?` and quit work on
// every screen that is not taking text.
func (m Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	typing := m.typing()
	switch {
	case key.Matches(msg, m.keys.ForceQuit):
		return m.quit(true)
	case !typing && key.Matches(msg, m.keys.Quit):
		return m.quit(false)
	case !typing && key.Matches(msg, m.keys.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.list.clamp(m.listRows())
		return m, nil
	}
	m.status, m.statusErr = "", false
	switch m.state {
	case stateList:
		return m.listKey(msg)
	case stateFilter:
		return m.filterKey(msg)
	case stateDetail:
		return m.detailKey(msg)
	case stateEdit:
		return m.editKey(msg)
	case stateConfirm:
		return m.confirmKey(msg)
	case stateReview:
		return m.reviewKey(msg)
	case stateOp:
		return m.opKey(msg)
	case stateResult:
		return m.resultKey(msg)
	}
	return m, nil
}

// setStatus shows a one-line message; err marks it as a refusal.
func (m *Model) setStatus(s string, err bool) {
	m.status, m.statusErr = s, err
}
