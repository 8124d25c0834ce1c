package file

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unsafe"

	"github.com/drift-sh/drift/contract"
)

// headCache is a CSV or TSV header as a batch read it, mapped to the
// contract's fields once, for the one-record documents of every op.
type headCache struct {
	head   []byte
	header []string
	lay    *csvLayout
}

// rowDoc is loadCSV of the header head followed by body, reading and
// mapping the header only when it differs from the one read last. A
// document shares the cached header and columns: a csvDoc changes them
// only when it has no header, which is loaded afresh.
func (st *lineStage) rowDoc(body []byte) (*csvDoc, error) {
	head := st.head()
	data := append(append(make([]byte, 0, len(head)+len(body)), head...), body...)
	hc := st.headCache()
	if hc == nil {
		return st.s.loadCSV(data)
	}
	s := st.s
	d := &csvDoc{s: s, data: data, header: hc.header, cols: hc.lay.cols, edits: newLineEdits(data)}
	cr := st.splitter(body, len(hc.header))
	defer cr.r.Reset(nil)
	prev, base := 0, len(head)
	for {
		row, err := cr.read()
		if errors.Is(err, io.EOF) {
			return d, nil
		}
		if err != nil {
			return nil, s.csvError(err, len(row), len(hc.header))
		}
		end := int(cr.off)
		d.rows = append(d.rows, keepCells(row))
		d.lines = append(d.lines, cr.line+1)
		d.spans = append(d.spans, [2]int{base + prev + skipBlank(body[prev:end]), base + end})
		prev = end
	}
}

// headCache returns the header the file has now, read and mapped once
// while it stays the same; nil when it is no header (an empty file) or
// does not read as one, which only a whole document can tell.
func (st *lineStage) headCache() *headCache {
	head := st.head()
	if hc := st.hc; hc != nil && bytes.Equal(hc.head, head) {
		return hc
	}
	d, err := st.s.loadCSV(head)
	if err != nil || d.header == nil {
		return nil
	}
	st.hc = &headCache{head: append([]byte(nil), head...), header: d.header, lay: newCSVLayout(d.cols, nil, len(d.header))}
	return st.hc
}

// rowRecord returns record r of a CSV or TSV file as doc(r).record(0)
// does, with the same errors, but without a document: its text is split
// once and its cells mapped through the header, into Cells when every
// field has a column (the same raw values, read as Cells, without a boxed
// value per cell). ok is false when only a document can read it (the file
// has no header).
func (st *lineStage) rowRecord(r *row) (rec contract.Record, ok bool, err error) {
	hc := st.headCache()
	if hc == nil {
		return contract.Record{}, false, nil
	}
	s := st.s
	cr := st.splitter(r.cur, len(hc.header))
	defer cr.r.Reset(nil)
	cells, err := cr.read()
	switch {
	case errors.Is(err, io.EOF):
		return contract.Record{}, true, s.notOneRow(r)
	case err != nil:
		return contract.Record{}, true, s.csvError(err, len(cells), len(hc.header))
	}
	cells = keepCells(cells)
	for rows := 1; ; rows++ {
		more, err := cr.read()
		switch {
		case errors.Is(err, io.EOF) && rows == 1:
			return s.cellRecord(cells, hc.lay, r.line), true, nil
		case errors.Is(err, io.EOF):
			return contract.Record{}, true, s.notOneRow(r)
		case err != nil:
			return contract.Record{}, true, s.csvError(err, len(more), len(hc.header))
		}
	}
}

// notOneRow is the error for a staged record whose text no longer reads
// as one CSV row.
func (s *Source) notOneRow(r *row) error {
	return fmt.Errorf("%s: line %d: the record no longer reads as one row", s.name, r.line)
}

// splitter returns the batch's CSV splitter, reset to read body, each
// record of which must have width cells, as in the whole file, where the
// header sets the count: one splitter, and its buffers, serve every
// record's document.
func (st *lineStage) splitter(body []byte, width int) *csvReader {
	if st.split == nil {
		st.split = st.s.newCSVSplitter(bufio.NewReaderSize(nil, 4096), 0)
	}
	cr := st.split
	cr.r.Reset(bytes.NewReader(body))
	cr.width, cr.off, cr.num, cr.start, cr.line = width, 0, 0, 0, 0
	return cr
}

// keepCells copies cells, which share a splitter's memory, into one
// string of their own.
func keepCells(cells []string) []string {
	n := 0
	for _, c := range cells {
		n += len(c)
	}
	all := make([]byte, 0, n)
	for _, c := range cells {
		all = append(all, c...)
	}
	text := unsafe.String(unsafe.SliceData(all), len(all))
	out := make([]string, len(cells))
	at := 0
	for i, c := range cells {
		out[i] = text[at : at+len(c)]
		at += len(c)
	}
	return out
}
