package file

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// scanned is what a key scan learns of a CSV, TSV or NDJSON file besides
// the records it keeps.
type scanned struct {
	version string // "sha256:<hex>" of every byte, as Fetch gives it
	// head is the CSV or TSV header line, ending with a line break; nil
	// when the file has no header.
	head  []byte
	nl    string // the file's line ending
	model []byte // NDJSON: the last record's text, the style of inserts
	// openLine, when not 0, is the line where the CSV or TSV file's last
	// record starts, which ends inside a quoted cell (a TSV cell quoted
	// lazily and never closed): a record appended would become part of it.
	openLine int
}

// scanKeys reads the whole file once, in a stream, hashing it, and calls
// keep with each record whose key text is in want, and the key's rows
// there (each record with a valid key, and nil rows, when want is nil),
// in file order: a row's key is looked up once, and its text made into a
// string only for keep of a nil want. Memory stays that of one record and
// the records kept.
func (s *Source) scanKeys(ctx context.Context, want map[string]*keyRows, keep func(k string, kr *keyRows, r *row)) (scanned, error) {
	f, err := os.Open(s.path)
	if err != nil {
		return scanned{}, s.openError(err)
	}
	defer f.Close()
	hr := newHashingReader(f)
	defer hr.stop()
	br := bufio.NewReaderSize(hr, 256<<10)
	skip, err := skipBOM(br)
	if err != nil {
		return scanned{}, fmt.Errorf("%s: read: %w", s.name, err)
	}
	sc := scanned{nl: "\n"}
	if s.format == formatNDJSON {
		err = s.scanNDJSONKeys(ctx, br, int64(skip), want, keep, &sc)
	} else {
		err = s.scanCSVKeys(ctx, br, int64(skip), want, keep, &sc)
	}
	if err != nil {
		return scanned{}, err
	}
	if _, err := io.Copy(io.Discard, br); err != nil {
		return scanned{}, fmt.Errorf("%s: read: %w", s.name, err)
	}
	sc.version = hr.sum()
	return sc, nil
}

// scanCSVKeys reads the rows of a CSV or TSV file that starts base bytes
// into the file. The rows are split by csvReader (encoding/csv's records
// and errors, without an allocation per row); the tape keeps each row's
// text as the file holds it.
func (s *Source) scanCSVKeys(ctx context.Context, r io.Reader, base int64, want map[string]*keyRows, keep func(string, *keyRows, *row), sc *scanned) error {
	t := &tape{r: r, base: base, record: base}
	cr := s.newCSVSplitter(bufio.NewReaderSize(t, 64<<10), base)
	// tooLong is the error for the record that starts at the first line
	// that is not blank from line on (the bytes read from at), when the
	// tape finds it too long; csvReader names the line of one it finds.
	tooLong := func(line int, at int64, err error) error {
		if err != errRecordTooLong {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		read := t.from(at)
		return fmt.Errorf("%s: %w", s.name, errRecordAt(line+bytes.Count(read[:skipBlank(read)], []byte("\n"))))
	}
	header, err := cr.read()
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case errors.Is(err, errRecordTooLong):
		return tooLong(1, base, err)
	case err != nil:
		return s.csvError(err, 0, 0)
	}
	header = keepCells(header)
	cols, _, err := s.mapColumns(header)
	if err != nil {
		return err
	}
	prev := cr.off
	t.start(prev)
	raw := t.slice(base, prev)
	sc.nl = newline(raw)
	sc.head = bytes.Clone(raw[skipBlank(raw):])
	if !bytes.HasSuffix(sc.head, []byte("\n")) {
		sc.head = append(sc.head, sc.nl...)
	}
	// The last record read (the header so far): its line, the line after
	// it, and, when it may end in an open quote (TSV reads quotes lazily,
	// and only a record holding one can), its text.
	lastLine := cr.line
	next := lastLine + bytes.Count(sc.head, []byte("\n"))
	var lastText []byte
	mayOpen := func(raw []byte) {
		lastText = lastText[:0]
		if s.format == formatTSV && bytes.IndexByte(raw, '"') >= 0 {
			lastText = append(lastText, raw...)
		}
	}
	mayOpen(sc.head)
	var kb []byte // the key text of each row, in one buffer
	for n := 1; ; n++ {
		row, err := cr.read()
		switch {
		case errors.Is(err, io.EOF):
			if len(lastText) > 0 && s.endsOpen(append(lastText, t.from(prev)...), len(header), sc.nl) {
				sc.openLine = lastLine
			}
			return nil
		case errors.Is(err, errRecordTooLong):
			return tooLong(next, prev, err)
		case err != nil:
			return s.csvError(err, len(row), len(header))
		}
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		end, line := cr.off, cr.line
		raw := t.slice(prev, end)
		raw = raw[skipBlank(raw):]
		var ok bool
		if kb, ok = s.appendRowKey(kb[:0], row, cols); ok {
			if want == nil {
				keep(string(kb), nil, newRow(end-int64(len(raw)), end, line, raw))
			} else if kr := want[string(kb)]; kr != nil {
				keep("", kr, newRow(end-int64(len(raw)), end, line, raw))
			}
		}
		mayOpen(raw)
		lastLine, next = line, line+bytes.Count(raw, []byte("\n"))
		t.release(end)
		prev = end
		t.start(end)
	}
}

