package file

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"sync"
)

// rowReaders are the read buffers of rowDoc's CSV readers: a batch reads
// one for each op, and a buffer each was most of what it allocated.
var rowReaders = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

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
	br := rowReaders.Get().(*bufio.Reader)
	br.Reset(&lineLimit{r: bytes.NewReader(body)})
	defer func() { br.Reset(nil); rowReaders.Put(br) }()
	cr := s.csvOn(br)
	prev, base := 0, len(head)
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return d, nil
		}
		if err != nil {
			return nil, s.csvError(err, len(row), len(hc.header))
		}
		end := int(cr.InputOffset())
		line, _ := cr.FieldPos(0)
		d.rows = append(d.rows, row)
		d.lines = append(d.lines, line+1)
		d.spans = append(d.spans, [2]int{base + prev + skipBlank(body[prev:end]), base + end})
		prev = end
	}
}
