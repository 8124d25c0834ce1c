package diff

import (
	"slices"
	"sync"
)

// seal sorts the entries of every live source that got records since its
// last seal, one source per goroutine, and settles duplicate keys (see
// keyset.seal and settleDups). Needs, AddDetail, Keys and Result call it:
// after it, every live source's keys are sorted and distinct.
func (e *Engine) seal() {
	e.sealMu.Lock()
	defer e.sealMu.Unlock()
	var wg sync.WaitGroup
	for _, s := range e.sources {
		if s.failed || s.keys.added == s.keys.sealed {
			continue
		}
		wg.Go(func() { e.sealSource(s) })
	}
	wg.Wait()
}

// Seal tells the engine that source src has had its last record: its index
// is sorted and its duplicate keys settled now, on the caller's goroutine,
// while other sources may still be read, rather than by the first call to
// Needs or Result. Call it from the goroutine that added src's records,
// after the last Add; a source added to again is sealed again when needed.
func (e *Engine) Seal(src int) {
	if s := e.source(src); s != nil && s.keys.added != s.keys.sealed {
		e.sealSource(s)
	}
}

// sealSource sorts one source's index and settles its duplicate keys. It
// touches only that source.
func (e *Engine) sealSource(s *sourceIndex) {
	if runs := s.keys.seal(); len(runs) > 0 && s.located {
		settleDups(s, runs)
	}
}

// candidateSet is the outcome of matching the live sources' keys: how many
// distinct keys they hold, and the keys that need a field-level look with,
// for each, the sources that hold it (a bit per source index; with more
// than 64 sources, none: Result looks them up) and whether their rows are
// all the same.
type candidateSet struct {
	union int
	keys  []hkey
	held  []uint64
	same  []bool
	// ents[n] is the entries of the candidates that the nth live source
	// holds, in key order: what Needs asks that source for, without
	// looking each key up again.
	ents [][]entry
}

// candidateCache remembers the candidates for one set of live sources.
type candidateCache struct {
	live []int
	set  candidateSet
}

// mergeBits splits the key hash space into 1<<mergeBits parts that are
// matched in parallel; it must not exceed defaultBucketBits.
const mergeBits = 4

// candidates matches the live sources' keys: a merge of their sorted
// entries, one part of the key space per goroutine. A key is a candidate
// when, with two live sources or more, some live source lacks it or the
// live sources that hold it do not all hold the same row.
func (e *Engine) candidates() candidateSet {
	e.seal()
	live := e.live()
	if e.cache != nil && slices.Equal(e.cache.live, live) {
		return e.cache.set
	}
	match := e.match
	if len(live) == 2 {
		match = e.match2
	}
	parts := make([]candidateSet, 1<<mergeBits)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() { parts[p] = match(live, p) })
	}
	wg.Wait()
	// Joined into arrays sized once: growing them from empty, part by
	// part, took 2,000 page faults at 5M keys of two sources.
	var n int
	ents := make([]int, len(live))
	for _, p := range parts {
		n += len(p.keys)
		for i := range ents {
			ents[i] += len(p.ents[i])
		}
	}
	cs := candidateSet{keys: make([]hkey, 0, n), held: make([]uint64, 0, n), same: make([]bool, 0, n), ents: make([][]entry, len(live))}
	for i, m := range ents {
		cs.ents[i] = make([]entry, 0, m)
	}
	for _, p := range parts {
		cs.union += p.union
		cs.keys = append(cs.keys, p.keys...)
		cs.held = append(cs.held, p.held...)
		cs.same = append(cs.same, p.same...)
		for i, ents := range p.ents {
			cs.ents[i] = append(cs.ents[i], ents...)
		}
	}
	e.cache = &candidateCache{live: live, set: cs}
	return cs
}

