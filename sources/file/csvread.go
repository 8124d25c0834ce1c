package file

import (
	"bufio"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"io"
	"math/bits"
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
	// errors.Is only on an error: it is a call a line otherwise.
	if err != nil && errors.Is(err, bufio.ErrBufferFull) {
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
	if n > 0 && err != nil && errors.Is(err, io.EOF) {
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
	if !c.splitPlain(line[:len(line)-lengthNL(line)]) {
		if err = c.parse(line); err != nil && !isParseError(err) {
			return nil, err
		}
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

// splitPlain splits a line at every separator, the cells sharing the
// line's memory, and reports false, with the cells undone, when the line
// holds a quote. It reads the line 8 bytes at a time: a word's separators
// and quotes are found at once, each as a byte of a mask.
func (c *csvReader) splitPlain(text []byte) bool {
	c.cells = c.cells[:0]
	all := unsafe.String(unsafe.SliceData(text), len(text))
	sep, quote := broadcast(c.comma), broadcast('"')
	start, i := 0, 0
	for ; i+8 <= len(text); i += 8 {
		w := binary.LittleEndian.Uint64(text[i:])
		if zeroBytes(w^quote) != 0 {
			return false
		}
		for m := zeroBytes(w ^ sep); m != 0; m &= m - 1 {
			end := i + bits.TrailingZeros64(m)>>3
			c.cells = append(c.cells, all[start:end])
			start = end + 1
		}
	}
	for ; i < len(text); i++ {
		switch text[i] {
		case '"':
			return false
		case c.comma:
			c.cells = append(c.cells, all[start:i])
			start = i + 1
		}
	}
	c.cells = append(c.cells, all[start:])
	return true
}

// broadcast is a word of 8 bytes b.
func broadcast(b byte) uint64 { return uint64(b) * 0x0101010101010101 }

// zeroBytes has the top bit of each byte of w that is zero set, and no
// other bit.
func zeroBytes(w uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((w&low7 + low7) | w | low7)
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}
