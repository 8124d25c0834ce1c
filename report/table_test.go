package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/jedib0t/go-pretty/v6/text"
)

func renderTable(t *testing.T, opts Options, rc reportCase) string {
	t.Helper()
	var buf bytes.Buffer
	if err := (&TableWriter{Options: opts}).Write(&buf, rc.report); err != nil {
		t.Fatalf("%s: %v", rc.name, err)
	}
	return buf.String()
}

func TestTableGolden(t *testing.T) {
	for _, rc := range reportCases() {
		t.Run(rc.name, func(t *testing.T) {
			golden(t, "table-"+rc.name, renderTable(t, Options{Width: 100}, rc))
		})
	}
}

func TestTableNarrowGolden(t *testing.T) {
	for _, rc := range reportCases() {
		if rc.name == "one-of-each" || rc.name == "unicode-long" {
			golden(t, "table-"+rc.name+"-w60", renderTable(t, Options{Width: 60}, rc))
		}
	}
}

// TestTable80Golden is every report at 80 columns, the width of a pipe or
// a classic terminal: keys wrap, never cut; values are cut in the middle.
func TestTable80Golden(t *testing.T) {
	for _, rc := range reportCases() {
		t.Run(rc.name, func(t *testing.T) {
			golden(t, "table-"+rc.name+"-w80", renderTable(t, Options{Width: 80}, rc))
		})
	}
}

func TestTableFitsWidth(t *testing.T) {
	for _, width := range []int{100, 80, 60} {
		for _, rc := range reportCases() {
			out := renderTable(t, Options{Width: width}, rc)
			for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if w := text.StringWidth(line); w > width {
					t.Errorf("%s at width %d: line %d is %d wide: %q", rc.name, width, i+1, w, line)
				}
			}
		}
	}
}

func TestTableSaysWhatMatters(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"no-drift", []string{"No drift: all 1003 keys agree", "accounts@3", "1,003 records"}},
		{"one-of-each", []string{"region=eu,account_id=a-17", "MISSING", "cache broke non-negative-balance", "must be >= 0", "a@x.io", "b@x.io"}},
		{"failed-source", []string{"FAILED: redis 127.0.0.1:6379", "INCOMPLETE: 1 source could not be read (cache)"}},
		{"composite-keys", []string{"shard=7", "[\"gold\",\"vip\"]", "null"}},
		{"unicode-long", []string{"…", "短い値 🚀", `""`}},
		{"ages", []string{"AGE", "30s", "3h", "2d"}},
		{"lookalike", []string{"name=café ", `name="caf\u0065\u0301"`, `"Ann\u200b"`, `"A\u00a0nn"`, `["café","vip"]`, `["caf\u0065…01","vip"]`}},
	}
	cases := map[string]reportCase{}
	for _, rc := range reportCases() {
		cases[rc.name] = rc
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := renderTable(t, Options{Width: 100}, cases[tt.name])
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("table lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestTableShowsEachKeyOnce(t *testing.T) {
	out := renderTable(t, Options{Width: 100}, reportCases()[3])
	if n := strings.Count(out, "account_id=a-2"); n != 1 {
		t.Errorf("key a-2 appears %d times, want once (grouped):\n%s", n, out)
	}
	if n := strings.Count(out, "MISSING"); n != 2 {
		t.Errorf("want one missing row naming replica and cache (2 MISSING cells), got %d:\n%s", n, out)
	}
}

func TestTableColour(t *testing.T) {
	rc := reportCases()[1]
	if out := renderTable(t, Options{Width: 100}, rc); strings.ContainsRune(out, '\x1b') {
		t.Errorf("colour off wrote escape codes:\n%q", out)
	}
	out := renderTable(t, Options{Width: 100, Color: true}, rc)
	if !strings.Contains(out, "\x1b[31m") || !strings.Contains(out, "\x1b[33m") {
		t.Errorf("colour on lacks red and yellow escape codes:\n%q", out)
	}
	plain := renderTable(t, Options{Width: 100}, rc)
	if strip := text.StripEscape(out); strip != plain {
		t.Errorf("colour changed the layout:\n--- colour, stripped ---\n%s\n--- plain ---\n%s", strip, plain)
	}
}

func TestFormatAge(t *testing.T) {
	tests := []struct {
		name string
		ago  time.Duration
		want string
	}{
		{"future", -time.Minute, "0s"},
		{"seconds", 45 * time.Second, "45s"},
		{"minutes", 12*time.Minute + 59*time.Second, "12m"},
		{"hours", 3*time.Hour + 59*time.Minute, "3h"},
		{"under two days", 47 * time.Hour, "47h"},
		{"days", 50 * time.Hour, "2d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatAge(t0, t0.Add(-tt.ago)); got != tt.want {
				t.Errorf("formatAge(%s ago) = %q, want %q", tt.ago, got, tt.want)
			}
		})
	}
}
