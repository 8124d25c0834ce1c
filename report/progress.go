package report

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/jedib0t/go-pretty/v6/text"
)

// progressInterval is the time between redraws: at most ten a second.
const progressInterval = 100 * time.Millisecond

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// Progress draws one updating line on a terminal (stderr) while sources are
// read: a spinner, the records read so far per source, and ✓ or ✗ when a
// source is done. Callers create it (or enable it) only when stderr is a
// terminal; disabled, it writes nothing. Its methods are safe for concurrent
// use: each source's reader calls Add and Done, and the command calls Stop
// when reading ends, before it writes the report (more calls are harmless).
type Progress struct {
	mu      sync.Mutex
	w       io.Writer
	on      bool
	st      styles
	width   int
	start   time.Time
	order   []string
	sources map[string]*sourceProgress
	frame   int
	lastLen int
	verb    [2]string // while running, when done: "reading", "read"
	total   int       // when set, the line shows done/total
	stopped bool
	quit    chan struct{}
	exited  chan struct{}
}

type sourceProgress struct {
	records int
	done    bool
	failed  bool
}

// ProgressOption configures a Progress.
type ProgressOption func(*Progress)

// ProgressEnabled turns the line on or off; callers pass whether stderr is
// a terminal. Off, the Progress writes nothing. It is on by default.
func ProgressEnabled(on bool) ProgressOption { return func(p *Progress) { p.on = on } }

// ProgressStyle takes the colour and width from report options.
func ProgressStyle(opts Options) ProgressOption {
	return func(p *Progress) { p.st, p.width = newStyles(opts.Color), opts.width() }
}

// ProgressVerb names what is counted, while running and when done
// ("applying", "applied"); the default is "reading", "read".
func ProgressVerb(running, done string) ProgressOption {
	return func(p *Progress) { p.verb = [2]string{running, done} }
}

// ProgressTotal shows the count so far out of total (ops of a plan).
func ProgressTotal(total int) ProgressOption { return func(p *Progress) { p.total = total } }

// ProgressSources fixes the order in which sources are shown (config
// order); sources not named here are added as they first report.
func ProgressSources(names ...string) ProgressOption {
	return func(p *Progress) {
		for _, n := range names {
			p.source(n)
		}
	}
}

// NewProgress starts a progress line on w (stderr). Stop must be called to
// end it, before the report is written.
func NewProgress(w io.Writer, opts ...ProgressOption) *Progress {
	p := &Progress{w: w, on: true, width: DefaultWidth, start: time.Now(), sources: map[string]*sourceProgress{},
		verb: [2]string{"reading", "read"}}
	for _, o := range opts {
		o(p)
	}
	if p.on {
		p.quit, p.exited = make(chan struct{}), make(chan struct{})
		go p.loop()
	}
	return p
}

// Add counts n more records read from source.
func (p *Progress) Add(source string, n int) {
	p.mu.Lock()
	p.source(source).records += n
	p.mu.Unlock()
}

// Done marks source as finished; a non-nil err marks it failed.
func (p *Progress) Done(source string, err error) {
	p.mu.Lock()
	s := p.source(source)
	s.done, s.failed = true, err != nil
	p.mu.Unlock()
}

// Stop draws the final line, ends it with a newline and stops redrawing.
// It is safe to call more than once.
func (p *Progress) Stop() {
	p.mu.Lock()
	if p.stopped || !p.on {
		p.stopped = true
		p.mu.Unlock()
		return
	}
	p.stopped = true
	p.mu.Unlock()
	close(p.quit)
	<-p.exited
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw(true)
	fmt.Fprint(p.w, "\n")
}

// source returns the state of a source, adding it on first sight. The
// caller holds p.mu.
func (p *Progress) source(name string) *sourceProgress {
	s, ok := p.sources[name]
	if !ok {
		s = &sourceProgress{}
		p.sources[name] = s
		p.order = append(p.order, name)
	}
	return s
}

func (p *Progress) loop() {
	defer close(p.exited)
	tick := time.NewTicker(progressInterval)
	defer tick.Stop()
	for {
		select {
		case <-p.quit:
			return
		case <-tick.C:
			p.mu.Lock()
			p.frame++
			p.draw(false)
			p.mu.Unlock()
		}
	}
}

// draw rewrites the line in place: a carriage return, the line (cut to the
// terminal width so it never wraps, and then left unstyled), and spaces over
// any longer previous line. The caller holds p.mu.
func (p *Progress) draw(final bool) {
	parts := p.parts(final)
	plain := make([]string, len(parts))
	styled := make([]string, len(parts))
	for i, c := range parts {
		plain[i] = c.text
		styled[i] = p.st.render(c.style, c.text)
	}
	line := strings.Join(styled, "  ")
	if w := text.StringWidth(strings.Join(plain, "  ")); w > p.width-1 {
		line = text.Snip(strings.Join(plain, "  "), p.width-1, "…")
	}
	w := text.StringWidthWithoutEscSequences(line)
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", max(0, p.lastLen-w)))
	p.lastLen = w
}

// parts builds the pieces of the progress line: the spinner (or "read" at
// the end), one piece per source, and the time so far.
func (p *Progress) parts(final bool) []cell {
	head := spinnerFrames[p.frame%len(spinnerFrames)] + " " + p.verb[0]
	if final {
		head = p.verb[1]
	}
	if p.total > 0 {
		n := 0
		for _, s := range p.sources {
			n += s.records
		}
		head += fmt.Sprintf(" %s/%s", thousands(n), thousands(p.total))
	}
	parts := []cell{{head, stylePlain}}
	for _, name := range p.order {
		s := p.sources[name]
		c := cell{fmt.Sprintf("%s %s", name, thousands(s.records)), stylePlain}
		switch {
		case s.failed:
			c = cell{c.text + " ✗", styleLoud}
		case s.done:
			c = cell{c.text + " ✓", styleGood}
		}
		parts = append(parts, c)
	}
	elapsed := time.Since(p.start).Round(100 * time.Millisecond).String()
	return append(parts, cell{elapsed, styleDim})
}
