package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// scanModel follows the scan's progress.
type scanModel struct {
	ctx    context.Context
	cancel context.CancelFunc
	ch     chan tea.Msg
	read   map[string]int
	done   map[string]string // source -> "" when read, else its error
}

func newScanModel(o Options) scanModel {
	ctx, cancel := context.WithCancel(context.Background())
	return scanModel{ctx: ctx, cancel: cancel, ch: make(chan tea.Msg, 256),
		read: map[string]int{}, done: map[string]string{}}
}

func (s *scanModel) add(msg scanProgressMsg) {
	s.read[msg.source] += msg.n
	if msg.done {
		s.done[msg.source] = ""
		if msg.err != nil {
			s.done[msg.source] = msg.err.Error()
		}
	}
}

// editModel edits one changed field's value.
type editModel struct {
	input textinput.Model
	item  *item
	err   string
}

func newEditModel() editModel {
	in := textinput.New()
	in.Prompt = "> "
	in.CharLimit = 4096
	in.Width = minWidth - 16
	return editModel{input: in}
}

// start prefills the input with the decided or proposed value.
func (e *editModel) start(it *item, s *session) {
	e.item, e.err = it, ""
	text := ""
	switch {
	case it.decision.choice == chooseEdit || it.decision.choice == chooseSource:
		text = editText(it.decision.value.JSON)
	default:
		if v, ok := it.proposedValue(); ok {
			text = editText(string(v))
		} else if len(it.drift.Values) > 0 {
			text = editText(string(it.drift.Values[0].Value))
		}
	}
	e.input.SetValue(text)
	e.input.CursorEnd()
}

// editText is a canonical value as one types it: strings unquoted, sets
// and lists joined by ";", null empty, anything else its JSON.
func editText(js string) string {
	if js == "null" || js == "" {
		return ""
	}
	if strings.HasPrefix(js, "[") {
		var parts []string
		if err := jsonUnmarshal(js, &parts); err == nil {
			return strings.Join(parts, ";")
		}
	}
	return plain([]byte(js))
}

// confirmAction is what a confirmation confirms.
type confirmAction uint8

const (
	confirmAcceptAll confirmAction = iota + 1
	confirmUndo
	confirmQuit
)

// confirmModel asks a yes/no question before a batch or an undo.
type confirmModel struct {
	action   confirmAction
	question string
	back     viewState
	items    []*item
	runID    string
	count    int
}

// applyModel follows a running apply or rollback.
type applyModel struct {
	bar     progress.Model
	cancel  context.CancelFunc
	ctx     context.Context // the run's context, cancelled by quit
	ch      chan tea.Msg
	done    int
	total   int
	current repair.Op
	// pending counts decision batches not yet journaled; a quit asked
	// meanwhile waits for them.
	pending int
}

// resultModel holds the runs the session made.
type resultModel struct {
	runs     []*repair.RunResult
	planFile string
	undone   bool
	err      error
}

func (r resultModel) last() *repair.RunResult {
	if len(r.runs) == 0 {
		return nil
	}
	return r.runs[len(r.runs)-1]
}

// kinds is the order the kind filter cycles through; 0 shows every kind.
var kinds = []diff.Kind{0, diff.Changed, diff.Missing, diff.Violation}
