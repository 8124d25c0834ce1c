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

// fastRow builds the key string and row of a record given as cells
// straight into s.kbuf and s.buf, without a contract.Value per cell: each
// compared field's canonical JSON goes into the row where encodeRow would
// put it, each key field's into s.scratch. It gives the same bytes as
// parsing each cell with Parse; it declines (false) a record that may
// break a built-in rule or that a Checker must see, and Add then takes the
// full path.
func (e *Engine) fastRow(s *sourceIndex, rec contract.Record) bool {
	if e.checker != nil || (e.c.Strict && len(rec.Unknown) > 0) || len(rec.Cells) < len(e.c.Fields) {
		return false
	}
	b, ks := s.buf[:0], s.scratch[:0]
	for i, f := range e.c.Fields {
		if f.Ignore {
			continue
		}
		cell := rec.Cells[i]
		if e.isKey[i] {
			start := len(ks)
			var st contract.State
			if ks, st = appendCell(f, ks, cell); st != contract.Valid {
				return false
			}
			s.spans[i] = span{start: start, end: len(ks), st: st}
			continue
		}
		h := len(b)
		out, st, ok := f.AppendCell(append(b, byte(contract.Valid), 0), cell)
		if !ok {
			out, st = parseCell(f, out, cell)
		}
		b = out
		if st != contract.Valid {
			if st == contract.Invalid || f.Required {
				return false
			}
			b = append(b[:h], byte(st))
			continue
		}
		if n := len(b) - h - 2; n < 0x80 {
			b[h+1] = byte(n)
		} else {
			b = widenLength(b, h, n)
		}
	}
	s.buf, s.scratch = b, ks
	kb := append(s.kbuf[:0], '[')
	for n, k := range e.c.Key {
		if n > 0 {
			kb = append(kb, ',')
		}
		kb = append(kb, ks[s.spans[k].start:s.spans[k].end]...)
	}
	s.kbuf = append(kb, ']')
	return true
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
