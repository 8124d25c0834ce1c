package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// navigate is where a movement key takes a cursor at cur over n rows shown
// rows at a time: one row, a page, half a page, the first or the last.
// ok is false for a key that does not move.
func (k keymap) navigate(msg tea.KeyMsg, cur, n, rows int) (next int, ok bool) {
	rows = max(rows, 1)
	switch {
	case key.Matches(msg, k.Up):
		next = cur - 1
	case key.Matches(msg, k.Down):
		next = cur + 1
	case key.Matches(msg, k.PageUp):
		next = cur - rows
	case key.Matches(msg, k.PageDown):
		next = cur + rows
	case key.Matches(msg, k.HalfUp):
		next = cur - max(rows/2, 1)
	case key.Matches(msg, k.HalfDown):
		next = cur + max(rows/2, 1)
	case key.Matches(msg, k.Top):
		next = 0
	case key.Matches(msg, k.Bottom):
		next = n - 1
	default:
		return cur, false
	}
	return max(0, min(next, n-1)), true
}

// burst splits keys typed in one burst ("jjjj" arriving as one message of
// several runes) into one message per key, so each is taken as an arrow
// key would be. A paste stays whole.
func burst(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
		return nil
	}
	out := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		out[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
	}
	return out
}

// handleBurst takes the keys of a burst one by one; once a key opens a
// screen that takes text (the filter, the editor), the rest is typed there
// as one piece.
func (m Model) handleBurst(keys []tea.KeyMsg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	var next tea.Model = m
	for i, k := range keys {
		cur := next.(Model)
		if cur.typing() {
			rest := tea.KeyMsg{Type: tea.KeyRunes}
			for _, r := range keys[i:] {
				rest.Runes = append(rest.Runes, r.Runes...)
			}
			var cmd tea.Cmd
			next, cmd = cur.handleKey(rest)
			cmds = append(cmds, cmd)
			break
		}
		var cmd tea.Cmd
		next, cmd = cur.handleKey(k)
		cmds = append(cmds, cmd)
	}
	return next, tea.Batch(cmds...)
}

// typing reports whether the screen takes text rather than commands.
func (m Model) typing() bool { return m.state == stateFilter || m.state == stateEdit }
