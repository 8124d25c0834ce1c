package file

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/padded"
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

// scanCSVLocated streams a CSV or TSV file like scanCSV, but each record
// carries its byte offset in Pos and, when every field has a column, its
// cells in Cells, which share the reader's memory from record to record.
// csvReader splits the records, quoted or not, without allocating, into
// exactly the records and errors of scanCSV. Each record is counted in
// count before it is emitted (see tally): the count is kept here rather
// than by a wrapper of emit, which would copy every record once more.
func (s *Source) scanCSVLocated(ctx context.Context, r *bufio.Reader, base int64, count *padded.Count, emit func(contract.Record) error) error {
	cr := s.newCSVSplitter(r, base)
	var lay *csvLayout
	for {
		row, err := cr.read()
		if err != nil {
			// Tested only here, not a call every record.
			if errors.Is(err, io.EOF) {
				return nil
			}
			return s.splitError(err, lay, len(row))
		}
		s.last.mark(cr.start, cr.line)
		if lay == nil {
			if lay, err = s.layout(keepCells(row)); err != nil {
				return err
			}
			s.last.layout = lay
			continue
		}
		if err := tally(ctx, count); err != nil {
			return err
		}
		if err := emit(s.located(row, lay, cr.line, cr.start)); err != nil {
			return err
		}
	}
}

// splitError names the file and line of an error of csvReader; lay is nil
// while the header is read.
func (s *Source) splitError(err error, lay *csvLayout, got int) error {
	if !isParseError(err) {
		return fmt.Errorf("%s: read: %w", s.name, err)
	}
	if lay == nil {
		return s.csvError(err, 0, 0)
	}
	return s.csvError(err, got, lay.width)
}

// located builds the record that starts on line (0: unknown) at byte
// offset pos; Cells share row's memory. Its location is the line number,
// made into "line N" text only when a message needs it.
func (s *Source) located(row []string, lay *csvLayout, line int, pos int64) contract.Record {
	if !lay.fit {
		rec := s.recordFromRow(row, lay.cols, lay.unknown, line)
		rec.Pos = pos
		return rec
	}
	if lay.inOrder {
		return contract.Record{Cells: row[:len(lay.cols)], Unknown: lay.unknown, Line: int64(line), Pos: pos}
	}
	cells := s.cells[:0]
	for _, c := range lay.cols {
		cells = append(cells, row[c])
	}
	s.cells = cells
	return contract.Record{Cells: cells, Unknown: lay.unknown, Line: int64(line), Pos: pos}
}

// layout maps a header.
func (s *Source) layout(header []string) (*csvLayout, error) {
	cols, unknown, err := s.mapColumns(header)
	if err != nil {
		return nil, err
	}
	return newCSVLayout(cols, unknown, len(header)), nil
}

// maxLine bounds one line of a line-based file (CSV, TSV, NDJSON): a file
// without line breaks (a binary, /dev/zero) is an error, not a scan that
// eats all memory.
const maxLine = 64 << 20

// errTooLong is the error for such a line; callers name the line.
var errTooLong = fmt.Errorf("the line is longer than %d MiB; is this really a line-based file? check `path` and `format`", maxLine>>20)

func errLineTooLong(n int) error { return fmt.Errorf("line %d: %w", n, errTooLong) }

// errRecordTooLong is the error for a CSV or TSV record that runs past
// maxLine bytes over several lines, which only a quote left open makes:
// reading on would hold the rest of the file in memory.
var errRecordTooLong = fmt.Errorf("a quoted cell runs on for more than %d MiB; is a quote left open? close it, or check `format`", maxLine>>20)

func errRecordAt(line int) error { return fmt.Errorf("line %d: %w", line, errRecordTooLong) }
