package file

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unsafe"
)

// csvReader splits CSV or TSV records as encoding/csv does (RFC 4180:
// quoted cells with "" escapes, separators and line breaks inside quotes,
// \r\n read as \n, blank lines skipped; TSV takes a stray quote literally),
// with the same records and the same *csv.ParseError values, but without
// allocating per record: the cells of a record share the reader's memory
// and are valid until the next read.
type csvReader struct {
	r     *bufio.Reader
	comma byte
	lazy  bool
	// width is the cell count every record must have; 0 takes the first
	// record's.
	width int
	off   int64 // byte offset of the next line
	num   int   // lines read
	long  []byte
	buf   []byte // a record's cells, unescaped, one after the other
	ends  []int
	cells []string
	// errRead is a read error met inside a quoted cell, returned once
	// the record is split.
	errRead error
	// start and line are the byte offset and line number of the record
	// the last read returned.
	start int64
	line  int
}

func (s *Source) newCSVSplitter(r *bufio.Reader, base int64) *csvReader {
	c := &csvReader{r: r, comma: ',', off: base}
	if s.format == formatTSV {
		c.comma, c.lazy = '\t', true
	}
	return c
}

// readLine reads one line as encoding/csv does: with its '\n', "\r\n"
// turned into "\n", and a '\r' right before the end of the file dropped.
// A line longer than maxLine is an error naming it.
func (c *csvReader) readLine() ([]byte, error) {
	line, err := c.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		c.long = append(c.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(c.long) > maxLine {
				return nil, errLineTooLong(c.num + 1)
			}
			line, err = c.r.ReadSlice('\n')
			c.long = append(c.long, line...)
		}
		line = c.long
	}
	n := len(line)
	if n > 0 && errors.Is(err, io.EOF) {
		err = nil
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	c.num++
	c.off += int64(n)
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

// read returns the next record, io.EOF at the end, a *csv.ParseError
// for malformed CSV (with the cells read so far), or a read error.
func (c *csvReader) read() ([]string, error) {
	var line []byte
	var err error
	for {
		start := c.off
		line, err = c.readLine()
		if err != nil {
			return nil, err
		}
		if len(line) != lengthNL(line) {
			c.start, c.line = start, c.num
			break
		}
	}
	if bytes.IndexByte(line, '"') < 0 {
		c.splitPlain(line[:len(line)-lengthNL(line)])
	} else if err = c.parse(line); err != nil && !isParseError(err) {
		return nil, err
	}
	if err == nil && c.width > 0 && len(c.cells) != c.width {
		err = &csv.ParseError{StartLine: c.line, Line: c.line, Column: 1, Err: csv.ErrFieldCount}
	} else if c.width == 0 {
		c.width = len(c.cells)
	}
	return c.cells, err
}

func isParseError(err error) bool {
	var pe *csv.ParseError
	return errors.As(err, &pe)
}

// splitPlain splits a line without quotes at every separator; the cells
// share the line's memory.
func (c *csvReader) splitPlain(text []byte) {
	c.cells = c.cells[:0]
	rest := unsafe.String(unsafe.SliceData(text), len(text))
	for {
		i := strings.IndexByte(rest, c.comma)
		if i < 0 {
			c.cells = append(c.cells, rest)
			return
		}
		c.cells = append(c.cells, rest[:i])
		rest = rest[i+1:]
	}
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}
