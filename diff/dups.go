package diff

import (
	"cmp"
	"slices"
)

// A located source keeps no per-key lookup while it is read, so a key seen
// again is only found when the source is sealed: keyset.seal gives each
// such key's later entries, by position. Then the later copies'
// violations are dropped (a copy is not checked), by position; and the
// key's second record is queued for Needs, since only the record itself
// tells its key string and where it is, which the duplicate-key violation
// names. AddDetail reports the violation when the record comes back.

// dupRecord is the second record of a key a located source holds more
// than once: its entry, and whether AddDetail has had it.
type dupRecord struct {
	en   entry
	done bool
}

// settleDups drops the violations of the later copies of each key in
// runs, and queues the second record of each key not reported yet.
func settleDups(s *sourceIndex, runs []dupRun) {
	var drop []int64
	for _, r := range runs {
		for _, en := range r.later {
			drop = append(drop, en.pos())
		}
		if !s.dups[r.k] {
			s.dups[r.k] = true
			s.dupRecs = append(s.dupRecs, dupRecord{en: r.later[0]})
		}
	}
	slices.SortFunc(s.dupRecs, func(a, b dupRecord) int { return cmp.Compare(a.en.pos(), b.en.pos()) })
	if len(s.violations) == 0 {
		return
	}
	slices.Sort(drop)
	s.violations = slices.DeleteFunc(s.violations, func(v violation) bool {
		_, found := slices.BinarySearch(drop, v.pos)
		return !v.bad && found
	})
}

// pendingDups appends to want the entries of the second records that
// AddDetail has not had.
func (s *sourceIndex) pendingDups(want []entry) []entry {
	for _, d := range s.dupRecs {
		if !d.done {
			want = append(want, d.en)
		}
	}
	return want
}

// dupAt returns the second record queued at pos, if any.
func (s *sourceIndex) dupAt(pos int64) (*dupRecord, bool) {
	i, found := slices.BinarySearchFunc(s.dupRecs, pos, func(d dupRecord, p int64) int { return cmp.Compare(d.en.pos(), p) })
	if !found {
		return nil, false
	}
	return &s.dupRecs[i], true
}
