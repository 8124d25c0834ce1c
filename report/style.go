package report

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// styles holds the lipgloss styles of the human formats. The zero value
// (colour off) renders every text unchanged, without escape codes.
type styles struct {
	on        bool
	bold      lipgloss.Style
	changed   lipgloss.Style
	missing   lipgloss.Style
	violation lipgloss.Style
	good      lipgloss.Style
	dim       lipgloss.Style
	loud      lipgloss.Style
}

// newStyles builds the styles. With colour on, it uses its own renderer with
// a fixed 16-colour profile, so the output does not depend on what lipgloss
// guesses about the process's terminal and follows the terminal's theme.
func newStyles(color bool) styles {
	if !color {
		return styles{}
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI)
	red, yellow, green := lipgloss.Color("1"), lipgloss.Color("3"), lipgloss.Color("2")
	return styles{
		on:        true,
		bold:      r.NewStyle().Bold(true),
		changed:   r.NewStyle().Foreground(yellow),
		missing:   r.NewStyle().Foreground(red),
		violation: r.NewStyle().Foreground(red),
		good:      r.NewStyle().Foreground(green),
		dim:       r.NewStyle().Faint(true),
		loud:      r.NewStyle().Foreground(red).Bold(true),
	}
}

// cellStyle names the look of one table cell.
type cellStyle uint8

const (
	stylePlain cellStyle = iota
	styleBold
	styleChanged
	styleMissing
	styleViolation
	styleGood
	styleDim
	styleLoud
)

// render applies a style to text; with colour off it returns text as is.
func (s styles) render(c cellStyle, text string) string {
	if !s.on || text == "" {
		return text
	}
	var st lipgloss.Style
	switch c {
	case styleBold:
		st = s.bold
	case styleChanged:
		st = s.changed
	case styleMissing:
		st = s.missing
	case styleViolation:
		st = s.violation
	case styleGood:
		st = s.good
	case styleDim:
		st = s.dim
	case styleLoud:
		st = s.loud
	default:
		return text
	}
	return st.Render(text)
}
