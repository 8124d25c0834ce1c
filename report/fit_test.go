package report

import (
	"strings"
	"testing"
	"time"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/drift-sh/drift/state"
)

func TestSnipMiddle(t *testing.T) {
	tests := []struct {
		name, in string
		width    int
		want     string
	}{
		{"fits", "a@x.io", 6, "a@x.io"},
		{"cut in the middle", "2026-01-01T00:00:00Z", 9, "2026…:00Z"},
		{"odd room", "abcdefghij", 6, "abc…ij"},
		{"wide runes", "日本語テキスト", 7, "日…ト"},
		{"one column", "abc", 1, "…"},
		{"none", "abc", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := snipMiddle(tt.in, tt.width)
			if got != tt.want || text.StringWidth(got) > tt.width {
				t.Errorf("snipMiddle(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

func TestWrapCellKeepsEveryCharacter(t *testing.T) {
	tests := []struct {
		name, in string
		width    int
		want     []string
	}{
		{"fits", "eu/a-17", 10, []string{"eu/a-17"}},
		{"between fields", "region=eu,account_id=a-17", 16, []string{"region=eu,", "account_id=a-17"}},
		{"hard", "20261203T135054Z-4af414", 10, []string{"20261203T1", "35054Z-4af", "414"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapCell(tt.in, tt.width)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrapCell(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

// Every plain table (plan, history) fits 80 columns with long values, and
// its key cells are whole, wrapped rather than cut.
func TestPlainTableFits80(t *testing.T) {
	cols := []column{{"RUN", keyCol}, {"KIND", keyCol}, {"STATUS", valueCol}, {"PLAN", valueCol}, {"WHY", proseCol}}
	rows := [][]string{{"20261203T135054Z-4af414", "rollback", "interrupted, resumed by 20261203T140000Z-99aa00",
		"sha256:" + strings.Repeat("ab", 32), "source \"primary\" is not writable; it keeps \"p@x.io\" while authority resolves to \"r@x.io\""}}
	out := plainTable(cols, rows, 80)
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if w := text.StringWidth(line); w > 80 {
			t.Errorf("line is %d wide: %q", w, line)
		}
	}
	if !strings.Contains(out, "20261203T135054Z-4af414") || !strings.Contains(out, "sha25") || !strings.Contains(out, "…") {
		t.Errorf("want the run id whole and the plan id cut in the middle:\n%s", out)
	}
}

func historyFixture() History {
	runs := []state.Run{
		{ID: "20240501T110000Z-bbbbbb", Kind: state.KindRollback, RollbackOf: "20240501T100000Z-aaaaaa",
			Status: state.StatusDone, User: "alice", Host: "ops-1", StartedAt: t0.Add(time.Hour),
			Counts: state.Counts{Applied: 7}},
		{ID: "20240501T100000Z-aaaaaa", Kind: state.KindApply, PlanID: "sha256:" + strings.Repeat("3f", 32),
			Status: state.StatusInterrupted, ResumedBy: "20240501T103000Z-cccccc", User: "deploy",
			Host: "ip-10-0-3-17.ec2.internal", StartedAt: t0, Counts: state.Counts{Applied: 5, Conflict: 2}},
	}
	scans := []state.Scan{{ID: "20240501T120000Z-dddddd", At: t0.Add(2 * time.Hour),
		Contract: state.Contract{Name: "accounts", Version: 3},
		Sources:  []state.SourceScan{{Name: "primary", Records: 11}, {Name: "cache", Error: "dial tcp: refused"}},
		Summary:  []byte(`{"keys":11,"drifted_keys":7,"missing":3,"changed":6,"violations":1,"resolved":2}`)},
		{ID: "20240501T090000Z-eeeeee", At: t0.Add(-time.Hour), Contract: state.Contract{Name: "accounts", Version: 3},
			Summary: []byte(`{"keys":11,"drifted_keys":1,"missing":0,"changed":1,"violations":0}`)}}
	resolved := []state.Lifecycle{
		{Contract: "accounts", DriftID: "1a2b3c4d5e6f7a8b", Key: []byte(`{"region":"eu","account_id":"a-17"}`), Kind: "changed",
			Field: "email", Class: state.ClassResolved, FirstSeen: t0, LastSeen: t0.Add(time.Hour), ResolvedAt: t0.Add(2 * time.Hour),
			AlertedAt: t0.Add(5 * time.Minute)},
		{Contract: "accounts", DriftID: "9f8e7d6c5b4a3921", Key: []byte(`{"region":"us","account_id":"a-9"}`), Kind: "missing",
			Source: "replica", Class: state.ClassResolved, FirstSeen: t0.Add(time.Hour), LastSeen: t0.Add(time.Hour),
			ResolvedAt: t0.Add(2 * time.Hour)},
	}
	return History{Runs: runs, Scans: scans, ShowScans: true, Resolutions: resolved, ShowResolutions: true}
}

func TestHistoryGolden(t *testing.T) {
	for _, f := range []string{"table", "json"} {
		w, err := NewHistoryWriter(f, Options{Width: 80})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := w.WriteHistory(&b, historyFixture()); err != nil {
			t.Fatal(err)
		}
		golden(t, "history-"+f+"-w80", b.String())
	}
	if _, err := NewHistoryWriter("xml", Options{}); err == nil || err.Error() != `--format "xml": use table or json` {
		t.Errorf("unknown format: %v", err)
	}
}

func TestExplainGolden(t *testing.T) {
	key := []byte(`{"region":"us","account_id":"a-12"}`)
	events := []state.Event{
		{At: t0, Kind: "scan", ScanEvent: &state.ScanEvent{ScanID: "20240501T100000Z-aaaaaa",
			Drifts: []state.EventDrift{{ID: "1a2b3c4d5e6f7a8b", Kind: "missing", Source: "primary"}}}},
		{At: t0.Add(time.Minute), Kind: "op", OpEvent: &state.OpEvent{RunID: "20240501T100100Z-bbbbbb", RunKind: "apply",
			User: "alice", Host: "ops-1", Source: "cache", Action: "delete", Outcome: "applied",
			Reason: []byte(`{"strategy":"missing:authority","from":"primary","drift":"1a2b3c4d5e6f7a8b"}`),
			Before: []byte(`{"region":"us","account_id":"a-12","email":"frank@example.com","balance":"12.50","status":"active","updated_at":"2024-04-30T09:00:00Z"}`),
			After:  []byte("null")}},
	}
	for _, f := range []string{"table", "json"} {
		w, err := NewExplainWriter(f, Options{Width: 80})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		lifecycles := []state.Lifecycle{{Contract: "accounts", DriftID: "1a2b3c4d5e6f7a8b", Key: key, Kind: "missing",
			Source: "primary", Class: state.ClassResolved, FirstSeen: t0, LastSeen: t0, ResolvedAt: t0.Add(2 * time.Minute)}}
		if err := w.WriteExplain(&b, Explanation{Key: key, Events: events, Lifecycles: lifecycles}); err != nil {
			t.Fatal(err)
		}
		if f == "table" {
			for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
				if text.StringWidth(line) > 80 {
					t.Errorf("line wider than 80: %q", line)
				}
			}
		}
		golden(t, "explain-"+f+"-w80", b.String())
	}
}
