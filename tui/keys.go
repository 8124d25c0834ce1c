package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// keymap holds every key binding of the session. It is the help.KeyMap of
// the list; the other screens show the subsets that apply to them.
type keymap struct {
	Up, Down, Open, Back        key.Binding
	PageUp, PageDown            key.Binding
	HalfUp, HalfDown            key.Binding
	Top, Bottom                 key.Binding
	Filter, Kind, ClearFilter   key.Binding
	Accept, Source, Edit        key.Binding
	Skip, Manual, AcceptAll     key.Binding
	Review, Apply, Undo, List   key.Binding
	Confirm, Cancel, Help, Quit key.Binding
	ForceQuit                   key.Binding
}

func newKeymap() keymap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keymap{
		Up:          b([]string{"up", "k"}, "↑/k", "up"),
		Down:        b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:      b([]string{"pgup"}, "pgup", "page up"),
		PageDown:    b([]string{"pgdown"}, "pgdn", "page down"),
		HalfUp:      b([]string{"ctrl+u"}, "ctrl+u", "half page up"),
		HalfDown:    b([]string{"ctrl+d"}, "ctrl+d", "half page down"),
		Top:         b([]string{"g", "home"}, "g/home", "first"),
		Bottom:      b([]string{"G", "end"}, "G/end", "last"),
		Open:        b([]string{"enter"}, "enter", "details"),
		Back:        b([]string{"esc", "backspace"}, "esc", "back"),
		Filter:      b([]string{"/"}, "/", "filter"),
		Kind:        b([]string{"t"}, "t", "kind filter"),
		ClearFilter: b([]string{"esc"}, "esc", "clear filter"),
		Accept:      b([]string{"a"}, "a", "accept"),
		Source:      b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "take source"),
		Edit:        b([]string{"e"}, "e", "edit"),
		Skip:        b([]string{"s"}, "s", "skip"),
		Manual:      b([]string{"m"}, "m", "manual"),
		AcceptAll:   b([]string{"A"}, "A", "accept all shown"),
		Review:      b([]string{"r"}, "r", "review"),
		Apply:       b([]string{"y"}, "y", "apply"),
		Undo:        b([]string{"u"}, "u", "undo run"),
		List:        b([]string{"enter", "esc"}, "enter", "back to the list (re-scan)"),
		Confirm:     b([]string{"y", "enter"}, "y", "confirm"),
		Cancel:      b([]string{"n", "esc"}, "n/esc", "cancel"),
		Help:        b([]string{"?"}, "?", "help"),
		Quit:        b([]string{"q", "ctrl+c"}, "q", "quit"),
		ForceQuit:   b([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

// ShortHelp is the list's help bar.
func (k keymap) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Accept, k.Source, k.Edit, k.Skip, k.Review, k.Help, k.Quit}
}

// FullHelp is the list's full help (`?`).
func (k keymap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Open},
		{k.HalfUp, k.HalfDown, k.Top, k.Bottom, k.Review},
		{k.Filter, k.Kind, k.ClearFilter, k.AcceptAll},
		{k.Accept, k.Source, k.Edit, k.Skip, k.Manual},
		{k.Help, k.Quit},
	}
}

// screenKeys is the help of one screen other than the list.
type screenKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (s screenKeys) ShortHelp() []key.Binding  { return s.short }
func (s screenKeys) FullHelp() [][]key.Binding { return s.full }

var _ help.KeyMap = keymap{}
var _ help.KeyMap = screenKeys{}

// helpFor returns the bindings that apply on the model's screen.
func (m Model) helpFor() help.KeyMap {
	k := m.keys
	one := func(bs ...key.Binding) screenKeys { return screenKeys{short: bs, full: [][]key.Binding{bs}} }
	switch m.state {
	case stateDetail:
		return screenKeys{
			short: []key.Binding{k.Back, k.Accept, k.Source, k.Edit, k.Skip, k.Manual, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, k.Back}, {k.Accept, k.Source, k.Edit, k.Skip, k.Manual}, {k.Review, k.Help, k.Quit}},
		}
	case stateFilter:
		return one(withHelp(k.Open, "enter", "done"), k.ClearFilter, k.ForceQuit)
	case stateEdit:
		return one(withHelp(k.Open, "enter", "save"), withHelp(k.Back, "esc", "cancel"), k.ForceQuit)
	case stateConfirm:
		return one(k.Confirm, k.Cancel, k.ForceQuit)
	case stateReview:
		return screenKeys{
			short: []key.Binding{k.Up, k.Down, withHelp(k.Open, "enter", "before/after"), k.Apply, k.Back, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Top, k.Bottom, withHelp(k.Open, "enter", "before/after")}, {k.Apply, k.Back, k.Help, k.Quit}},
		}
	case stateOp:
		return one(withHelp(k.Back, "esc", "back to the review"), k.Apply, k.Help, k.Quit)
	case stateApplying, stateScanning:
		return one(withHelp(k.Quit, "q", "stop after the current op"))
	case stateResult:
		if m.canUndo() {
			return one(k.Undo, k.List, k.Help, k.Quit)
		}
		return one(k.List, k.Help, k.Quit)
	}
	return k
}

func withHelp(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}
