package postgres

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources/sqlsource"
)

// wire is how the decoder reads a column's bytes in place.
type wire uint8

const (
	wireOther   wire = iota // decoded by pgx, as scanRow does
	wireText                // text, varchar, bpchar, name, uuid: the text
	wireInt                 // int2, int4, int8 as text: the digits
	wireNumeric             // numeric as text: its exact literal
	wireJSON                // json, jsonb as text: decoded with exact numbers
	wireBool                // bool in binary: one byte
	wireFloat8              // float8 in binary: eight bytes
	wireTime                // timestamptz, timestamp in binary: microseconds since 2000
)

// wires maps the types read in place to their wire and format.
var wires = map[uint32]struct {
	w      wire
	format int16
}{
	pgtype.TextOID: {wireText, pgtype.TextFormatCode}, pgtype.VarcharOID: {wireText, pgtype.TextFormatCode},
	pgtype.BPCharOID: {wireText, pgtype.TextFormatCode}, pgtype.NameOID: {wireText, pgtype.TextFormatCode},
	pgtype.UUIDOID: {wireText, pgtype.TextFormatCode},
	pgtype.Int2OID: {wireInt, pgtype.TextFormatCode}, pgtype.Int4OID: {wireInt, pgtype.TextFormatCode},
	pgtype.Int8OID: {wireInt, pgtype.TextFormatCode}, pgtype.NumericOID: {wireNumeric, pgtype.TextFormatCode},
	pgtype.JSONOID: {wireJSON, pgtype.TextFormatCode}, pgtype.JSONBOID: {wireJSON, pgtype.TextFormatCode},
	pgtype.BoolOID: {wireBool, pgtype.BinaryFormatCode}, pgtype.Float8OID: {wireFloat8, pgtype.BinaryFormatCode},
	pgtype.TimestamptzOID: {wireTime, pgtype.BinaryFormatCode}, pgtype.TimestampOID: {wireTime, pgtype.BinaryFormatCode},
}

// resultFormats asks for each column in the format its wire reads, and for
// the others in pgx's own choice.
func resultFormats(m *pgtype.Map, fields []pgconn.FieldDescription) []int16 {
	out := make([]int16, len(fields))
	for i, fd := range fields {
		if w, ok := wires[fd.DataTypeOID]; ok {
			out[i] = w.format
		} else {
			out[i] = m.FormatCodeForOID(fd.DataTypeOID)
		}
	}
	return out
}

// decoder reads the columns of one result set into contract columns.
type decoder struct {
	m      *pgtype.Map
	fds    []pgconn.FieldDescription
	wires  []wire
	target []int // per result column: its contract field, or -1
}

func newDecoder(m *pgtype.Map, fds []pgconn.FieldDescription, layout *sqlsource.Layout) *decoder {
	d := &decoder{m: m, fds: fds, wires: make([]wire, len(fds)), target: make([]int, len(fds))}
	for i, fd := range fds {
		if w, ok := wires[fd.DataTypeOID]; ok && w.format == fd.Format {
			d.wires[i] = w.w
		}
		d.target[i] = layout.Target(i)
	}
	return d
}

// row fills cols (indexed like Contract.Fields) from one row's raw values.
// The columns' Text points into raw: it is valid until the next row.
func (d *decoder) row(raw [][]byte, cols []contract.Column) error {
	for i, b := range raw {
		fi := d.target[i]
		if fi < 0 || fi >= len(cols) {
			continue
		}
		if err := d.column(i, b, &cols[fi]); err != nil {
			return err
		}
	}
	return nil
}

var zero = []byte("0")

// zeroWithScale reports whether a numeric's text is a zero with fraction
// digits, such as 0.000.
func zeroWithScale(b []byte) bool {
	if len(b) < 3 || b[0] != '0' || b[1] != '.' {
		return false
	}
	for _, c := range b[2:] {
		if c != '0' {
			return false
		}
	}
	return true
}

// epoch2000 is the start of PostgreSQL's timestamps, in unix microseconds.
const epoch2000 = 946684800 * 1_000_000

// pgTime decodes a binary timestamp as pgx does, for years 1 to 9999;
// the rest (±infinity, and years pgx may refuse) go through pgx.
func pgTime(b []byte) (time.Time, bool) {
	if len(b) != 8 {
		return time.Time{}, false
	}
	us := int64(binary.BigEndian.Uint64(b))
	t := time.Unix(epoch2000/1_000_000+us/1_000_000, (epoch2000%1_000_000*1_000)+(us%1_000_000*1_000)).UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, false
	}
	return t, true
}

func (d *decoder) column(i int, b []byte, c *contract.Column) error {
	*c = contract.Column{}
	if b == nil {
		return nil
	}
	switch d.wires[i] {
	case wireText:
		c.Kind, c.Text = contract.ColString, b
		return nil
	case wireInt:
		c.Kind, c.Text = contract.ColInt, b
		return nil
	case wireNumeric:
		c.Kind, c.Text = contract.ColDecimal, b
		if zeroWithScale(b) {
			c.Text = zero // pgx reads 0.000 as 0
		}
		return nil
	case wireJSON:
		c.Kind, c.Value = contract.ColValue, sqlsource.DecodeJSON(b)
		return nil
	case wireBool:
		if len(b) == 1 {
			c.Kind, c.Bool = contract.ColBool, b[0] != 0
			return nil
		}
	case wireFloat8:
		if len(b) == 8 {
			c.Kind, c.Float = contract.ColFloat, math.Float64frombits(binary.BigEndian.Uint64(b))
			return nil
		}
	case wireTime:
		if t, ok := pgTime(b); ok {
			c.Kind, c.Time = contract.ColTime, t
			return nil
		}
	}
	var v any
	if err := d.m.Scan(d.fds[i].DataTypeOID, d.fds[i].Format, b, &v); err != nil {
		return err
	}
	c.Kind, c.Value = contract.ColValue, rawValue(v)
	return nil
}
