package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fixtureEnv is the whole environment a scan fixture sees: ${FIXTURE_DATA}
// is set, every other variable is unset.
var fixtureEnv = map[string]string{"FIXTURE_DATA": "data"}

// TestScanFixtures runs `drift scan --format json --no-state` through the
// real CLI entry on every folder under testdata/scan/. A folder holds a
// drift.yaml, its data files and the expectations:
//
//   - want.json: the drift.report/v1 on stdout, byte for byte once run_id,
//     started_at and finished_at are replaced by "<volatile>". File
//     versions are kept: they are the sha256 of the data and must be stable.
//   - want-error.txt: first line `exit N`, the expected exit code; every
//     further non-empty line is a fragment stderr must contain.
//
// With want.json alone, the exit code is derived from the expectation, not
// from the output: 1 when want.json lists drifts, else 0, and stderr must
// be empty. A case with both files (an incomplete scan) checks the report,
// the exit code and stderr. `go test ./cmd -run TestScanFixtures -update`
// rewrites want.json files; want-error.txt is always written by hand.
func TestScanFixtures(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "scan", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures under testdata/scan: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) { runScanFixture(t, dir) })
	}
}

// scanFixture is what one fixture folder expects.
type scanFixture struct {
	wantJSON  []byte // nil when the case has no want.json
	exit      int
	fragments []string // stderr must contain each; none means stderr is empty
}

func runScanFixture(t *testing.T, dir string) {
	fx := loadScanFixture(t, dir)
	var out, errb bytes.Buffer
	sio := &IO{In: strings.NewReader(""), Out: &out, Err: &errb,
		Getenv: func(k string) (string, bool) { v, ok := fixtureEnv[k]; return v, ok },
		Now:    func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }}
	code := run([]string{"drift", "scan", "-c", filepath.Join(dir, "drift.yaml"), "--format", "json", "--no-state"}, sio)
	got := normalizeReport(out.Bytes())
	if *updateGolden && out.Len() > 0 && (fx.wantJSON != nil || !fileExists(filepath.Join(dir, "want-error.txt"))) {
		if err := os.WriteFile(filepath.Join(dir, "want.json"), got, 0o644); err != nil {
			t.Fatal(err)
		}
		fx = loadScanFixture(t, dir)
	}
	if code != fx.exit {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, fx.exit, errb.String())
	}
	checkStderr(t, errb.String(), fx.fragments)
	switch {
	case fx.wantJSON != nil && !bytes.Equal(got, fx.wantJSON):
		t.Errorf("report differs from want.json (-want +got):\n%s", lineDiff(string(fx.wantJSON), string(got)))
	case fx.wantJSON == nil && out.Len() > 0:
		t.Errorf("unexpected report on stdout:\n%s", out.String())
	}
}

// loadScanFixture reads want.json and want-error.txt, deriving the exit
// code from want.json when want-error.txt is absent.
func loadScanFixture(t *testing.T, dir string) scanFixture {
	t.Helper()
	var fx scanFixture
	if b, err := os.ReadFile(filepath.Join(dir, "want.json")); err == nil {
		fx.wantJSON = b
	}
	b, err := os.ReadFile(filepath.Join(dir, "want-error.txt"))
	if err != nil {
		if fx.wantJSON == nil && !*updateGolden {
			t.Fatalf("%s has neither want.json nor want-error.txt (run with -update to create want.json)", dir)
		}
		fx.exit = exitFromReport(t, fx.wantJSON)
		return fx
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	n, err := strconv.Atoi(strings.TrimPrefix(lines[0], "exit "))
	if err != nil || !strings.HasPrefix(lines[0], "exit ") {
		t.Fatalf("%s/want-error.txt:1: want `exit N`, got %q", dir, lines[0])
	}
	fx.exit = n
	for _, l := range lines[1:] {
		if l != "" {
			fx.fragments = append(fx.fragments, l)
		}
	}
	return fx
}

// exitFromReport is the exit code a clean scan must give for the expected
// report: 1 when it lists any drift, 0 otherwise.
func exitFromReport(t *testing.T, want []byte) int {
	t.Helper()
	if want == nil {
		return 0
	}
	var r struct{ Drifts []json.RawMessage }
	if err := json.Unmarshal(want, &r); err != nil {
		t.Fatalf("want.json: %v", err)
	}
	if len(r.Drifts) > 0 {
		return ExitDrift
	}
	return ExitOK
}

func checkStderr(t *testing.T, stderr string, fragments []string) {
	t.Helper()
	if len(fragments) == 0 && stderr != "" {
		t.Errorf("unexpected stderr:\n%s", stderr)
	}
	for _, f := range fragments {
		if !strings.Contains(stderr, f) {
			t.Errorf("stderr does not contain %q; stderr:\n%s", f, stderr)
		}
	}
}

var volatileField = regexp.MustCompile(`("(?:run_id|started_at|finished_at)": )"[^"]*"`)

// normalizeReport replaces the fields that change from run to run and
// leaves every other byte alone.
func normalizeReport(b []byte) []byte {
	return volatileField.ReplaceAll(b, []byte(`$1"<volatile>"`))
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// lineDiff is a small LCS line diff, enough for reports of a few hundred
// lines: "-" lines are only in want, "+" lines only in got, with three lines
// of context around each change.
func lineDiff(want, got string) string {
	ops := diffLines(strings.Split(want, "\n"), strings.Split(got, "\n"))
	const context = 3
	var sb strings.Builder
	last := -1
	for i, op := range ops {
		if !nearChange(ops, i, context) {
			continue
		}
		if last >= 0 && i > last+1 {
			sb.WriteString("  ...\n")
		}
		sb.WriteString(op + "\n")
		last = i
	}
	return sb.String()
}

// diffLines returns every line of a and b prefixed with "  ", "- " or "+ ".
func diffLines(a, b []string) []string {
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []string
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, "  "+a[i])
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, "- "+a[i])
			i++
		default:
			ops = append(ops, "+ "+b[j])
			j++
		}
	}
	return ops
}

// nearChange reports whether a changed line lies within n lines of ops[i].
func nearChange(ops []string, i, n int) bool {
	for k := max(0, i-n); k <= min(len(ops)-1, i+n); k++ {
		if !strings.HasPrefix(ops[k], "  ") {
			return true
		}
	}
	return false
}