// endsOpen reports whether text, the last record of a CSV or TSV file of
// width columns and what follows it, would not read the same with a
// record appended after it as a flush appends one: a TSV cell quoted
// lazily and never closed goes on to the end of the file, through
// anything written after it.
func (s *Source) endsOpen(text []byte, width int, nl string) bool {
	sep := ","
	if s.format == formatTSV {
		sep = "\t"
	}
	probe := strings.Repeat("x"+sep, max(width, 1)-1) + "x"
	before, err := s.csvRows(text)
	if err != nil {
		return true
	}
	data := append([]byte(nil), text...)
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, lineBreakAfter(data[len(data)-1], nl)...)
	}
	after, err := s.csvRows(append(append(data, probe...), nl...))
	if err != nil || len(after) != len(before)+1 || strings.Join(after[len(before)], sep) != probe {
		return true
	}
	for i, row := range before {
		if !slices.Equal(row, after[i]) {
			return true
		}
	}
	return false
}

// csvRows reads every record of data as a scan does.
func (s *Source) csvRows(data []byte) ([][]string, error) {
	cr := s.newCSVReader(bytes.NewReader(data))
	var rows [][]string
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
}

// appendRowKey appends the key text of a row (see keyText) to dst: each
// key field's canonical JSON, as Parse gives it, straight from its cell
// when Field.AppendCell reads it, without a value to build. ok is false
// when a key field is not valid.
func (s *Source) appendRowKey(dst []byte, row []string, cols []int) ([]byte, bool) {
	c := s.cfg.Contract
	for i, k := range c.Key {
		if i > 0 {
			dst = append(dst, 0)
		}
		f := c.Fields[k]
		cell := row[cols[k]]
		out, st, fast := f.AppendCell(dst, cell)
		if !fast {
			v := f.Parse(contract.Cell(cell))
			out, st = append(dst, v.JSON...), v.State
		}
		if st != contract.Valid {
			return dst, false
		}
		dst = out
	}
	return dst, true
}

// scanNDJSONKeys reads the lines of an NDJSON file that starts base bytes
// into the file.
func (s *Source) scanNDJSONKeys(ctx context.Context, r *bufio.Reader, base int64, want map[string]*keyRows, keep func(string, *keyRows, *row), sc *scanned) error {
	var buf []byte
	pos := base
	for n := 1; ; n++ {
		line, err := readLine(r, buf[:0])
		buf = line
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: line %d: %w", s.name, n, err)
		}
		if n == 1 {
			sc.nl = newline(line)
		}
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if body := bytes.TrimSpace(line); len(body) > 0 {
			m, perr := parseObjectLine(body)
			if perr != nil {
				return fmt.Errorf("%s: line %d: %w", s.name, n, perr)
			}
			if k, ok := s.recordKey(s.recordFromMap(m, "")); ok {
				if want == nil {
					keep(k, nil, newRow(pos, pos+int64(len(line)), n, line))
				} else if kr := want[k]; kr != nil {
					keep(k, kr, newRow(pos, pos+int64(len(line)), n, line))
				}
			}
			sc.model = append(sc.model[:0], body...)
		}
		pos += int64(len(line))
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// tape passes reads through and keeps the bytes read since base, so that
// a record's bytes can be taken once a parser has read past them.
type tape struct {
	r    io.Reader
	buf  []byte
	base int64
	// record is where the record being read starts, once past the blank
	// lines before it.
	record int64
}

// start marks where the next record's bytes begin.
func (t *tape) start(at int64) {
	t.record = at
	t.skipBlank()
}

// skipBlank moves record past the blank lines read so far, so that they
// do not count in the record's size.
func (t *tape) skipBlank() {
	for rest := t.from(t.record); len(rest) > 0; rest = rest[1:] {
		if rest[0] != '\n' && (rest[0] != '\r' || len(rest) < 2 || rest[1] != '\n') {
			return
		}
		t.record++
	}
}

func (t *tape) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	t.skipBlank()
	if t.base+int64(len(t.buf))-t.record > maxLine+1<<20 {
		// Beyond its reader's buffer, the record being read holds it
		// all: a quote left open.
		return n, errRecordTooLong
	}
	return n, err
}

// slice returns the bytes from one offset to another; both must be at or
// after base, and read.
func (t *tape) slice(from, to int64) []byte { return t.buf[from-t.base : to-t.base] }

// from returns every byte read from offset at on.
func (t *tape) from(at int64) []byte { return t.buf[at-t.base:] }

// release forgets the bytes before offset to, once they fill a megabyte.
func (t *tape) release(to int64) {
	if to-t.base < 1<<20 {
		return
	}
	n := copy(t.buf, t.buf[to-t.base:])
	t.buf, t.base = t.buf[:n], to
}
