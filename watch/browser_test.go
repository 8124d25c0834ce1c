package watch

import (
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium returns the path of Debian's chromium; in CI its absence fails
// the test (.ci/run installs it), elsewhere it skips.
func chromium(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs Debian's chromium package")
		}
		t.Skip("chromium is not installed (apt-get install chromium): the page is not loaded in a browser")
	}
	return p
}

// headless runs chromium headless on url with the given mode flags
// (--screenshot=FILE or --dump-dom), logging its network activity to
// netlog, and returns its standard output.
func headless(t *testing.T, bin, url, netlog string, mode ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(), "--window-size=1200,900",
		"--log-net-log=" + netlog}, mode...)
	cmd := exec.CommandContext(ctx, bin, append(args, url)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(mode, " "), err, stderr.String())
	}
	return string(out)
}

// netRequest is a request in chromium's net log: its URL and the origin
// that asked for it ("not an origin" for the navigation itself and for
// the browser's own traffic, such as its update checks).
type netRequest struct{ URL, Initiator string }

// netRequests reads the requests chromium started from its net log.
func netRequests(t *testing.T, netlog string) []netRequest {
	t.Helper()
	b, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatalf("chromium wrote no net log: %v", err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int        `json:"type"`
			Params netRequest `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatalf("net log %s: %v", netlog, err)
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("net log names no URL_REQUEST_START_JOB event")
	}
	var reqs []netRequest
	for _, e := range log.Events {
		if e.Type == start && e.Params.URL != "" {
			reqs = append(reqs, e.Params)
		}
	}
	return reqs
}

// TestPageInBrowser loads the live page of a watch with drift in headless
// Chromium: the screenshot is a real picture, the rendered DOM holds the
// drift keys and both SVG charts, the served HTML names no address other
// than the page's own, and the browser's net log shows the page asked for
// nothing outside its origin.
func TestPageInBrowser(t *testing.T) {
	bin := chromium(t)
	w, m := pageWatcher(t)
	srv := httptest.NewServer(Handler(w, m, "")) // loopback: no token needed
	defer srv.Close()
	url := srv.URL + "/"
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ext := externalURLs(string(served), srv.URL); len(ext) > 0 {
		t.Errorf("the served page names addresses outside itself: %v", ext)
	}

	dir := t.TempDir()
	shot := filepath.Join(dir, "page.png")
	headless(t, bin, url, filepath.Join(dir, "shot.netlog"), "--screenshot="+shot)
	checkScreenshot(t, shot)

	netlog := filepath.Join(dir, "dom.netlog")
	dom := headless(t, bin, url, netlog, "--dump-dom")
	for _, want := range []string{`"stuck"`, `"lag"`, "persistent (2)", "Open drifts over time", "Convergence latency"} {
		if !strings.Contains(strings.ReplaceAll(dom, "&quot;", `"`), want) {
			t.Errorf("rendered page lacks %s", want)
		}
	}
	if n := strings.Count(dom, `<svg class="chart"`); n != 2 {
		t.Errorf("rendered page has %d SVG charts, want 2", n)
	}
	loaded := false
	for _, r := range netRequests(t, netlog) {
		loaded = loaded || r.URL == url
		if r.Initiator == srv.URL && !strings.HasPrefix(r.URL, srv.URL+"/") {
			t.Errorf("the page made the browser request %s", r.URL)
		}
	}
	if !loaded {
		t.Errorf("the net log does not show the page %s loaded", url)
	}
}

// checkScreenshot decodes the PNG and requires a page-sized picture that
// is not one colour: the charts and the table drew something.
func checkScreenshot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < 1000 || b.Dy() < 700 {
		t.Errorf("screenshot is %dx%d, want about 1200x900", b.Dx(), b.Dy())
	}
	if n := colours(img); n < 8 {
		t.Errorf("screenshot has %d colours: blank", n)
	}
	if dst := os.Getenv("DRIFT_SCREENSHOT"); dst != "" {
		b, _ := os.ReadFile(path)
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Error(err)
		}
	}
}

// colours counts the distinct colours of img, up to 1,000.
func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y && len(seen) < 1000; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}
