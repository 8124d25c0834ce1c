package report

import (
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/drift-sh/drift/diff"
)

// minColWidth is the narrowest a shrinkable column gets before the table is
// allowed to overflow the terminal.
const minColWidth = 5

// sourceColFloor is how far source columns shrink before the key and field
// columns give up any room: the key is what the reader acts on.
const sourceColFloor = 12

// maxViolationLines caps how many lines a violation's message may wrap to.
const maxViolationLines = 3

// renderDriftTable lays the drifts out in a go-pretty table that fits width.
func renderDriftTable(r *diff.Report, st styles, width int, now time.Time) string {
	shape := newTableShape(r, now)
	var groups [][]tableRow
	for _, g := range groupByKey(r.Drifts) {
		groups = append(groups, shape.groupRows(g))
	}
	header := shape.header()
	widths := fitWidths(shape, header, groups, width)

	t := table.NewWriter()
	t.SetStyle(table.StyleLight)
	t.Style().Format.Header = text.FormatDefault
	t.Style().Options.SeparateRows = false
	configs := make([]table.ColumnConfig, len(widths))
	for i, w := range widths {
		configs[i] = table.ColumnConfig{Number: i + 1, WidthMin: w}
	}
	t.SetColumnConfigs(configs)
	hrow := make(table.Row, len(header))
	for i, h := range header {
		hrow[i] = st.render(styleBold, text.Snip(h, widths[i], "…"))
	}
	t.AppendHeader(hrow)
	for gi, g := range groups {
		if gi > 0 {
			t.AppendSeparator()
		}
		for _, row := range g {
			t.AppendRow(styledRow(row, widths, shape, st), table.RowConfig{AutoMerge: row.merged && len(shape.sources) > 1, AutoMergeAlign: text.AlignLeft})
		}
	}
	return t.Render()
}

// styledRow truncates every cell to its column (a merged cell to the span of
// the source columns) and then styles it, so escape codes are never cut.
func styledRow(row tableRow, widths []int, shape tableShape, st styles) table.Row {
	out := make(table.Row, len(row.cells))
	span := spanWidth(widths, len(shape.sources))
	for i, c := range row.cells {
		w := widths[i]
		if row.merged && i >= firstSourceCol && i < firstSourceCol+len(shape.sources) {
			out[i] = st.render(c.style, wrapLines(c.text, span, maxViolationLines))
			continue
		}
		switch i {
		case 0, 2: // the key and the field name: wrapped, never cut
			out[i] = st.render(c.style, strings.Join(wrapCell(c.text, w), "\n"))
		default: // values: cut in the middle
			out[i] = st.render(c.style, snipMiddle(c.text, w))
		}
	}
	return out
}

// wrapLines word-wraps s to width, keeping at most n lines; a cut last line
// ends in an ellipsis.
func wrapLines(s string, width, n int) string {
	lines := strings.Split(text.WrapSoft(s, width), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = text.Snip(lines[n-1]+" …", width, "…")
	}
	return strings.Join(lines, "\n")
}

// spanWidth is the text width a merged cell gets across the n source
// columns. go-pretty counts one separator per column joined but not the
// padding around it, so a longer text would make it widen the columns past
// the width fitWidths chose.
func spanWidth(widths []int, n int) int {
	w := n - 1
	for i := firstSourceCol; i < firstSourceCol+n; i++ {
		w += widths[i]
	}
	return w
}

// fitWidths picks each column's width: its widest cell, narrowed (widest
// shrinkable column first) until the table fits the terminal width, then
// widened so merged violation texts use what room is left across the source
// columns. The drift and age columns never shrink.
func fitWidths(shape tableShape, header []string, groups [][]tableRow, width int) []int {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = text.StringWidth(h)
	}
	n := len(shape.sources)
	merged := 0
	for _, g := range groups {
		for _, row := range g {
			for i, c := range row.cells {
				w := text.StringWidth(c.text)
				if row.merged && i >= firstSourceCol && i < firstSourceCol+n {
					merged = max(merged, w)
					continue
				}
				widths[i] = max(widths[i], w)
			}
		}
	}
	total := 1
	for _, w := range widths {
		total += w + 3
	}
	// Values give way first, down to a readable width (they are cut in
	// the middle), then the key and field columns, but only down to their
	// widest part: a key wraps between its fields (`region=eu,` /
	// `account_id=a-17`), never inside one; then values again, and only
	// when nothing else is left, keys inside a part.
	parts := partWidths(groups, width/3)
	for _, floors := range [][3]int{
		{sourceColFloor, 1 << 30, 1 << 30},
		{sourceColFloor, parts[0], parts[2]},
		{minColWidth, parts[0], parts[2]},
		{minColWidth, minColWidth, minColWidth},
	} {
		for ; total > width; total-- {
			c := widestShrinkable(widths, n, floors)
			if c < 0 {
				break
			}
			widths[c]--
		}
	}
	extra := min(merged-spanWidth(widths, n), width-total)
	for i := 0; extra > 0 && n > 0; extra, i = extra-1, i+1 {
		widths[firstSourceCol+i%n]++
	}
	return widths
}

// widestShrinkable returns the widest column that may still shrink, or -1:
// floors holds the narrowest width of the source columns, the key column
// and the field column (their text wraps, never cut).
func widestShrinkable(widths []int, sources int, floors [3]int) int {
	best := -1
	for i := 0; i < firstSourceCol+sources; i++ {
		floor := floors[0]
		switch i {
		case 0:
			floor = floors[1]
		case 2:
			floor = floors[2]
		}
		if i == 1 || widths[i] <= floor {
			continue
		}
		if best < 0 || widths[i] > widths[best] {
			best = i
		}
	}
	return best
}

// shortRound picks a rounding unit that keeps a scan duration readable.
func shortRound(d time.Duration) time.Duration {
	if d < time.Second {
		return time.Millisecond
	}
	return 10 * time.Millisecond
}

// partWidths is, for the key and field columns (indexes 0 and 2), the
// widest part of a cell between the places wrapCell breaks it (after a
// comma, slash or space), at most limit.
func partWidths(groups [][]tableRow, limit int) [3]int {
	var out [3]int
	for _, g := range groups {
		for _, row := range g {
			for _, i := range []int{0, 2} {
				if i >= len(row.cells) {
					continue
				}
				for _, part := range strings.FieldsFunc(row.cells[i].text, func(r rune) bool { return r == ',' || r == '/' || r == ' ' }) {
					out[i] = max(out[i], min(text.StringWidth(part)+1, limit))
				}
			}
		}
	}
	return out
}
