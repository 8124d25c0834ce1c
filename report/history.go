package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/state"
)

// HistorySchema names the JSON output of drift history.
const HistorySchema = "drift.history/v1"

// History is what drift history shows: runs, newest first, then the
// recent scans, then the recent resolutions (drifts a scan no longer saw,
// from their lifecycle rows), latest first.
type History struct {
	Runs  []state.Run
	Scans []state.Scan
	// ShowScans is false with --scans 0.
	ShowScans   bool
	Resolutions []state.Lifecycle
	// ShowResolutions is false with --resolved 0.
	ShowResolutions bool
}

// HistoryWriter writes a history in one format of `drift history --format`.
type HistoryWriter interface {
	WriteHistory(w io.Writer, h History) error
}

var (
	_ HistoryWriter = (*HistoryTableWriter)(nil)
	_ HistoryWriter = (*HistoryJSONWriter)(nil)
)

// NewHistoryWriter returns the history writer for a format name: table or
// json.
func NewHistoryWriter(format string, opts Options) (HistoryWriter, error) {
	switch format {
	case "table":
		return &HistoryTableWriter{Options: opts}, nil
	case "json":
		return &HistoryJSONWriter{}, nil
	}
	return nil, unknownFormat(format, "table", "json")
}

// HistoryTableWriter lists runs and scans for people, fit to the width.
// A run's or scan's id is the time it started, so no separate time column
// is shown.
type HistoryTableWriter struct {
	Options Options
}

