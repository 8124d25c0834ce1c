package diff

import (
	"errors"
	"slices"
	"sync"

	"github.com/drift-sh/drift/contract"
)

// Need asks for some records of one located source to be read again: the
// records at Locs (contract.Record.Pos values, sorted ascending).
type Need struct {
	Source int
	Locs   []int64
}

// Needs returns, per located live source, the positions of the records
// the field-level diff needs: every record of a key that some live source
// lacks or whose rows are not all identical. Read them again and give them
// to AddDetail before calling Result.
func (e *Engine) Needs() []Need {
	cs := e.candidates()
	var out []Need
	for _, src := range e.live() {
		s := e.sources[src]
		if !s.located {
			continue
		}
		var locs []int64
		for _, kh := range cs.keys {
			if en, ok := s.idx.get(kh); ok {
				if _, have := s.detail[kh]; !have {
					locs = append(locs, en.pos)
				}
			}
		}
		if len(locs) > 0 {
			slices.Sort(locs)
			out = append(out, Need{Source: src, Locs: locs})
		}
	}
	return out
}

// ErrChangedDuringScan means a record read again by position is not the
// record the first read saw there: the source changed during the scan.
var ErrChangedDuringScan = errors.New("the data changed during the scan (a record read again differs); run the scan again")

// AddDetail gives the engine the full record it asked for through Needs.
// A record that is not the one first read at that position (another key,
// or another row hash) is an ErrChangedDuringScan: the scan must fail that
// source rather than leave the key out.
func (e *Engine) AddDetail(src int, rec contract.Record) error {
	s := e.source(src)
	if s == nil {
		return nil
	}
	vals := e.parse(s, rec)
	if !e.keyUsable(vals) {
		return ErrChangedDuringScan
	}
	s.kbuf = e.appendKey(s.kbuf[:0], vals)
	s.buf = encodeRow(s.buf[:0], vals, e.cols)
	kh := e.hash(s.kbuf)
	en, ok := s.idx.get(kh)
	if !ok || en.row != e.hash(s.buf) {
		return ErrChangedDuringScan
	}
	if _, have := s.detail[kh]; !have {
		s.detail[kh] = stored{key: string(s.kbuf), row: string(s.buf)}
	}
	return nil
}

// candidateSet is the outcome of matching the live sources' keys: how many
// distinct keys they hold, and the keys that need a field-level look.
type candidateSet struct {
	union int
	keys  []hkey
}

// candidateCache remembers the candidates for one set of live sources.
type candidateCache struct {
	live []int
	set  candidateSet
}

// candidates matches the live sources' keys, one pass per source in
// parallel: a pass counts the keys no earlier source holds and picks those
// that a later source lacks or holds with another row (any key new to a
// source after the first is lacked by the first).
func (e *Engine) candidates() candidateSet {
	live := e.live()
	if e.cache != nil && slices.Equal(e.cache.live, live) {
		return e.cache.set
	}
	parts := make([]candidateSet, len(live))
	var wg sync.WaitGroup
	for n := range live {
		wg.Go(func() { parts[n] = e.pass(live, n) })
	}
	wg.Wait()
	var cs candidateSet
	for _, p := range parts {
		cs.union += p.union
		cs.keys = append(cs.keys, p.keys...)
	}
	e.cache = &candidateCache{live: live, set: cs}
	return cs
}

func (e *Engine) pass(live []int, n int) candidateSet {
	var out candidateSet
	e.sources[live[n]].idx.each(func(kh hkey, en entry) {
		if e.heldBy(live[:n], kh) {
			return
		}
		out.union++
		if len(live) >= 2 && (n > 0 || e.differs(live[n+1:], kh, en.row)) {
			out.keys = append(out.keys, kh)
		}
	})
	return out
}

func (e *Engine) heldBy(srcs []int, kh hkey) bool {
	for _, s := range srcs {
		if _, ok := e.sources[s].idx.get(kh); ok {
			return true
		}
	}
	return false
}

// differs reports whether one of srcs lacks the key or holds another row.
func (e *Engine) differs(srcs []int, kh hkey, row hkey) bool {
	for _, s := range srcs {
		if en, ok := e.sources[s].idx.get(kh); !ok || en.row != row {
			return true
		}
	}
	return false
}
