package file

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unsafe"

	"github.com/drift-sh/drift/contract"
)

// csvLayout is what the header of a CSV or TSV file says: each contract
// field's column (-1 when missing), the columns no field reads, the width.
type csvLayout struct {
	cols    []int
	unknown []string
	width   int
	// fit says every contract field has a column, so records can carry
	// Cells; inOrder that field i is column i, so a row is its cells.
	fit, inOrder bool
}

func newCSVLayout(cols []int, unknown []string, width int) *csvLayout {
	l := &csvLayout{cols: cols, unknown: unknown, width: width, fit: true, inOrder: true}
	for i, c := range cols {
		l.fit = l.fit && c >= 0
		l.inOrder = l.inOrder && c == i
	}
	return l
}

// csvLines reads lines as encoding/csv does: it counts them, tracks the
// byte offset of the next one, and gives each without its line ending (a
// "\r\n" or "\n", or a "\r" right before the end of the file).
type csvLines struct {
	r    *bufio.Reader
	off  int64
	num  int
	long []byte // holds a line longer than the reader's buffer
}

// next returns the raw line (ending included) and its text. At the end it
// returns io.EOF with an empty raw line.
func (l *csvLines) next() (raw, text []byte, err error) {
	raw, err = l.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		l.long = append(l.long[:0], raw...)
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(l.long) > maxLine {
				return nil, nil, errLineTooLong(l.num + 1)
			}
			raw, err = l.r.ReadSlice('\n')
			l.long = append(l.long, raw...)
		}
		raw = l.long
	}
	if len(raw) == 0 {
		return nil, nil, err
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, err
	}
	l.num++
	l.off += int64(len(raw))
	text = raw
	switch n := len(text); {
	case n >= 2 && text[n-2] == '\r' && text[n-1] == '\n':
		text = text[:n-2]
	case text[n-1] == '\n':
		text = text[:n-1]
	case err != nil && text[n-1] == '\r':
		text = text[:n-1]
	}
	return raw, text, nil
}

// scanCSVLocated streams a CSV or TSV file like scanCSV, but each record
// carries its byte offset in Pos and, when every field has a column, its
// cells in Cells, which share one buffer from record to record. Lines
// without a quote are split here; from the first line with a quote, or
// with a cell count other than the header's, encoding/csv reads the rest,
// so records and errors are exactly those of scanCSV.
func (s *Source) scanCSVLocated(r *bufio.Reader, base int64, emit func(contract.Record) error) error {
	comma := byte(',')
	if s.format == formatTSV {
		comma = '\t'
	}
	lines := &csvLines{r: r, off: base}
	var locs lineLocs
	var lay *csvLayout
	var row []string
	for {
		start, before := lines.off, lines.num
		raw, text, err := lines.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: read: %w", s.name, err)
		}
		if len(text) == 0 {
			continue
		}
		var plain bool
		row, plain = splitCells(row[:0], text, comma)
		if !plain || (lay != nil && len(row) != lay.width) {
			rest := io.MultiReader(bytes.NewReader(bytes.Clone(raw)), r)
			return s.readCSV(rest, csvBase{line: before, off: start}, lay, &locs, emit)
		}
		if lay == nil {
			if lay, err = s.layout(cloneAll(row)); err != nil {
				return err
			}
			s.last.layout = lay
			continue
		}
		rec := s.located(row, lay, locs.line(before+1), start)
		if err := emit(rec); err != nil {
			return err
		}
	}
}

// csvBase is where a csv.Reader started in the file: the lines and bytes
// before it.
type csvBase struct {
	line int
	off  int64
}

// lineLocs makes the "line N" locations of records without an allocation
// each: they are written one after the other into shared chunks, which
// are never written again, so each location stays valid.
type lineLocs struct {
	buf []byte
}

// lineLoc is a record's location and its line number.
type lineLoc struct {
	text string
	num  int
}

func (l *lineLocs) line(n int) lineLoc {
	const most = len("line ") + 20
	if cap(l.buf)-len(l.buf) < most {
		l.buf = make([]byte, 0, 16<<10)
	}
	start := len(l.buf)
	l.buf = strconv.AppendInt(append(l.buf, "line "...), int64(n), 10)
	return lineLoc{text: unsafe.String(&l.buf[start], len(l.buf)-start), num: n}
}

// located builds a record with its position; Cells share row's memory.
func (s *Source) located(row []string, lay *csvLayout, loc lineLoc, pos int64) contract.Record {
	if !lay.fit {
		rec := s.recordFromRow(row, lay.cols, lay.unknown, loc.num)
		rec.Pos = pos
		return rec
	}
	if lay.inOrder {
		return contract.Record{Cells: row[:len(lay.cols)], Unknown: lay.unknown, Loc: loc.text, Pos: pos}
	}
	cells := s.cells[:0]
	for _, c := range lay.cols {
		cells = append(cells, row[c])
	}
	s.cells = cells
	return contract.Record{Cells: cells, Unknown: lay.unknown, Loc: loc.text, Pos: pos}
}

// readCSV reads the rest of a file with encoding/csv, starting at base; lay
// is nil when the header is still to come.
func (s *Source) readCSV(r io.Reader, base csvBase, lay *csvLayout, locs *lineLocs, emit func(contract.Record) error) error {
	cr := s.newCSVReader(r)
	cr.ReuseRecord = true
	if lay == nil {
		header, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return s.csvErrorAt(err, 0, 0, base.line)
		}
		if lay, err = s.layout(cloneAll(header)); err != nil {
			return err
		}
		s.last.layout = lay
	} else {
		cr.FieldsPerRecord = lay.width
	}
	for {
		pos := base.off + cr.InputOffset()
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return s.csvErrorAt(err, len(row), lay.width, base.line)
		}
		line, _ := cr.FieldPos(0)
		if err := emit(s.located(row, lay, locs.line(base.line+line), pos)); err != nil {
			return err
		}
	}
}

// layout maps a header.
func (s *Source) layout(header []string) (*csvLayout, error) {
	cols, unknown, err := s.mapColumns(header)
	if err != nil {
		return nil, err
	}
	return newCSVLayout(cols, unknown, len(header)), nil
}

// splitCells splits a line at every separator, as encoding/csv does for
// fields that do not start with a quote; the cells share the line's
// memory. It reports false, and no cells, when the line holds a quote.
func splitCells(dst []string, line []byte, comma byte) ([]string, bool) {
	if bytes.IndexByte(line, '"') >= 0 {
		return dst, false
	}
	rest := unsafe.String(unsafe.SliceData(line), len(line))
	for {
		i := strings.IndexByte(rest, comma)
		if i < 0 {
			return append(dst, rest), true
		}
		dst = append(dst, rest[:i])
		rest = rest[i+1:]
	}
}

func cloneAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(append([]byte(nil), s...))
	}
	return out
}

// csvErrorAt is csvError for a reader that started after base lines.
func (s *Source) csvErrorAt(err error, got, want, base int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		shifted := *pe
		shifted.StartLine += base
		shifted.Line += base
		err = &shifted
	}
	return s.csvError(err, got, want)
}

// maxLine bounds one line of a line-based file (CSV, TSV, NDJSON): a file
// without line breaks (a binary, /dev/zero) is an error, not a scan that
// eats all memory.
const maxLine = 64 << 20

// errTooLong is the error for such a line; callers name the line.
var errTooLong = fmt.Errorf("the line is longer than %d MiB; is this really a line-based file? check `path` and `format`", maxLine>>20)

func errLineTooLong(n int) error { return fmt.Errorf("line %d: %w", n, errTooLong) }
