// Package report writes a scan's diff.Report in each output format of
// `drift scan --format`: a table for people at a terminal, JSON and NDJSON
// for machines, Markdown for pull-request comments and JUnit XML for CI
// dashboards. go-pretty and lipgloss are used only here (and in tui/).
package report

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/drift-sh/drift/diff"
)

// Writer writes one report in one format.
type Writer interface {
	Write(w io.Writer, r *diff.Report) error
}

// Options tune the human-facing formats; the machine formats ignore them.
type Options struct {
	// Color turns on lipgloss styles. Callers decide it from whether stdout
	// is a terminal and from NO_COLOR.
	Color bool
	// Width is the terminal width in columns; 0 means DefaultWidth.
	Width int
	// Now is the time drift ages are measured from; zero means the report's
	// FinishedAt, so that output stays reproducible.
	Now time.Time
}

// DefaultWidth is the table width when Options.Width is 0: the classic
// terminal's 80 columns, which every table fits.
const DefaultWidth = 80

// Formats lists the known format names, in the order help text shows them.
var Formats = []string{"table", "json", "ndjson", "markdown", "junit"}

var (
	_ Writer = (*TableWriter)(nil)
	_ Writer = (*JSONWriter)(nil)
	_ Writer = (*NDJSONWriter)(nil)
	_ Writer = (*MarkdownWriter)(nil)
	_ Writer = (*JUnitWriter)(nil)
)

// New returns the writer for a format name.
func New(format string, opts Options) (Writer, error) {
	switch format {
	case "table":
		return &TableWriter{Options: opts}, nil
	case "json":
		return &JSONWriter{}, nil
	case "ndjson":
		return &NDJSONWriter{}, nil
	case "markdown":
		return &MarkdownWriter{}, nil
	case "junit":
		return &JUnitWriter{}, nil
	}
	return nil, fmt.Errorf("unknown report format %q (--format); known formats: %s",
		format, strings.Join(Formats, ", "))
}

var errNilReport = errors.New("report: no report to write (nil)")

func (o Options) width() int {
	if o.Width <= 0 {
		return DefaultWidth
	}
	return o.Width
}

// now is the instant ages are measured from: Options.Now, else the end of
// the scan, else nothing (zero: ages are not shown).
func (o Options) now(r *diff.Report) time.Time {
	if !o.Now.IsZero() {
		return o.Now
	}
	return r.FinishedAt
}

// failedSources returns the sources that could not be read.
func failedSources(r *diff.Report) []diff.SourceStatus {
	var out []diff.SourceStatus
	for _, s := range r.Sources {
		if s.Error != nil {
			out = append(out, s)
		}
	}
	return out
}
