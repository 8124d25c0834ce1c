package diff

import (
	"encoding/binary"

	"github.com/drift-sh/drift/contract"
)

// span is one field's canonical JSON in sourceIndex.scratch.
type span struct {
	start, end int
	st         contract.State
}

// fastRow builds the key string and row of a record given as cells
// straight into s.kbuf and s.buf, without a contract.Value per cell. It
// gives the same bytes as parsing each cell with Parse; it declines (false)
// a record that may break a built-in rule or that a Checker must see, and
// Add then takes the full path.
func (e *Engine) fastRow(s *sourceIndex, rec contract.Record) bool {
	if e.checker != nil || (e.c.Strict && len(rec.Unknown) > 0) || len(rec.Cells) < len(e.c.Fields) {
		return false
	}
	sc := s.scratch[:0]
	for i, f := range e.c.Fields {
		start, st := len(sc), contract.Null
		if !f.Ignore {
			var ok bool
			if sc, st, ok = f.AppendCell(sc, rec.Cells[i]); !ok {
				v := f.Parse(contract.Cell(rec.Cells[i]))
				if st = v.State; st == contract.Valid {
					sc = append(sc, v.JSON...)
				}
			}
			if st == contract.Invalid || (st == contract.Null && (f.Required || e.isKey[i])) {
				s.scratch = sc
				return false
			}
		}
		s.spans[i] = span{start: start, end: len(sc), st: st}
	}
	s.scratch = sc
	kb := append(s.kbuf[:0], '[')
	for n, k := range e.c.Key {
		if n > 0 {
			kb = append(kb, ',')
		}
		kb = append(kb, sc[s.spans[k].start:s.spans[k].end]...)
	}
	s.kbuf = append(kb, ']')
	b := s.buf[:0]
	for _, i := range e.cols {
		sp := s.spans[i]
		b = append(b, byte(sp.st))
		if sp.st != contract.Null {
			b = binary.AppendUvarint(b, uint64(sp.end-sp.start))
			b = append(b, sc[sp.start:sp.end]...)
		}
	}
	s.buf = b
	return true
}
