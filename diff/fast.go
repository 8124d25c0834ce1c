package diff

import (
	"encoding/binary"
	"slices"

	"github.com/drift-sh/drift/contract"
)

// span is one field's canonical JSON in sourceIndex.scratch.
type span struct {
	start, end int
	st         contract.State
}

// cellOp is what fastRow does with one field's cell: the cell's place
// in a record's Cells, the field, and its reader.
type cellOp struct {
	at       int
	f        *contract.Field
	kind     contract.CellKind
	required bool
}

// newCellOp is the cellOp of field i of c.
func newCellOp(c *contract.Contract, i int) cellOp {
	f := c.Fields[i]
	return cellOp{at: i, f: f, kind: f.CellKind(), required: f.Required}
}

// fastRow builds the key string and row of a record given as cells
// straight into s.kbuf and s.buf, without a contract.Value per cell: each
// key field's canonical JSON goes into the key string, each compared
// field's into the row where encodeRow would put it. It gives the same
// bytes as parsing each cell with Parse; it declines (false) a record
// that may break a built-in rule or that a Checker must see, and Add then
// takes the full path.
func (e *Engine) fastRow(s *sourceIndex, rec *contract.Record) bool {
	if e.checker != nil || (e.c.Strict && len(rec.Unknown) > 0) || len(rec.Cells) < len(e.c.Fields) {
		return false
	}
	cells := rec.Cells
	kb := append(s.kbuf[:0], '[')
	for n, op := range e.keyCells {
		if n > 0 {
			kb = append(kb, ',')
		}
		var st contract.State
		if kb, st = appendCell(op.f, kb, cells[op.at]); st != contract.Valid {
			return false
		}
	}
	s.kbuf = append(kb, ']')
	b := s.buf[:0]
	for _, op := range e.rowCells {
		cell := cells[op.at]
		h := len(b)
		b = append(b, byte(contract.Valid), 0)
		var st contract.State
		var ok bool
		// A switch and direct calls, not a func value per field: see
		// contract.CellKind.
		switch op.kind {
		case contract.CellText:
			b, st, ok = op.f.AppendTextCell(b, cell)
		case contract.CellInt:
			b, st, ok = contract.AppendIntCell(b, cell)
		case contract.CellDecimal:
			b, st, ok = contract.AppendDecimalCell(b, cell)
		case contract.CellTimestamp:
			b, st, ok = op.f.AppendTimestampCell(b, cell)
		default:
			b, st, ok = op.f.AppendCell(b, cell)
		}
		if !ok {
			b, st = parseCell(op.f, b, cell)
		}
		if n := len(b) - h - 2; st == contract.Valid && n < 0x80 {
			// sealValue's common case, here for want of inlining.
			b[h+1] = byte(n)
		} else if b, ok = sealValue(b, h, st, op.required); !ok {
			return false
		}
	}
	s.buf = b
	return true
}

// sealValue closes the row value a fast path appended to b from h on: its
// one-byte length is set (widened when it does not fit), or, for a null
// or absent value, the value becomes its state byte alone. ok is false for
// a value the full path must see: invalid, or null where required.
func sealValue(b []byte, h int, st contract.State, required bool) (_ []byte, ok bool) {
	if st != contract.Valid {
		if st == contract.Invalid || required {
			return b, false
		}
		return append(b[:h], byte(st)), true
	}
	if n := len(b) - h - 2; n < 0x80 {
		b[h+1] = byte(n)
	} else {
		b = widenLength(b, h, n)
	}
	return b, true
}

// joinKey writes into s.kbuf the key string of the record whose key
// fields' canonical JSON s.spans points at in s.scratch: a JSON array in
// key order.
func (s *sourceIndex) joinKey(key []int) {
	kb := append(s.kbuf[:0], '[')
	for n, k := range key {
		if n > 0 {
			kb = append(kb, ',')
		}
		kb = append(kb, s.scratch[s.spans[k].start:s.spans[k].end]...)
	}
	s.kbuf = append(kb, ']')
}

// widenLength rewrites the one-byte length at b[h+1] of a row value of n
// bytes, n >= 0x80, as the uvarint it is.
func widenLength(b []byte, h, n int) []byte {
	var lb [binary.MaxVarintLen64]byte
	w := binary.PutUvarint(lb[:], uint64(n))
	b = slices.Insert(b, h+2, lb[1:w]...)
	copy(b[h+1:], lb[:w])
	return b
}

// appendCell appends the canonical JSON of a cell of field f, nothing for
// a null or invalid one, and returns its State.
func appendCell(f *contract.Field, dst []byte, cell string) ([]byte, contract.State) {
	out, st, ok := f.AppendCell(dst, cell)
	if ok {
		return out, st
	}
	return parseCell(f, dst, cell)
}

// parseCell is appendCell through Parse.
func parseCell(f *contract.Field, dst []byte, cell string) ([]byte, contract.State) {
	v := f.Parse(contract.Cell(cell))
	if v.State == contract.Valid {
		dst = append(dst, v.JSON...)
	}
	return dst, v.State
}
