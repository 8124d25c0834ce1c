// Package termstart makes sure nothing talks to the terminal unless a
// terminal UI is about to start. Importing it (cmd does) hides standard
// output from the terminal libraries while they initialise (see package
// hide) and gives it back once they have; colour is then decided from the
// environment and isatty alone. Only Prepare, called by drift repair as it
// starts, asks the terminal anything.
package termstart

import (
	"io"
	"os"

	_ "github.com/charmbracelet/bubbletea" // initialised before this package, with stdout hidden
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/drift-sh/drift/internal/termstart/hide"
)

func init() {
	os.Stdout = hide.Stdout
	// termenv's and lipgloss's defaults were built on the hidden stdout;
	// rebuild them on the real one. Building an output reads only the
	// environment and isatty.
	out := termenv.NewOutput(os.Stdout)
	termenv.SetDefaultOutput(out)
	lipgloss.DefaultRenderer().SetOutput(out)
}

// Prepare sets lipgloss's colour profile and background for a terminal UI
// about to start on w: no colour when color is false; otherwise the
// profile the environment gives and the background the terminal reports,
// asked now, before the UI takes the terminal over.
func Prepare(w io.Writer, color bool) {
	if !color {
		lipgloss.SetColorProfile(termenv.Ascii)
		return
	}
	out := termenv.NewOutput(w)
	lipgloss.SetColorProfile(out.EnvColorProfile())
	lipgloss.SetHasDarkBackground(out.HasDarkBackground())
}