// WriteHistory writes h as tables.
func (t *HistoryTableWriter) WriteHistory(w io.Writer, h History) error {
	width := t.Options.width()
	var b strings.Builder
	if len(h.Runs) == 0 {
		b.WriteString("no runs yet; apply a plan with drift apply\n")
	} else {
		b.WriteString(runsTable(h.Runs, width))
	}
	if h.ShowScans {
		b.WriteByte('\n')
		if len(h.Scans) == 0 {
			b.WriteString("no scans saved yet; drift scan saves one unless --no-state\n")
		} else {
			b.WriteString(scansTable(h.Scans, width))
		}
	}
	if h.ShowResolutions {
		b.WriteByte('\n')
		b.WriteString(resolutionsTable(h.Resolutions, width))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func runsTable(runs []state.Run, width int) string {
	cols := []column{{"RUN", keyCol}, {"KIND", keyCol}, {"STATUS", valueCol}, {"PLAN", valueCol}, {"OPS", valueCol}, {"BY", valueCol}}
	rows := make([][]string, len(runs))
	for i, r := range runs {
		plan := r.PlanID
		if len(plan) > 19 {
			plan = plan[:19] // the algorithm and 12 hex digits name it
		}
		if r.Kind == state.KindRollback {
			plan = "rollback of " + r.RollbackOf
		}
		status := string(r.Status)
		if r.ResumedBy != "" {
			status += ", resumed by " + r.ResumedBy
		}
		rows[i] = []string{r.ID, string(r.Kind), status, plan, opsLabel(r.Counts), r.User + "@" + r.Host}
	}
	return plainTable(cols, rows, width)
}

// opsLabel counts a run's ops by outcome, leaving out the outcomes none
// had: "7 applied", "5 applied, 2 conflict".
func opsLabel(c state.Counts) string {
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{c.Applied, "applied"}, {c.AlreadyApplied, "already applied"}, {c.Conflict, "conflict"}, {c.Failed, "failed"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// scansTable lists recent scans: what each read and found. Plans are
// files, not stored; runs name the plan they applied.
func scansTable(scans []state.Scan, width int) string {
	cols := []column{{"SCAN", keyCol}, {"CONTRACT", keyCol}, {"KEYS", valueCol}, {"DRIFT", valueCol},
		{"MISS", valueCol}, {"CHG", valueCol}, {"VIOL", valueCol}, {"UNREAD", valueCol}, {"REC", valueCol}}
	rows := make([][]string, len(scans))
	for i, sc := range scans {
		var sum diff.Summary
		_ = json.Unmarshal(sc.Summary, &sum)
		rows[i] = []string{sc.ID, fmt.Sprintf("%s v%d", sc.Contract.Name, sc.Contract.Version),
			fmt.Sprint(sum.Keys), fmt.Sprint(sum.DriftedKeys), fmt.Sprint(sum.Missing),
			fmt.Sprint(sum.Changed), fmt.Sprint(sum.Violations), unreadLabel(sc.Sources), recordedLabel(sc.Recorded)}
	}
	return plainTable(cols, rows, width)
}

// recordedLabel marks a scan whose records drift simulate can replay.
func recordedLabel(recorded bool) string {
	if recorded {
		return "yes"
	}
	return "-"
}

func unreadLabel(srcs []state.SourceScan) string {
	var names []string
	for _, s := range srcs {
		if s.Error != "" {
			names = append(names, s.Name)
		}
	}
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, ",")
}

// HistoryJSONWriter writes drift.history/v1: every run and scan with all
// it holds, for scripts.
type HistoryJSONWriter struct{}

type historyJSON struct {
	Schema      string           `json:"schema"`
	Runs        []runJSON        `json:"runs"`
	Scans       []scanJSON       `json:"scans"`
	Resolutions []resolutionJSON `json:"resolutions"`
}

type runJSON struct {
	ID         string              `json:"id"`
	Kind       string              `json:"kind"`
	Status     string              `json:"status"`
	PlanID     string              `json:"plan_id,omitempty"`
	RollbackOf string              `json:"rollback_of,omitempty"`
	ResumedBy  string              `json:"resumed_by,omitempty"`
	ConfigPath string              `json:"config_path,omitempty"`
	Contract   state.EventContract `json:"contract"`
	User       string              `json:"user"`
	Host       string              `json:"host"`
	StartedAt  time.Time           `json:"started_at"`
	FinishedAt *time.Time          `json:"finished_at"`
	Counts     state.Counts        `json:"counts"`
}

type scanJSON struct {
	ID         string              `json:"id"`
	At         time.Time           `json:"at"`
	ConfigPath string              `json:"config_path,omitempty"`
	Contract   state.EventContract `json:"contract"`
	Sources    []scanSourceJSON    `json:"sources"`
	Summary    json.RawMessage     `json:"summary"`
	// Recorded says that drift scan --record kept the scan's records.
	Recorded bool `json:"recorded"`
}

type scanSourceJSON struct {
	Name    string  `json:"name"`
	Version string  `json:"version,omitempty"`
	Records int     `json:"records"`
	Error   *string `json:"error"`
}

// WriteHistory writes h as one indented JSON object.
func (HistoryJSONWriter) WriteHistory(w io.Writer, h History) error {
	out := historyJSON{Schema: HistorySchema, Runs: []runJSON{}, Scans: []scanJSON{}, Resolutions: resolutionsJSON(h.Resolutions)}
	for _, r := range h.Runs {
		rj := runJSON{ID: r.ID, Kind: string(r.Kind), Status: string(r.Status), PlanID: r.PlanID,
			RollbackOf: r.RollbackOf, ResumedBy: r.ResumedBy, ConfigPath: r.ConfigPath,
			Contract: contractJSON(r.Contract), User: r.User, Host: r.Host,
			StartedAt: r.StartedAt.UTC(), Counts: r.Counts}
		if !r.FinishedAt.IsZero() {
			t := r.FinishedAt.UTC()
			rj.FinishedAt = &t
		}
		out.Runs = append(out.Runs, rj)
	}
	for _, sc := range h.Scans {
		sj := scanJSON{ID: sc.ID, At: sc.At.UTC(), ConfigPath: sc.ConfigPath,
			Contract: contractJSON(sc.Contract), Sources: []scanSourceJSON{}, Summary: sc.Summary,
			Recorded: sc.Recorded}
		if len(sj.Summary) == 0 {
			sj.Summary = json.RawMessage("null")
		}
		for _, s := range sc.Sources {
			src := scanSourceJSON{Name: s.Name, Version: s.Version, Records: s.Records}
			if s.Error != "" {
				e := s.Error
				src.Error = &e
			}
			sj.Sources = append(sj.Sources, src)
		}
		out.Scans = append(out.Scans, sj)
	}
	return writeIndented(w, out)
}

func contractJSON(c state.Contract) state.EventContract {
	return state.EventContract{Name: c.Name, Version: c.Version, Digest: c.Digest}
}

// writeIndented writes v as indented JSON and a newline.
func writeIndented(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
