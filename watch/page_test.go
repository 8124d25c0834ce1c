package watch

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/diff"
)

// pageWatcher is a watch after eight cycles a second apart with grace 2s:
// "stuck" stays, "lag" and "broken" come and go, so the page has every
// class's line and some convergences to chart.
func pageWatcher(t *testing.T) (*Watcher, *Metrics) {
	t.Helper()
	scans, _ := fakeScans(
		[]diff.Drift{stuck, lag}, []diff.Drift{stuck, lag, broken}, []diff.Drift{stuck},
		[]diff.Drift{stuck, broken}, []diff.Drift{stuck, lag}, []diff.Drift{stuck, lag, broken},
		[]diff.Drift{stuck, lag, broken}, []diff.Drift{stuck, lag, broken}, []diff.Drift{stuck, lag})
	m := NewMetrics("accounts", "test")
	w := New(Options{Contract: "accounts", Grace: 2 * time.Second, Store: openStore(t), Scan: scans, Metrics: m})
	for range 9 {
		w.cycle(context.Background())
	}
	return w, m
}

// nsURL matches the XML namespace names of SVG, which are names, not
// addresses: a browser never fetches them.
var nsURL = regexp.MustCompile(`xmlns(:xlink)?="http://www\.w3\.org/(2000/svg|1999/xlink)"`)

// externalURLs returns the http(s) URLs in a page other than the SVG
// namespace names and those of self (the page's own origin).
func externalURLs(page, self string) []string {
	var ext []string
	for _, u := range regexp.MustCompile(`(?i)https?://[^\s"'<>)]*`).FindAllString(nsURL.ReplaceAllString(page, ""), -1) {
		if self == "" || !strings.HasPrefix(u, self) {
			ext = append(ext, u)
		}
	}
	return ext
}

func TestPageCharts(t *testing.T) {
	w, m := pageWatcher(t)
	code, page := get(t, Handler(w, m, ""), "/", "")
	if code != 200 {
		t.Fatalf("/ = %d:\n%s", code, page)
	}
	if n := strings.Count(page, `<svg class="chart"`); n != 2 {
		t.Errorf("%d charts on the page, want 2", n)
	}
	for _, want := range []string{
		`aria-label="open drifts over time"`, `aria-label="convergence latency distribution"`,
		">persistent<", ">converging<", ">≤5s<", ">&gt;1h<",
		`&#34;stuck&#34;`, `<h2 class="persistent">persistent (2)</h2>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, bad := range []string{"<script", "<?xml", "@font-face", "<image", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %s", bad)
		}
	}
	if ext := externalURLs(page, ""); len(ext) > 0 {
		t.Errorf("page names addresses outside itself: %v", ext)
	}
}

// TestPageBeforeFirstScan renders the page with no cycle yet: empty
// charts, no error.
func TestPageBeforeFirstScan(t *testing.T) {
	scans, _ := fakeScans(nil)
	m := NewMetrics("accounts", "test")
	w := New(Options{Contract: "accounts", Store: openStore(t), Scan: scans, Metrics: m})
	code, page := get(t, Handler(w, m, ""), "/", "")
	if code != 200 || strings.Count(page, `<svg class="chart"`) != 2 || !strings.Contains(page, "0 open drifts") {
		t.Errorf("/ before a scan = %d:\n%s", code, page)
	}
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Second: "1s", 15 * time.Second: "15s", time.Minute: "1m", 5 * time.Minute: "5m",
		time.Hour: "1h", 90 * time.Second: "1m30s",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
