package diff

import (
	"cmp"
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
// lacks or whose rows are not all identical, and the second record of each
// key the source holds more than once (its duplicate-key violation names
// that record's key and place, as Record.Where gives it). Read them again
// and give them to AddDetail before calling Result.
func (e *Engine) Needs() []Need {
	cs := e.candidates()
	var srcs, at []int // located live sources, and where each is in live
	for n, src := range e.live() {
		if e.sources[src].located {
			srcs, at = append(srcs, src), append(at, n)
		}
	}
	// Each source's records are listed on a goroutine of its own: it
	// touches only its own index.
	locs := make([][]int64, len(srcs))
	var wg sync.WaitGroup
	for n, src := range srcs {
		wg.Go(func() { locs[n] = e.sources[src].needs(cs.ents[at[n]]) })
	}
	wg.Wait()
	var out []Need
	for n, src := range srcs {
		if len(locs[n]) > 0 {
			out = append(out, Need{Source: src, Locs: locs[n]})
		}
	}
	return out
}

// needs lists, by position, the records of the candidate entries ents
// (the source's own) that it has not been given again, and keeps their
// entries for AddDetail.
func (s *sourceIndex) needs(ents []entry) []int64 {
	want := make([]entry, 0, len(ents))
	for _, en := range ents {
		if !s.detail.has(en.key()) {
			want = append(want, en)
		}
	}
	want = s.pendingDups(want)
	s.want, s.wantAt = want, 0
	if len(want) == 0 {
		return nil
	}
	if s.detail.len() == 0 {
		// Sized once: AddDetail adds one row per position.
		s.detail = newDetails(len(want))
	}
	slices.SortFunc(want, func(a, b entry) int { return cmp.Compare(a.pos(), b.pos()) })
	locs := make([]int64, len(want))
	for i, en := range want {
		locs[i] = en.pos()
	}
	return locs
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
	if !e.detailRow(s, rec) {
		return ErrChangedDuringScan
	}
	e.seal()
	kh, row := e.hashes(s.kbuf, s.buf)
	if d, ok := s.dupAt(rec.Pos); ok {
		// A key's second record: its key string and place are what the
		// duplicate-key violation names; its row does not count.
		if d.en.key() != kh || d.en.row != row {
			return ErrChangedDuringScan
		}
		if !d.done {
			d.done = true
			s.violations = append(s.violations, e.duplicateAt(s, string(s.kbuf), rec.Where()))
		}
		return nil
	}
	en, ok := s.wanted(rec.Pos)
	if !ok {
		en, ok = s.keys.get(kh)
	}
	if !ok || en.key() != kh || en.row != row {
		return ErrChangedDuringScan
	}
	if !s.detail.has(kh) {
		s.detail.put(kh, s.kbuf, s.buf)
	}
	return nil
}

// wanted returns the entry Needs asked for at position pos. The records
// come in the order of Need.Locs, so a cursor finds it without a search;
// ok is false for a position Needs did not ask for.
func (s *sourceIndex) wanted(pos int64) (entry, bool) {
	for s.wantAt < len(s.want) && s.want[s.wantAt].pos() < pos {
		s.wantAt++
	}
	if s.wantAt < len(s.want) && s.want[s.wantAt].pos() == pos {
		return s.want[s.wantAt], true
	}
	return entry{}, false
}

// detailRow builds the key string and row of a record read again into
// s.kbuf and s.buf, as Add does: from its cells when every value is a cell
// that fastRow takes, else by parsing it. It reports false when the key
// cannot be used.
func (e *Engine) detailRow(s *sourceIndex, rec contract.Record) bool {
	if cells, ok := cellsOf(s.cells[:0], rec); ok {
		s.cells = cells
		if e.fastRow(s, &contract.Record{Cells: cells, Unknown: rec.Unknown}) {
			return true
		}
	}
	vals := e.parse(s, &rec)
	if !e.keyUsable(vals) {
		return false
	}
	s.kbuf = e.appendKey(s.kbuf[:0], vals)
	s.buf = encodeRow(s.buf[:0], vals, e.cols)
	return true
}

// cellsOf appends to dst the values of a record given as cells, and
// reports false when some value is not a contract.Cell.
func cellsOf(dst []string, rec contract.Record) ([]string, bool) {
	if rec.Values == nil {
		return append(dst, rec.Cells...), true
	}
	for _, v := range rec.Values {
		c, ok := v.(contract.Cell)
		if !ok {
			return dst, false
		}
		dst = append(dst, string(c))
	}
	return dst, true
}
