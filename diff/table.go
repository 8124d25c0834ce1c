package diff

// table maps key hashes to entries: open addressing with linear probing in
// one pointer-free slice, so a lookup costs about one cache miss and the
// garbage collector never scans it. Key hashes are uniformly random
// already, so the first word picks the slot. An all-zero hash marks an
// empty slot; a key hashing to zero is stored as {0, 1} (a 2^-128 chance).
type table struct {
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

// get returns the entry of k.
func (t *table) get(k hkey) (entry, bool) {
	if t.n == 0 {
		return entry{}, false
	}
	k = fixZero(k)
	mask := uint64(len(t.slots) - 1)
	for i := k[0] & mask; ; i = (i + 1) & mask {
		switch s := &t.slots[i]; s.k {
		case k:
			return s.e, true
		case hkey{}:
			return entry{}, false
		}
	}
}

// insert adds k unless it is there; it reports false, with the entry
// already held, when it is.
func (t *table) insert(k hkey, e entry) (entry, bool) {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	k = fixZero(k)
	mask := uint64(len(t.slots) - 1)
	for i := k[0] & mask; ; i = (i + 1) & mask {
		switch s := &t.slots[i]; s.k {
		case k:
			return s.e, false
		case hkey{}:
			s.k, s.e = k, e
			t.n++
			return e, true
		}
	}
}

func (t *table) grow() {
	old := t.slots
	t.slots = make([]slot, max(1024, 2*len(old)))
	mask := uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.k == (hkey{}) {
			continue
		}
		i := s.k[0] & mask
		for t.slots[i].k != (hkey{}) {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// each calls fn for every key, in no particular order.
func (t *table) each(fn func(hkey, entry)) {
	for _, s := range t.slots {
		if s.k != (hkey{}) {
			fn(s.k, s.e)
		}
	}
}
