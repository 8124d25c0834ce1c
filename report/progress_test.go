package report

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the progress goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestProgressOffWritesNothing(t *testing.T) {
	var out syncBuffer
	p := NewProgress(&out, ProgressEnabled(false), ProgressSources("primary"))
	p.Add("primary", 10)
	p.Done("primary", nil)
	p.Stop()
	p.Stop()
	if s := out.String(); s != "" {
		t.Errorf("progress off wrote %q", s)
	}
}

func TestProgressCountsConcurrentReaders(t *testing.T) {
	var out syncBuffer
	start := time.Now()
	p := NewProgress(&out, ProgressEnabled(true), ProgressStyle(Options{Width: 100}), ProgressSources("primary", "replica", "cache"))
	var wg sync.WaitGroup
	for _, src := range []string{"primary", "replica", "cache"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1500 {
				p.Add(src, 1)
			}
			if src == "cache" {
				p.Done(src, errors.New("connection refused"))
				return
			}
			p.Done(src, nil)
		}()
	}
	wg.Wait()
	p.Stop()
	p.Stop()
	elapsed := time.Since(start)

	s := out.String()
	final := s[strings.LastIndex(s, "\r")+1:]
	for _, want := range []string{"read", "primary 1,500 ✓", "replica 1,500 ✓", "cache 1,500 ✗"} {
		if !strings.Contains(final, want) {
			t.Errorf("final line %q lacks %q", final, want)
		}
	}
	if !strings.HasSuffix(s, "\n") {
		t.Errorf("Stop should end the line: %q", s)
	}
	if strings.ContainsRune(s, '\x1b') {
		t.Errorf("colour off wrote escape codes: %q", s)
	}
	// Redraws come from a 100ms ticker plus the final one, never per Add.
	if draws, limit := strings.Count(s, "\r"), int(elapsed/progressInterval)+2; draws > limit {
		t.Errorf("%d redraws in %s, want at most %d", draws, elapsed, limit)
	}
}

func TestProgressRedrawsInPlace(t *testing.T) {
	var out syncBuffer
	p := NewProgress(&out, ProgressStyle(Options{Width: 40}))
	p.Add("a-source-with-a-very-long-name", 123456789)
	time.Sleep(3 * progressInterval / 2)
	p.Done("a-source-with-a-very-long-name", nil)
	p.Stop()
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\r") {
		if w := len([]rune(line)); w > 40 {
			t.Errorf("progress line is %d wide, over the width 40: %q", w, line)
		}
	}
	if n := strings.Count(out.String(), "\r"); n < 2 {
		t.Errorf("want a redraw while reading and a final one, got %d in %q", n, out.String())
	}
}

func TestProgressColour(t *testing.T) {
	for _, color := range []bool{false, true} {
		var out syncBuffer
		p := NewProgress(&out, ProgressStyle(Options{Color: color}))
		p.Add("primary", 3)
		p.Done("primary", nil)
		p.Stop()
		if got := strings.ContainsRune(out.String(), '\x1b'); got != color {
			t.Errorf("colour %v: escape codes written = %v: %q", color, got, out.String())
		}
	}
}
