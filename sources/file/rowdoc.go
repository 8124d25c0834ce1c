package file

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unsafe"
)

// headCache is a CSV or TSV header as a batch read it, mapped to the
// contract's fields once, for the one-record documents of every op.
type headCache struct {
	head   []byte
	header []string
	cols   []int
}

// rowDoc is loadCSV of the header head followed by body, reading and
// mapping the header only when it differs from the one read last. A
// document shares the cached header and columns: a csvDoc changes them
// only when it has no header, which is loaded afresh.
func (st *lineStage) rowDoc(body []byte) (*csvDoc, error) {
	head := st.head()
	data := append(append(make([]byte, 0, len(head)+len(body)), head...), body...)
	hc := st.hc
	if hc == nil || !bytes.Equal(hc.head, head) {
		d, err := st.s.loadCSV(head)
		if err != nil || d.header == nil {
			return st.s.loadCSV(data)
		}
		hc = &headCache{head: append([]byte(nil), head...), header: d.header, cols: d.cols}
		st.hc = hc
	}
	s := st.s
	d := &csvDoc{s: s, data: data, header: hc.header, cols: hc.cols, edits: newLineEdits(data)}
	cr := st.splitter(body)
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

// splitter returns the batch's CSV splitter, reset to read body: one
// splitter, and its buffers, serve every record's document.
func (st *lineStage) splitter(body []byte) *csvReader {
	if st.split == nil {
		st.split = st.s.newCSVSplitter(bufio.NewReaderSize(nil, 4096), 0)
	}
	cr := st.split
	cr.r.Reset(bytes.NewReader(body))
	cr.width, cr.off, cr.num, cr.start, cr.line = 0, 0, 0, 0, 0
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
