package file

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// newCSVReader reads CSV, or TSV: the same dialect with tabs, where a stray
// quote inside a cell is taken literally.
func (s *Source) newCSVReader(r io.Reader) *csv.Reader {
	return s.csvOn(bufio.NewReader(&lineLimit{r: r}))
}

// csvOn is newCSVReader reading through br, which must read through a
// lineLimit: encoding/csv reads a *bufio.Reader of 4096 bytes or more as it
// is, so a caller can reuse one instead of a new buffer a reader.
func (s *Source) csvOn(br *bufio.Reader) *csv.Reader {
	cr := csv.NewReader(br)
	if s.format == formatTSV {
		cr.Comma = '\t'
		cr.LazyQuotes = true
	}
	return cr
}

// scanCSV streams the rows of a CSV or TSV file. The header is mapped to
// field indexes once; every row then costs one string and one slice of
// values.
func (s *Source) scanCSV(r *bufio.Reader, base int64, emit func(contract.Record) error) error {
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
		if lay == nil {
			if lay, err = s.layout(keepCells(row)); err != nil {
				return err
			}
			continue
		}
		if err := emit(s.recordFromRow(ownCells(row), lay.cols, lay.unknown, cr.line)); err != nil {
			return err
		}
	}
}

// recordFromRow builds a record from one row; cols maps each contract field
// to its column, or -1 when the header lacks it.
func (s *Source) recordFromRow(row []string, cols []int, unknown []string, line int) contract.Record {
	vals := make([]any, len(cols))
	for i, c := range cols {
		if c >= 0 {
			vals[i] = contract.Cell(row[c])
		}
	}
	return contract.Record{Values: vals, Unknown: unknown, Line: int64(line)}
}

// cellRecord is recordFromRow's record of a row the caller owns, of the
// header lay maps, with the cells in Cells, in field order, when every
// field has a column (a row whose columns are the fields, in order, is
// used as it is); else it is recordFromRow's. Unlike located, it shares
// no memory with the next record.
func (s *Source) cellRecord(row []string, lay *csvLayout, line int) contract.Record {
	switch {
	case !lay.fit:
		return s.recordFromRow(row, lay.cols, nil, line)
	case lay.inOrder:
		return contract.Record{Cells: row[:len(lay.cols):len(lay.cols)], Line: int64(line)}
	}
	cells := make([]string, len(lay.cols))
	for i, c := range lay.cols {
		cells[i] = row[c]
	}
	return contract.Record{Cells: cells, Line: int64(line)}
}

// readHeader reads the header row of a CSV or TSV file and maps it to the
// contract's fields (see mapColumns); header is nil for an empty file.
func (s *Source) readHeader(cr *csv.Reader) (header []string, cols []int, unknown []string, err error) {
	header, err = cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, nil, nil
	}
	if err != nil {
		return nil, nil, nil, s.csvError(err, 0, 0)
	}
	cols, unknown, err = s.mapColumns(header)
	if err != nil {
		return nil, nil, nil, err
	}
	return header, cols, unknown, nil
}

// mapColumns finds each contract field's column in the header (by its
// literal name: CSV paths are not dotted) and lists the columns no field
// reads, in header order.
func (s *Source) mapColumns(header []string) (cols []int, unknown []string, err error) {
	at := make(map[string]int, len(header))
	for i, h := range header {
		if _, dup := at[h]; !dup {
			at[h] = i
		}
	}
	read := make(map[string]bool, len(s.cfg.Contract.Fields))
	cols = make([]int, len(s.cfg.Contract.Fields))
	for i, f := range s.cfg.Contract.Fields {
		name := s.cfg.Path(f)
		read[name] = true
		cols[i] = -1
		if c, ok := at[name]; ok {
			cols[i] = c
		}
	}
	if err := s.keyColumns(header, cols); err != nil {
		return nil, nil, err
	}
	seen := make(map[string]bool, len(header))
	for _, h := range header {
		if seen[h] && read[h] {
			return nil, nil, fmt.Errorf("%s: line 1: column %q appears twice in the header; rename one", s.name, h)
		}
		seen[h] = true
		if !read[h] {
			unknown = append(unknown, h)
		}
	}
	return cols, unknown, nil
}

// keyColumns refuses a header without a column for every key field: no
// record of the file could be matched, so the file is one error, not one
// per row.
func (s *Source) keyColumns(header []string, cols []int) error {
	for _, f := range s.cfg.Contract.KeyFields() {
		if cols[f.Index] >= 0 {
			continue
		}
		name := s.cfg.Path(f)
		return fmt.Errorf("%s: line 1: the header has no column %q for key field %q; add the column, or map the field to one of the header's columns with `fields:` in the source's config (the header has %s)",
			s.name, name, f.Name, headerList(header))
	}
	return nil
}

// headerList quotes the first columns of a header, for messages.
func headerList(header []string) string {
	const most = 8
	var b strings.Builder
	for i, h := range header {
		if i == most {
			fmt.Fprintf(&b, ", and %d more", len(header)-most)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", h)
	}
	return b.String()
}

// csvError names the file and the line of a CSV parse error.
// got and want are the row's and the header's cell counts.
func (s *Source) csvError(err error, got, want int) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: read: %w", s.name, err)
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return fmt.Errorf("%s: line %d: %w: the row has %d cells, the header %d; quote cells that contain the separator", s.name, pe.StartLine, pe.Err, got, want)
	}
	if pe.StartLine != pe.Line {
		return fmt.Errorf("%s: line %d, column %d (in the record that starts at line %d): %w; check for a quote that is never closed",
			s.name, pe.Line, pe.Column, pe.StartLine, pe.Err)
	}
	return fmt.Errorf("%s: line %d, column %d: %w", s.name, pe.Line, pe.Column, pe.Err)
}

// lineLimit fails a read once maxLine bytes pass without a line break, so
// that encoding/csv never buffers a whole binary file as one record.
type lineLimit struct {
	r   io.Reader
	run int // bytes since the last '\n'
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
		l.run = n - i - 1
	} else {
		l.run += n
	}
	if l.run > maxLine {
		return n, errTooLong
	}
	return n, err
}
