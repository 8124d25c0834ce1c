package report

import (
	"fmt"
	"time"

	"github.com/drift-sh/drift/diff"
)

// cell is one table cell before layout: its plain text and its look.
type cell struct {
	text  string
	style cellStyle
}

// tableRow is one row of the drift table. A merged row (a violation) shows
// one word-wrapped text across all source columns.
type tableRow struct {
	cells  []cell
	merged bool
}

// tableShape says which columns the drift table has: key, drift, field, one
// per source, and age when any drift has a first-seen time.
type tableShape struct {
	sources []string
	failed  map[string]bool
	auth    string
	ages    bool
	now     time.Time
}

const firstSourceCol = 3

func (s tableShape) columns() int {
	n := firstSourceCol + len(s.sources)
	if s.ages {
		n++
	}
	return n
}

func (s tableShape) header() []string {
	h := append([]string{"KEY", "DRIFT", "FIELD"}, s.sources...)
	if s.ages {
		h = append(h, "AGE")
	}
	return h
}

// newTableShape takes the sources from the report, in config order, plus
// any source that only the drifts name.
func newTableShape(r *diff.Report, now time.Time) tableShape {
	s := tableShape{failed: map[string]bool{}, now: now}
	seen := map[string]bool{}
	add := func(name string) {
		if name != "" && !seen[name] {
			seen[name] = true
			s.sources = append(s.sources, name)
		}
	}
	for _, src := range r.Sources {
		add(src.Name)
		s.failed[src.Name] = src.Error != nil
		if src.Authoritative && s.auth == "" {
			s.auth = src.Name
		}
	}
	for _, d := range r.Drifts {
		add(d.Source)
		for _, v := range d.Values {
			add(v.Source)
		}
		s.ages = s.ages || (d.FirstSeen != nil && !now.IsZero())
	}
	return s
}

// groupRows turns one key's drifts into rows: changed fields first, then
// one row naming every source that lacks the key, then violations (the
// report's kind order).
func (s tableShape) groupRows(g keyGroup) []tableRow {
	var rows []tableRow
	missingAt := -1
	lacking := map[string]bool{}
	var oldest *time.Time
	for _, d := range g.drifts {
		switch d.Kind {
		case diff.Changed:
			rows = append(rows, s.changedRow(d))
		case diff.Missing:
			if missingAt < 0 {
				missingAt = len(rows)
				rows = append(rows, tableRow{})
			}
			lacking[d.Source] = true
			if d.FirstSeen != nil && (oldest == nil || d.FirstSeen.Before(*oldest)) {
				oldest = d.FirstSeen
			}
		default:
			rows = append(rows, s.violationRow(d))
		}
	}
	if missingAt >= 0 {
		rows[missingAt] = s.missingRow(lacking, oldest)
	}
	rows[0].cells[0] = cell{g.key, styleBold}
	return rows
}

func (s tableShape) newRow(kind string, c cellStyle, field string, seen *time.Time) tableRow {
	row := tableRow{cells: make([]cell, s.columns())}
	row.cells[1] = cell{kind, c}
	row.cells[2] = cell{field, stylePlain}
	if s.ages && seen != nil {
		row.cells[len(row.cells)-1] = cell{formatAge(s.now, *seen), stylePlain}
	}
	return row
}

func (s tableShape) changedRow(d diff.Drift) tableRow {
	row := s.newRow("changed", styleChanged, d.Field, d.FirstSeen)
	vals := map[string]string{}
	for _, v := range d.Values {
		vals[v.Source] = string(nullIfEmpty(v.Value))
	}
	authVal, hasAuth := vals[s.auth]
	for i, src := range s.sources {
		raw, ok := vals[src]
		if !ok {
			row.cells[firstSourceCol+i] = cell{"–", styleDim}
			continue
		}
		text, _ := displayValue([]byte(raw))
		c := styleChanged
		if hasAuth && raw == authVal {
			c = stylePlain
		}
		row.cells[firstSourceCol+i] = cell{text, c}
	}
	return row
}

func (s tableShape) missingRow(lacking map[string]bool, oldest *time.Time) tableRow {
	row := s.newRow("missing", styleMissing, "", oldest)
	for i, src := range s.sources {
		c := cell{"present", styleDim}
		switch {
		case lacking[src]:
			c = cell{"MISSING", styleMissing}
		case s.failed[src]:
			c = cell{"unread", styleDim}
		}
		row.cells[firstSourceCol+i] = c
	}
	return row
}

func (s tableShape) violationRow(d diff.Drift) tableRow {
	kind := d.Kind.String()
	if kind == "" {
		kind = "violation"
	}
	if d.Severity == "warning" {
		kind = "warning"
	}
	row := s.newRow(kind, styleViolation, d.Field, d.FirstSeen)
	msg := fmt.Sprintf("%s broke %s", d.Source, d.Rule)
	if d.Message != "" {
		msg += ": " + oneLine(d.Message)
	}
	for i := range s.sources {
		row.cells[firstSourceCol+i] = cell{msg, styleViolation}
	}
	row.merged = true
	return row
}
