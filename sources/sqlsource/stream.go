package sqlsource

import (
	"encoding/binary"
	"strconv"
	"unsafe"

	"github.com/drift-sh/drift/contract"
)

// Target returns the index in Contract.Fields of the field result column i
// holds, or -1 when it holds none.
func (l *Layout) Target(i int) int {
	if i < 0 || i >= len(l.index) {
		return -1
	}
	return l.index[i]
}

// NewColumns returns a row buffer for the Columns form: one zero (NULL)
// column per contract field, to be filled through Target and reused.
func (l *Layout) NewColumns() []contract.Column {
	return make([]contract.Column, l.nfields)
}

// ColumnRecord is the record of row n (from 1) of the layout's result set
// in the Columns form (see sources.Streamer), with cols indexed like
// Contract.Fields.
func (l *Layout) ColumnRecord(cols []contract.Column, n int64) contract.Record {
	return contract.Record{Columns: cols, Unknown: l.unknown, Row: n}
}

// appendColumnsKey is appendKey for a record in the Columns form: the same
// bytes as encoding each key column's raw value, without making it for an
// integer or text key.
func (l *Located) appendColumnsKey(b []byte, cols []contract.Column) []byte {
	for _, i := range l.keys {
		if i >= len(cols) {
			b = append(b, tagNull)
			continue
		}
		b = appendColumn(b, &cols[i])
	}
	return b
}

func appendColumn(b []byte, c *contract.Column) []byte {
	switch c.Kind {
	case contract.ColNull:
		return append(b, tagNull)
	case contract.ColString:
		b = binary.AppendUvarint(append(b, tagString), uint64(len(c.Text)))
		return append(b, c.Text...)
	case contract.ColInt:
		if n, err := strconv.ParseInt(unsafe.String(unsafe.SliceData(c.Text), len(c.Text)), 10, 64); err == nil {
			return binary.AppendVarint(append(b, tagInt), n)
		}
	}
	return appendValue(b, c.Raw())
}
