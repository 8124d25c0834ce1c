package diff

import (
	"math/bits"
	"slices"
)

// entry is what the engine keeps of one record: the hashes of its key
// string and row, and its position (contract.Record.Pos).
type entry struct {
	k   hkey
	row hkey
	pos int64
}

// keyset holds the entries of one source. Add only appends: an entry goes
// to the bucket that the top bits of its key hash pick, so writes are
// sequential and the memory is pointer-free. seal then sorts each bucket by
// key hash, stably, and keeps the first entry of every key; in key hash
// order the buckets, one after the other, hold every key of the source.
// Key hashes are uniformly random, so buckets are about the same size.
type keyset struct {
	bits    int // buckets = 1 << bits
	buckets [][]entry
	added   int // entries appended
	sealed  int // added at the last seal
	keys    int // distinct keys after the last seal
}

const (
	defaultBucketBits = 8
	maxBucketBits     = 20
	// bucketTarget is the number of entries Reserve aims at per bucket.
	bucketTarget = 2048
)

func (ks *keyset) bucket(k hkey) int {
	return int(k[0] >> (64 - ks.bits))
}

func (ks *keyset) add(en entry) {
	if ks.buckets == nil {
		ks.bits = defaultBucketBits
		ks.buckets = make([][]entry, 1<<ks.bits)
	}
	b := ks.bucket(en.k)
	ks.buckets[b] = append(ks.buckets[b], en)
	ks.added++
}

// reserve sizes the buckets for about n entries in one allocation. It does
// nothing once an entry has been added.
func (ks *keyset) reserve(n int) {
	if ks.added > 0 || n <= 0 {
		return
	}
	ks.bits = min(max(bits.Len(uint(n/bucketTarget)), defaultBucketBits), maxBucketBits)
	nb := 1 << ks.bits
	avg := n/nb + 1
	// Bucket sizes are about Poisson: three standard deviations of room
	// make a bucket outgrow its share rarely.
	per := avg + 3*isqrt(avg) + 8
	all := make([]entry, nb*per)
	ks.buckets = make([][]entry, nb)
	for i := range ks.buckets {
		ks.buckets[i] = all[i*per : i*per : (i+1)*per]
	}
}

func isqrt(n int) int {
	r := 1
	for r*r < n {
		r++
	}
	return r
}

// dupRun is a key that seal found more than once: n entries.
type dupRun struct {
	k hkey
	n int
}

// seal sorts every bucket and drops the later entries of a key, returning
// the keys that had more than one. It does nothing when no entry came since
// the last seal.
func (ks *keyset) seal() []dupRun {
	if ks.added == ks.sealed {
		return nil
	}
	ks.sealed = ks.added
	var dups []dupRun
	var scratch []entry
	var counts []int
	ks.keys = 0
	for i, b := range ks.buckets {
		scratch, counts = sortEntries(b, scratch, counts, ks.bits)
		b, dups = dedupe(b, dups)
		ks.buckets[i] = b
		ks.keys += len(b)
	}
	return dups
}

// sortEntries sorts b by key hash, stably: one counting-sort pass on the
// key bits below the bucket's (as many as b has entries, about), then an
// insertion sort that only has to order the few entries of equal digits.
func sortEntries(b, scratch []entry, counts []int, bucketBits int) ([]entry, []int) {
	if len(b) < 2 {
		return scratch, counts
	}
	width := min(bits.Len(uint(len(b))), 16, 64-bucketBits)
	shift := 64 - bucketBits - width
	mask := uint64(1)<<width - 1
	counts = slices.Grow(counts[:0], 1<<width)[:1<<width]
	clear(counts)
	for _, en := range b {
		counts[en.k[0]>>shift&mask]++
	}
	sum := 0
	for d, c := range counts {
		counts[d] = sum
		sum += c
	}
	scratch = slices.Grow(scratch[:0], len(b))[:len(b)]
	for _, en := range b {
		d := en.k[0] >> shift & mask
		scratch[counts[d]] = en
		counts[d]++
	}
	copy(b, scratch)
	for i := 1; i < len(b); i++ {
		for j := i; j > 0 && less(b[j].k, b[j-1].k); j-- {
			b[j], b[j-1] = b[j-1], b[j]
		}
	}
	return scratch, counts
}

func less(a, b hkey) bool {
	return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])
}

// dedupe keeps the first entry of each key of a sorted bucket.
func dedupe(b []entry, dups []dupRun) ([]entry, []dupRun) {
	out := b[:0]
	for i := 0; i < len(b); {
		j := i + 1
		for j < len(b) && b[j].k == b[i].k {
			j++
		}
		out = append(out, b[i])
		if j-i > 1 {
			dups = append(dups, dupRun{k: b[i].k, n: j - i})
		}
		i = j
	}
	return out, dups
}

// get returns the entry of key k; the keyset must be sealed. Key hashes
// are uniform, so k's place in its bucket is about in proportion to its
// bits below the bucket's: the search starts there and walks.
func (ks *keyset) get(k hkey) (entry, bool) {
	if ks.buckets == nil {
		return entry{}, false
	}
	b := ks.buckets[ks.bucket(k)]
	if len(b) == 0 {
		return entry{}, false
	}
	i, _ := bits.Mul64(k[0]<<ks.bits, uint64(len(b)))
	j := int(i)
	for j > 0 && less(k, b[j].k) {
		j--
	}
	for j < len(b) && less(b[j].k, k) {
		j++
	}
	if j < len(b) && b[j].k == k {
		return b[j], true
	}
	return entry{}, false
}

// span returns the sorted entries of the keys whose top p bits are part,
// as the buckets that hold them; p must not exceed the bucket bits.
func (ks *keyset) span(p, part int) [][]entry {
	if ks.buckets == nil {
		return nil
	}
	per := 1 << (ks.bits - p)
	return ks.buckets[part*per : (part+1)*per]
}