// match merges the live sources' entries in one part of the key space.
func (e *Engine) match(live []int, part int) candidateSet {
	curs := make([]cursor, len(live))
	for i, src := range live {
		curs[i] = cursor{buckets: e.sources[src].keys.span(mergeBits, part)}
		curs[i].settle()
	}
	out := candidateSet{ents: make([][]entry, len(live))}
	heads := make([]*entry, len(live))
	for {
		k, ok := lowest(curs)
		if !ok {
			return out
		}
		out.union++
		held, same := 0, true
		var row, mask uint64
		for i := range curs {
			c := &curs[i]
			heads[i] = nil
			if c.done() || c.head().key() != k {
				continue
			}
			heads[i] = c.head()
			if held == 0 {
				row = c.head().row
			} else if c.head().row != row {
				same = false
			}
			held++
			mask |= 1 << (live[i] & 63)
			c.next()
		}
		if len(live) >= 2 && (held < len(live) || !same) {
			out.add(k, mask, same)
			for i, h := range heads {
				if h != nil {
					out.ents[i] = append(out.ents[i], *h)
				}
			}
		}
	}
}

// match2 is match for two live sources, in a loop of its own that walks
// two buckets at a time: the common case, where match's walk over every
// cursor for every key took 16 ms of a 1M-row scan, and this 12 ms.
func (e *Engine) match2(live []int, part int) candidateSet {
	a := cursor{buckets: e.sources[live[0]].keys.span(mergeBits, part)}
	b := cursor{buckets: e.sources[live[1]].keys.span(mergeBits, part)}
	a.settle()
	b.settle()
	ma, mb := uint64(1)<<(live[0]&63), uint64(1)<<(live[1]&63)
	// Room for a candidate in 64 keys, more than a replica a percent
	// behind has, so that the arrays seldom grow: what they do not use
	// is never touched, and costs no memory.
	guess := (spanLen(a.buckets) + spanLen(b.buckets)) / 128
	out := candidateSet{
		keys: make([]hkey, 0, guess), held: make([]uint64, 0, guess), same: make([]bool, 0, guess),
		ents: [][]entry{make([]entry, 0, guess), make([]entry, 0, guess)},
	}
	for !a.done() && !b.done() {
		// The heads of a bucket of each, until either runs out.
		ba, bb := a.buckets[a.b][a.i:], b.buckets[b.b][b.i:]
		i, j := 0, 0
		for i < len(ba) && j < len(bb) {
			x, y := &ba[i], &bb[j]
			kx, ky := x.key(), y.key()
			out.union++
			switch {
			case kx == ky:
				if x.row != y.row {
					out.add(kx, ma|mb, false)
					out.ents[0] = append(out.ents[0], *x)
					out.ents[1] = append(out.ents[1], *y)
				}
				i++
				j++
			case less(kx, ky):
				out.add(kx, ma, true)
				out.ents[0] = append(out.ents[0], *x)
				i++
			default:
				out.add(ky, mb, true)
				out.ents[1] = append(out.ents[1], *y)
				j++
			}
		}
		a.i += i
		b.i += j
		a.settle()
		b.settle()
	}
	// What is left is one source's alone.
	for n, c := range []*cursor{&a, &b} {
		for mask := uint64(1) << (live[n] & 63); !c.done(); c.next() {
			out.union++
			out.add(c.head().key(), mask, true)
			out.ents[n] = append(out.ents[n], *c.head())
		}
	}
	return out
}

// spanLen counts the entries of buckets.
func spanLen(buckets [][]entry) int {
	n := 0
	for _, b := range buckets {
		n += len(b)
	}
	return n
}

// add notes candidate k, held by the sources in mask, all with the same
// row when same is set.
func (cs *candidateSet) add(k hkey, mask uint64, same bool) {
	cs.keys = append(cs.keys, k)
	cs.held = append(cs.held, mask)
	cs.same = append(cs.same, same)
}

// lowest returns the least key hash at the cursors' heads.
func lowest(curs []cursor) (hkey, bool) {
	var k hkey
	found := false
	for i := range curs {
		if c := &curs[i]; !c.done() && (!found || less(c.head().key(), k)) {
			k, found = c.head().key(), true
		}
	}
	return k, found
}

// cursor walks sorted buckets in order.
type cursor struct {
	buckets [][]entry
	b, i    int
}

// settle moves past empty buckets.
func (c *cursor) settle() {
	for c.b < len(c.buckets) && c.i >= len(c.buckets[c.b]) {
		c.b, c.i = c.b+1, 0
	}
}

func (c *cursor) done() bool   { return c.b >= len(c.buckets) }
func (c *cursor) head() *entry { return &c.buckets[c.b][c.i] }
func (c *cursor) next()        { c.i++; c.settle() }
