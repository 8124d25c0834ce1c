package rules

import (
	"os"
	"strings"

	"cel.dev/cel-go/common"
)

// positioner maps a location inside a rule's CEL text to the config file,
// given where the YAML scalar holding the rule starts. It reads the file to
// see the scalar's style: quoted text starts one column later, and a block
// scalar (| or >) on the lines below. Without the file it assumes a plain
// scalar.
type positioner struct {
	lines []string
}

func newPositioner(file string) *positioner {
	data, err := os.ReadFile(file)
	if err != nil {
		return &positioner{}
	}
	return &positioner{lines: strings.Split(string(data), "\n")}
}

// at returns the file line and column (1-based) of loc inside the scalar
// that starts at line, col.
func (p *positioner) at(line, col int, loc common.Location) (int, int) {
	celLine, celCol := max(loc.Line(), 1), max(loc.Column(), 0)
	if line <= 0 {
		return 0, 0
	}
	var ch byte
	if line <= len(p.lines) && col >= 1 && col <= len(p.lines[line-1]) {
		ch = p.lines[line-1][col-1]
	}
	switch ch {
	case '|', '>':
		return line + celLine, p.indent(line+1) + celCol + 1
	case '"', '\'':
		col++
	}
	if celLine == 1 {
		return line, col + celCol
	}
	l := line + celLine - 1
	return l, p.indent(l) + celCol + 1
}

// indent is the number of leading spaces of a file line.
func (p *positioner) indent(line int) int {
	if line < 1 || line > len(p.lines) {
		return 0
	}
	s := p.lines[line-1]
	return len(s) - len(strings.TrimLeft(s, " "))
}
