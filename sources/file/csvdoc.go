package file

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// csvDoc is a CSV or TSV file loaded for a write. Rows that a write does not
// touch are copied byte for byte; a changed row is encoded again.
type csvDoc struct {
	s       *Source
	data    []byte
	header  []string // nil for an empty file
	cols    []int    // contract field index -> column, or -1
	rows    [][]string
	lines   []int
	spans   [][2]int
	edits   lineEdits
	newHead bool // the header was made for an insert into an empty file
}

func (s *Source) loadCSV(data []byte) (*csvDoc, error) {
	d := &csvDoc{s: s, data: data, edits: newLineEdits(data)}
	skip := 0
	if bytes.HasPrefix(data, bom) {
		skip = len(bom)
	}
	cr := s.newCSVReader(bytes.NewReader(data[skip:]))
	header, cols, _, err := s.readHeader(cr)
	if err != nil {
		return nil, err
	}
	if header == nil {
		return d, nil
	}
	d.cols, d.header = cols, header
	prev := skip + int(cr.InputOffset())
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return d, nil
		}
		if err != nil {
			return nil, s.csvError(err, len(row), len(header))
		}
		end := skip + int(cr.InputOffset())
		line, _ := cr.FieldPos(0)
		d.rows = append(d.rows, row)
		d.lines = append(d.lines, line)
		d.spans = append(d.spans, [2]int{prev + skipBlank(data[prev:end]), end})
		prev = end
	}
}

func (d *csvDoc) len() int { return len(d.rows) }

func (d *csvDoc) record(i int) (contract.Record, error) {
	return d.s.recordFromRow(d.rows[i], d.cols, nil, d.lines[i]), nil
}

func (d *csvDoc) set(i int, f *contract.Field, v any) error {
	c := d.cols[f.Index]
	if c < 0 {
		return fmt.Errorf("the header has no column %q; add the column to write this field", d.s.cfg.Path(f))
	}
	text, err := cells.Text(f, v)
	if err != nil {
		return err
	}
	if d.rows[i][c] == text {
		return nil // an unchanged row keeps its bytes, quoting included
	}
	d.rows[i][c] = text
	d.edits.replaced[i] = d.encode(d.rows[i])
	return nil
}

func (d *csvDoc) insert(vals []any) error {
	if d.header == nil {
		d.makeHeader()
	}
	row := make([]string, len(d.header))
	for i, f := range d.s.cfg.Contract.Fields {
		if vals[i] == nil {
			continue
		}
		c := d.cols[i]
		if c < 0 {
			return fmt.Errorf("field %q: the header has no column %q; add the column to write this field", f.Name, d.s.cfg.Path(f))
		}
		text, err := cells.Text(f, vals[i])
		if err != nil {
			return err
		}
		row[c] = text
	}
	d.edits.appended = append(d.edits.appended, d.encode(row))
	return nil
}

// makeHeader gives an empty file one column per contract field.
func (d *csvDoc) makeHeader() {
	d.newHead = true
	d.data = nil // a file without a header holds nothing but blank lines
	d.cols = make([]int, len(d.s.cfg.Contract.Fields))
	for i, f := range d.s.cfg.Contract.Fields {
		d.header = append(d.header, d.s.cfg.Path(f))
		d.cols[i] = i
	}
}

func (d *csvDoc) remove(i int) { d.edits.removed[i] = true }

func (d *csvDoc) bytes() ([]byte, error) {
	out := d.edits.splice(d.data, d.spans)
	if d.newHead {
		out = append(d.encode(d.header), out...)
	}
	return out, nil
}

// encode writes one row with the file's separator and line ending.
func (d *csvDoc) encode(row []string) []byte {
	if d.s.format == formatTSV {
		return encodeTSV(row, d.edits.nl)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = d.edits.nl == "\r\n"
	_ = w.Write(row) // a bytes.Buffer does not fail
	w.Flush()
	return buf.Bytes()
}

// encodeTSV writes one TSV row. A cell is quoted only when a reader needs
// it to be (it holds a tab or a line break, or starts with a quote), so a
// cell with spaces around it is written back as it was read.
func encodeTSV(row []string, nl string) []byte {
	var buf bytes.Buffer
	for i, cell := range row {
		if i > 0 {
			buf.WriteByte('\t')
		}
		if strings.ContainsAny(cell, "\t\r\n") || strings.HasPrefix(cell, `"`) {
			buf.WriteString(`"` + strings.ReplaceAll(cell, `"`, `""`) + `"`)
			continue
		}
		buf.WriteString(cell)
	}
	buf.WriteString(nl)
	return buf.Bytes()
}
