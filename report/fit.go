package report

import (
	"strings"

	"github.com/jedib0t/go-pretty/v6/text"
)

// snipMiddle shortens s to width columns by cutting its middle, so that
// both ends stay readable: `abc…xyz`. Values keep their start and their end,
// which is where two similar values usually differ.
func snipMiddle(s string, width int) string {
	if text.StringWidth(s) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	if width == 1 {
		return "…"
	}
	runes := []rune(s)
	headW := width / 2
	tailW := width - 1 - headW
	var head, tail []rune
	for w := 0; len(runes) > 0; runes = runes[1:] {
		rw := text.RuneWidth(runes[0])
		if w+rw > headW {
			break
		}
		w += rw
		head = append(head, runes[0])
	}
	for w, i := 0, len(runes)-1; i >= 0; i-- {
		rw := text.RuneWidth(runes[i])
		if w+rw > tailW {
			break
		}
		w += rw
		tail = append([]rune{runes[i]}, tail...)
	}
	return string(head) + "…" + string(tail)
}

// wrapCell splits s into lines of at most width columns, never cutting
// anything off: keys and ids are wrapped, since a shortened one names
// nothing. Lines break after a comma, slash or space where there is one,
// so `region=eu,account_id=a-17` wraps between its fields.
func wrapCell(s string, width int) []string {
	if width < 1 || text.StringWidth(s) <= width {
		return []string{s}
	}
	var lines []string
	rest := []rune(s)
	for text.StringWidth(string(rest)) > width {
		n := fitRunes(rest, width)
		for i := n - 1; i > 0; i-- {
			if r := rest[i-1]; r == ',' || r == '/' || r == ' ' {
				n = i
				break
			}
		}
		lines = append(lines, string(rest[:n]))
		rest = rest[n:]
	}
	return append(lines, string(rest))
}

// fitRunes is how many of the first runes of s fit in width columns, at
// least one.
func fitRunes(s []rune, width int) int {
	n, w := 0, 0
	for n < len(s) && w+text.RuneWidth(s[n]) <= width {
		w += text.RuneWidth(s[n])
		n++
	}
	return max(n, 1)
}

// column is one column of a plain table: its header and how its cells give
// way when the table is wider than the terminal.
type column struct {
	head string
	kind colKind
}

// colKind says how a column's cells give way.
type colKind int

const (
	// valueCol cells are cut in the middle.
	valueCol colKind = iota
	// keyCol cells (keys, run and drift ids, names) shrink last, then wrap:
	// a shortened key names nothing.
	keyCol
	// proseCol cells (why a plan left an item manual) wrap at spaces.
	proseCol
)

// gap is the space between two columns of a plain table, as text/tabwriter
// with padding 2 printed them.
const gap = 2

// keyFloor, valueFloor and proseFloor are the narrowest a column of each
// kind gets before the table is allowed to overflow.
const (
	keyFloor   = 10
	valueFloor = 7
	proseFloor = 17
)

// plainTable renders a borderless table, left-aligned with two spaces
// between columns, that fits width: value columns are narrowed first,
// widest first, their cells cut in the middle; key columns only then, their
// cells wrapped onto more lines.
func plainTable(cols []column, rows [][]string, width int) string {
	widths := naturalWidths(cols, rows)
	total := (len(cols) - 1) * gap
	for _, w := range widths {
		total += w
	}
	for _, keys := range []bool{false, true} {
		for ; total > width; total-- {
			c := widestShrinkableCol(cols, widths, keys)
			if c < 0 {
				break
			}
			widths[c]--
		}
	}
	var b strings.Builder
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.head
	}
	writeRow(&b, cols, widths, head)
	for _, row := range rows {
		writeRow(&b, cols, widths, row)
	}
	return b.String()
}

func naturalWidths(cols []column, rows [][]string) []int {
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = text.StringWidth(c.head)
	}
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], text.StringWidth(cell))
		}
	}
	return widths
}

// widestShrinkableCol is the widest column of the kind asked for (key or
// value) still above its floor and its header's width, or -1.
func widestShrinkableCol(cols []column, widths []int, keys bool) int {
	best := -1
	for i, c := range cols {
		floor := map[colKind]int{valueCol: valueFloor, keyCol: keyFloor, proseCol: proseFloor}[c.kind]
		if (c.kind == keyCol) != keys || widths[i] <= max(floor, text.StringWidth(c.head)) {
			continue
		}
		if best < 0 || widths[i] > widths[best] {
			best = i
		}
	}
	return best
}

// writeRow writes one row, as many lines as its tallest wrapped key cell.
func writeRow(b *strings.Builder, cols []column, widths []int, row []string) {
	cells := make([][]string, len(cols))
	height := 1
	for i, c := range cols {
		switch c.kind {
		case keyCol:
			cells[i] = wrapCell(row[i], widths[i])
		case proseCol:
			cells[i] = strings.Split(strings.TrimRight(text.WrapSoft(row[i], widths[i]), " "), "\n")
		default:
			cells[i] = []string{snipMiddle(row[i], widths[i])}
		}
		height = max(height, len(cells[i]))
	}
	for l := 0; l < height; l++ {
		var line strings.Builder
		for i := range cols {
			s := ""
			if l < len(cells[i]) {
				s = cells[i][l]
			}
			if i > 0 {
				line.WriteString(strings.Repeat(" ", gap))
			}
			line.WriteString(text.Pad(s, widths[i], ' '))
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
}
