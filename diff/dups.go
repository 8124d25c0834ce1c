package diff

import (
	"math/bits"
	"slices"

	"github.com/drift-sh/drift/contract"
)

// A located source keeps no per-key lookup while it is read, so a key seen
// again is only found when the source is sealed (see keyset.seal). The
// duplicate-key violation still names the second record of the key, where
// it was read, and the later copies' violations must not be reported; so
// Add keeps, for every record whose key may have been seen before (its bit
// in a filter of key hashes is set), its sequence number, key string and
// location. Every later copy of a key is such a suspect; the first record
// of a key is one only by chance (a few percent of records).

// dupFilter is a one-hash Bloom filter of the key hashes added so far.
type dupFilter struct {
	words []uint64
	mem   *offHeap // where words live, when outside the heap
	mask  uint64   // bits - 1
	n     int      // keys added
}

// filterBitsPerKey keeps the chance that a new key is a suspect near 1/16.
const filterBitsPerKey = 16

func (f *dupFilter) reserve(n int) {
	if f.n == 0 && n > 0 {
		f.size(n)
	}
}

func (f *dupFilter) size(n int) {
	nbits := max(uint64(1)<<bits.Len64(uint64(n*filterBitsPerKey)), 1<<16)
	f.mem.free()
	f.words, f.mem = makeArray[uint64](int(nbits / 64))
	f.mask = nbits - 1
	f.n = 0
}

// fit makes room for n more keys: when the filter would hold too many, it
// is rebuilt, four times larger, from every key in ks.
func (f *dupFilter) fit(n int, ks *keyset) {
	if f.words != nil && (f.n+n)*filterBitsPerKey <= len(f.words)*64 {
		return
	}
	f.size(max(4*(f.n+n), 1))
	for _, en := range ks.all {
		f.set(en.key())
	}
}

// free drops the filter and returns its memory.
func (f *dupFilter) free() {
	f.mem.free()
	*f = dupFilter{}
}

// set sets k's bit and reports whether it was already set. The bit is
// picked by the low bits of the key hash, which neither the buckets nor
// the second word (its top bits only) use.
func (f *dupFilter) set(k hkey) bool {
	i := k[0] & f.mask
	w, m := &f.words[i>>6], uint64(1)<<(i&63)
	if *w&m != 0 {
		return true
	}
	*w |= m
	f.n++
	return false
}

// dupFinder collects a located source's suspects. It looks keys up in the
// filter a batch at a time: the filter is larger than the caches, and
// loads that do not wait for one another overlap their misses.
type dupFinder struct {
	filter   dupFilter
	suspects []suspect
	batch    []pending
	text     []byte // the batch's key strings and locations
	sink     uint64
}

// pending is a record waiting for its filter look-up; its key string and
// location text are dupFinder.text[start:mid] and [mid:end], or its
// location is its record's line or row number (a file's records say where
// they are by number: the text is made only for a suspect).
type pending struct {
	k               hkey
	seq             int
	start, mid, end int
	line, row       int64
}

const dupBatch = 256

// add queues the record seq with key hash k, key string key and the
// location of rec; ks holds every key added so far.
func (d *dupFinder) add(k hkey, seq int, key []byte, rec contract.Record, ks *keyset) {
	start := len(d.text)
	d.text = append(d.text, key...)
	mid := len(d.text)
	p := pending{k: k, seq: seq, start: start, mid: mid}
	if rec.Loc == "" {
		p.line, p.row = rec.Line, rec.Row
	} else {
		d.text = append(d.text, rec.Loc...)
	}
	p.end = len(d.text)
	d.batch = append(d.batch, p)
	if len(d.batch) == dupBatch {
		d.flush(ks)
	}
}

// flush looks up the queued records, in the order they came.
func (d *dupFinder) flush(ks *keyset) {
	if len(d.batch) == 0 {
		return
	}
	f := &d.filter
	f.fit(len(d.batch), ks)
	var touch uint64
	for _, p := range d.batch {
		touch |= f.words[(p.k[0]&f.mask)>>6]
	}
	d.sink = touch
	for _, p := range d.batch {
		if f.set(p.k) {
			d.suspects = append(d.suspects, suspect{
				k: p.k, seq: p.seq, key: string(d.text[p.start:p.mid]), loc: p.loc(d.text),
			})
		}
	}
	d.batch, d.text = d.batch[:0], d.text[:0]
}

// loc is the location text of p, queued in text.
func (p pending) loc(text []byte) string {
	if p.mid == p.end {
		return contract.Record{Line: p.line, Row: p.row}.Where()
	}
	return string(text[p.mid:p.end])
}

// suspect is a record of a located source whose key may be a duplicate.
type suspect struct {
	k   hkey
	seq int
	loc string
	key string
}

// resolveDups reports each key that seal found more than once with one
// duplicate-key violation, at the key's second record, and drops the
// violations of the key's later records, which are not checked. runs
// come from seal; suspects are in the order they were read.
func (e *Engine) resolveDups(s *sourceIndex, runs []dupRun) {
	byKey := make(map[hkey][]suspect, len(runs))
	for _, r := range runs {
		byKey[r.k] = nil
	}
	for _, sp := range s.dupf.suspects {
		if l, ok := byKey[sp.k]; ok {
			byKey[sp.k] = append(l, sp)
		}
	}
	drop := map[int]bool{}
	var found []violation
	for _, r := range runs {
		later := byKey[r.k]
		if len(later) >= r.n {
			// The key's first record is a suspect too.
			later = later[len(later)-(r.n-1):]
		}
		if len(later) == 0 {
			continue
		}
		for _, sp := range later {
			drop[sp.seq] = true
		}
		found = append(found, e.duplicateAt(s, later[0].key, later[0].loc))
	}
	if len(drop) > 0 {
		s.violations = slices.DeleteFunc(s.violations, func(v violation) bool {
			return !v.bad && drop[v.seq]
		})
	}
	s.violations = append(s.violations, found...)
}
