package cmd

import (
	"io"
	"log/slog"
	"os"
	"time"

	"golang.org/x/term"
)

// IO carries a command's streams and environment, so tests can pass buffers
// and a fixed clock instead of the process's own.
type IO struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	InTTY  bool // stdin is a terminal: commands may ask questions
	OutTTY bool // stdout is a terminal: colour and widths apply
	ErrTTY bool // stderr is a terminal: progress bars go there
	Width  int  // terminal width, 0 when unknown
	Getenv func(string) (string, bool)
	Now    func() time.Time
	// Log is the logger the global --log-format and --log-level flags
	// ask for; commands add their run id to it.
	Log *slog.Logger
	// NoColor is --no-color: no colour even on a terminal.
	NoColor bool
	// Prompt is where questions go when it is not Err (--quiet).
	Prompt io.Writer
}

// systemIO describes the process's real streams.
func systemIO(in io.Reader, out, errw io.Writer) *IO {
	s := &IO{In: in, Out: out, Err: errw, Getenv: os.LookupEnv, Now: time.Now,
		Log: slog.New(slog.NewTextHandler(errw, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	s.InTTY = isTerminal(in)
	s.OutTTY = isTerminal(out)
	s.ErrTTY = isTerminal(errw)
	if f, ok := out.(*os.File); ok && s.OutTTY {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			s.Width = w
		}
	}
	return s
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Color reports whether output to stdout may use colour: a terminal,
// NO_COLOR unset or empty, and no --no-color.
func (s *IO) Color() bool {
	if s.NoColor {
		return false
	}
	if v, ok := s.Getenv("NO_COLOR"); ok && v != "" {
		return false
	}
	return s.OutTTY
}

// logger returns the command's logger with its run id on every line.
func (s *IO) logger(command, runID string) *slog.Logger {
	l := s.Log
	if l == nil {
		l = slog.New(slog.DiscardHandler)
	}
	return l.With("command", command, "run_id", runID)
}
