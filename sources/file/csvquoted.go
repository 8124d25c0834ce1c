package file

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unsafe"
)

// csvPos is a line and a 1-based byte column, as encoding/csv counts them.
type csvPos struct{ line, col int }

// parse splits a record whose first line holds a quote, reading more
// lines while a quoted cell spans them. It is encoding/csv's field loop:
// the same cells, and the same errors at the same line and column. The
// cells are unescaped into c.buf.
func (c *csvReader) parse(line []byte) error {
	c.buf, c.ends, c.errRead = c.buf[:0], c.ends[:0], nil
	pos := csvPos{line: c.num, col: 1}
	var err error
	for done := false; !done && err == nil; {
		if len(line) == 0 || line[0] != '"' {
			line, done, err = c.plainField(line, &pos)
			continue
		}
		line, done, err = c.quotedField(line[1:], &pos)
	}
	c.cellsFromBuf()
	if err == nil {
		err = c.errRead
	}
	return err
}

// plainField reads a cell that does not start with a quote; done says it
// ended the record.
func (c *csvReader) plainField(line []byte, pos *csvPos) (rest []byte, done bool, err error) {
	i := bytes.IndexByte(line, c.comma)
	field := line
	if i >= 0 {
		field = field[:i]
	} else {
		field = field[:len(field)-lengthNL(field)]
	}
	if !c.lazy {
		if j := bytes.IndexByte(field, '"'); j >= 0 {
			return nil, true, &csv.ParseError{StartLine: c.line, Line: c.num, Column: pos.col + j, Err: csv.ErrBareQuote}
		}
	}
	c.buf = append(c.buf, field...)
	c.ends = append(c.ends, len(c.buf))
	if i < 0 {
		return nil, true, nil
	}
	pos.col += i + 1
	return line[i+1:], false, nil
}

// quotedField reads a quoted cell, line being what follows its opening
// quote. A read error at the end of the file is kept in c.errRead for the
// record's end, as encoding/csv keeps it.
func (c *csvReader) quotedField(line []byte, pos *csvPos) (rest []byte, done bool, err error) {
	pos.col++
	for {
		i := bytes.IndexByte(line, '"')
		switch {
		case i >= 0:
			c.buf = append(c.buf, line[:i]...)
			pos.col += i + 1
			rest, st, err := c.afterQuote(line[i+1:], pos)
			if st != inQuotes {
				return rest, st == recordEnd, err
			}
			line = rest
		case len(line) > 0:
			c.buf = append(c.buf, line...)
			if c.errRead != nil {
				return nil, true, nil
			}
			if c.off-c.start > maxLine {
				return nil, true, errRecordAt(c.line)
			}
			pos.col += len(line)
			line, c.errRead = c.readLine()
			if len(line) > 0 {
				pos.line++
				pos.col = 1
			}
			if errors.Is(c.errRead, io.EOF) {
				c.errRead = nil
			}
		default:
			if !c.lazy && c.errRead == nil {
				return nil, true, &csv.ParseError{StartLine: c.line, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
			}
			c.ends = append(c.ends, len(c.buf))
			return nil, true, nil
		}
	}
}

// quoteEnd is where a quote inside a quoted cell leaves the parse.
type quoteEnd int

const (
	inQuotes  quoteEnd = iota // an escaped quote, or a stray one in TSV
	cellEnd                   // the cell ended at a separator
	recordEnd                 // the cell ended the record, or is malformed
)

// afterQuote reads what follows a quote inside a quoted cell.
func (c *csvReader) afterQuote(line []byte, pos *csvPos) ([]byte, quoteEnd, error) {
	switch {
	case len(line) > 0 && line[0] == '"':
		c.buf = append(c.buf, '"')
		pos.col++
		return line[1:], inQuotes, nil
	case len(line) > 0 && line[0] == c.comma:
		c.ends = append(c.ends, len(c.buf))
		pos.col++
		return line[1:], cellEnd, nil
	case lengthNL(line) == len(line):
		c.ends = append(c.ends, len(c.buf))
		return nil, recordEnd, nil
	case c.lazy:
		c.buf = append(c.buf, '"')
		return line, inQuotes, nil
	}
	return nil, recordEnd, &csv.ParseError{StartLine: c.line, Line: c.num, Column: pos.col - 1, Err: csv.ErrQuote}
}

// cellsFromBuf makes c.cells the cells in c.buf, sharing its memory.
func (c *csvReader) cellsFromBuf() {
	c.cells = c.cells[:0]
	if len(c.buf) == 0 {
		for range c.ends {
			c.cells = append(c.cells, "")
		}
		return
	}
	all := unsafe.String(unsafe.SliceData(c.buf), len(c.buf))
	prev := 0
	for _, end := range c.ends {
		c.cells = append(c.cells, all[prev:end])
		prev = end
	}
}

// ownCells copies cells that share a reader's memory into one string of
// their own, for records that may be kept.
func ownCells(cells []string) []string {
	n := 0
	for _, c := range cells {
		n += len(c)
	}
	var b strings.Builder
	b.Grow(n)
	for _, c := range cells {
		b.WriteString(c)
	}
	all := b.String()
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i], all = all[:len(c)], all[len(c):]
	}
	return out
}
