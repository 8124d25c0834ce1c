package diff

import "math/bits"

// table maps key hashes to entries: open addressing with linear probing in
// pointer-free slices, so a lookup costs about one cache miss and the
// garbage collector never scans it. Key hashes are uniformly random
// already: the top bits of the second word pick a shard, the first word
// picks the slot in it. An all-zero hash marks an empty slot; a key
// hashing to zero is stored as {0, 1} (a 2^-128 chance).
//
// The table is split into shards that grow one at a time, by half, when
// 80% full, so growing never copies the whole table at once and the slots
// stay between 53% and 80% full.
type table struct {
	shards []shard
	n      int
}

// shardBits sets the number of shards; a shard of a million-key table
// stays small enough to rehash in cache.
const shardBits = 10

type shard struct {
	slots []slot
	n     int
}

type slot struct {
	k hkey
	e entry
}

func fixZero(k hkey) hkey {
	if k == (hkey{}) {
		return hkey{0, 1}
	}
	return k
}

func (t *table) shard(k hkey) *shard { return &t.shards[k[1]>>(64-shardBits)] }

// home is k's first slot in a shard of n slots.
func home(k hkey, n int) int {
	hi, _ := bits.Mul64(k[0], uint64(n))
	return int(hi)
}

// get returns the entry of k.
func (t *table) get(k hkey) (entry, bool) {
	if t.n == 0 {
		return entry{}, false
	}
	k = fixZero(k)
	sh := t.shard(k)
	if len(sh.slots) == 0 {
		return entry{}, false
	}
	for i := home(k, len(sh.slots)); ; {
		switch s := &sh.slots[i]; s.k {
		case k:
			return s.e, true
		case hkey{}:
			return entry{}, false
		}
		if i++; i == len(sh.slots) {
			i = 0
		}
	}
}

// insert adds k unless it is there; it reports false, with the entry
// already held, when it is.
func (t *table) insert(k hkey, e entry) (entry, bool) {
	if t.shards == nil {
		t.shards = make([]shard, 1<<shardBits)
	}
	k = fixZero(k)
	sh := t.shard(k)
	if 5*(sh.n+1) > 4*len(sh.slots) {
		sh.grow()
	}
	for i := home(k, len(sh.slots)); ; {
		switch s := &sh.slots[i]; s.k {
		case k:
			return s.e, false
		case hkey{}:
			s.k, s.e = k, e
			sh.n++
			t.n++
			return e, true
		}
		if i++; i == len(sh.slots) {
			i = 0
		}
	}
}

// reserve sizes every shard for n keys in all, at about 70% full, so a
// table whose size is known up front never grows (growing leaves the old
// slots to the garbage collector). It only ever enlarges empty shards.
func (t *table) reserve(n int) {
	if t.shards == nil {
		t.shards = make([]shard, 1<<shardBits)
	}
	per := n>>shardBits + 1
	size := per * 10 / 7
	for i := range t.shards {
		if sh := &t.shards[i]; sh.n == 0 && len(sh.slots) < size {
			sh.slots = make([]slot, size)
		}
	}
}

func (sh *shard) grow() {
	old := sh.slots
	sh.slots = make([]slot, max(8, len(old)+len(old)/2))
	for _, s := range old {
		if s.k == (hkey{}) {
			continue
		}
		i := home(s.k, len(sh.slots))
		for sh.slots[i].k != (hkey{}) {
			if i++; i == len(sh.slots) {
				i = 0
			}
		}
		sh.slots[i] = s
	}
}

// each calls fn for every key, in no particular order.
func (t *table) each(fn func(hkey, entry)) {
	for _, sh := range t.shards {
		for _, s := range sh.slots {
			if s.k != (hkey{}) {
				fn(s.k, s.e)
			}
		}
	}
}
