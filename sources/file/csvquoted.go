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
	c.buf, c.ends = c.buf[:0], c.ends[:0]
	pos := csvPos{line: c.num, col: 1}
	var err, errRead error
	for done := false; !done && err == nil; {
		if len(line) == 0 || line[0] != '"' {
			line, done, err = c.plainField(line, &pos)
			continue
		}
		line, done, err, errRead = c.quotedField(line[1:], &pos, errRead)
	}
	c.cellsFromBuf()
	if err == nil {
		err = errRead
	}
	return err
}

// plainField reads a cell that does not start with a quote; done says it
// ended the record.
func (c *csvReader) plainField(line []byte, pos *csvPos) ([]byte, bool, error) {
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
// quote; errRead is a read error met at the end of the file, kept for
// the record's end as encoding/csv does.
func (c *csvReader) quotedField(line []byte, pos *csvPos, errRead error) ([]byte, bool, error, error) {
	pos.col++
	for {
		i := bytes.IndexByte(line, '"')
		switch {
		case i >= 0:
			c.buf = append(c.buf, line[:i]...)
			line = line[i+1:]
			pos.col += i + 1
			switch {
			case len(line) > 0 && line[0] == '"':
				c.buf = append(c.buf, '"')
				line = line[1:]
				pos.col++
			case len(line) > 0 && line[0] == c.comma:
				c.ends = append(c.ends, len(c.buf))
				pos.col++
				return line[1:], false, nil, errRead
			case lengthNL(line) == len(line):
				c.ends = append(c.ends, len(c.buf))
				return nil, true, nil, errRead
			case c.lazy:
				c.buf = append(c.buf, '"')
			default:
				return nil, true, &csv.ParseError{StartLine: c.line, Line: c.num, Column: pos.col - 1, Err: csv.ErrQuote}, errRead
			}
		case len(line) > 0:
			c.buf = append(c.buf, line...)
			if errRead != nil {
				return nil, true, nil, errRead
			}
			pos.col += len(line)
			line, errRead = c.readLine()
			if len(line) > 0 {
				pos.line++
				pos.col = 1
			}
			if errors.Is(errRead, io.EOF) {
				errRead = nil
			}
		default:
			if !c.lazy && errRead == nil {
				return nil, true, &csv.ParseError{StartLine: c.line, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}, errRead
			}
			c.ends = append(c.ends, len(c.buf))
			return nil, true, nil, errRead
		}
	}
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
