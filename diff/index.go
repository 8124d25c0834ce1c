package diff

import (
	"strings"

	"github.com/drift-sh/drift/contract"
)

// index keeps the record whose key string and row are in s.kbuf and s.buf,
// and checks it when vals (its parsed values) are given: the fast path
// takes only records that cannot break a built-in rule.
//
// A source that is not located finds a duplicate key here, in its details;
// a located one only when it is sealed (see dups.go).
func (e *Engine) index(s *sourceIndex, rec *contract.Record, vals []contract.Value) {
	kh, row := e.hashes(s.kbuf, s.buf)
	switch {
	case s.located:
	case s.detail.has(kh):
		e.duplicate(s, kh, string(s.kbuf), rec.Where())
		return
	default:
		s.detail.put(kh, s.kbuf, s.buf)
	}
	if en := newEntry(kh, row, rec.Pos); !s.keys.tryAdd(en) {
		s.keys.addGrown(en)
	}
	if vals == nil {
		return
	}
	if vs := e.check(s, *rec, vals); len(vs) > 0 {
		key := string(s.kbuf)
		for i := range vs {
			vs[i].key, vs[i].pos = key, rec.Pos
		}
		s.violations = append(s.violations, vs...)
	}
}

// parse parses every declared, not ignored field of a record into s.vals.
// Cells are copied first: the values may outlive the record.
func (e *Engine) parse(s *sourceIndex, rec *contract.Record) []contract.Value {
	vals := s.vals
	for i, f := range e.c.Fields {
		vals[i] = contract.NullValue
		if f.Ignore || i >= rec.Len() {
			continue
		}
		raw := rec.Raw(i)
		if c, ok := raw.(contract.Cell); ok && rec.Values == nil {
			raw = contract.Cell(strings.Clone(string(c)))
		}
		vals[i] = f.Parse(raw)
	}
	return vals
}
