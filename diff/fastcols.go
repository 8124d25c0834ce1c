package diff

import "github.com/drift-sh/drift/contract"

// fastColumns is fastRow for a record given as database columns
// (contract.Record.Columns): each field's canonical JSON comes from
// Field.AppendColumn, read in place from the driver's text, else from
// parsing the column's raw value. It gives the same bytes as parsing each
// raw value with Parse, and declines what fastRow declines.
func (e *Engine) fastColumns(s *sourceIndex, rec *contract.Record) bool {
	if e.checker != nil || (e.c.Strict && len(rec.Unknown) > 0) || len(rec.Columns) < len(e.c.Fields) {
		return false
	}
	b, ks := s.buf[:0], s.scratch[:0]
	for i, f := range e.c.Fields {
		if f.Ignore {
			continue
		}
		col := &rec.Columns[i]
		if e.isKey[i] {
			start := len(ks)
			var st contract.State
			if ks, st = appendColumn(f, ks, col); st != contract.Valid {
				return false
			}
			s.spans[i] = span{start: start, end: len(ks), st: st}
			continue
		}
		h := len(b)
		var st contract.State
		b, st = appendColumn(f, append(b, byte(contract.Valid), 0), col)
		var ok bool
		if b, ok = sealValue(b, h, st, f.Required); !ok {
			return false
		}
	}
	s.buf, s.scratch = b, ks
	s.joinKey(e.c.Key)
	return true
}

// appendColumn appends the canonical JSON of a column of field f, nothing
// for a null or invalid one, and returns its State.
func appendColumn(f *contract.Field, dst []byte, c *contract.Column) ([]byte, contract.State) {
	if out, st, ok := f.AppendColumn(dst, c); ok {
		return out, st
	}
	v := f.Parse(c.Raw())
	if v.State == contract.Valid {
		dst = append(dst, v.JSON...)
	}
	return dst, v.State
}
