package diff

import (
	"math/bits"
	"slices"
	"sync"

	"github.com/drift-sh/drift/internal/runs"
)

// entry is what the engine keeps of one record, in 24 bytes: the 80-bit
// hash of its key string (k, and the top 16 bits of tp), the 64-bit hash
// of its row (row, see Engine.rowHash) and its position
// (contract.Record.Pos, the low 48 bits of tp). Engine explains why these
// widths keep the diff exact.
type entry struct {
	k   uint64
	row uint64
	tp  uint64
}

// posBits is the width of an entry's position: a byte offset in a file
// of up to 256 TiB, or a record's ordinal.
const posBits = 48

const posMask = 1<<posBits - 1

func newEntry(k hkey, row uint64, pos int64) entry {
	return entry{k: k[0], row: row, tp: k[1]&^posMask | uint64(pos)&posMask}
}

// key is the entry's key hash; its second word keeps only its top bits.
func (en entry) key() hkey { return hkey{en.k, en.tp &^ posMask} }

func (en entry) pos() int64 { return int64(en.tp & posMask) }

// keyset holds the entries of one source. Add appends to one array, sized
// once by reserve when the source can tell its record count, so writes
// are sequential and the memory is pointer-free and exactly what the
// entries need. seal then sorts the entries in place: a radix partition
// on the top bits of the key hash into buckets, then each bucket by key
// hash and position, keeping the first entry of every key (positions
// increase from record to record). In key hash order the buckets, one
// after the other, hold every key of the source. Key hashes are
// uniformly random, so buckets are about the same size.
type keyset struct {
	all     []entry
	mem     *offHeap // where all lives, when outside the heap
	bits    int      // buckets = 1 << bits, set by seal
	buckets [][]entry
	added   int // entries appended
	sealed  int // added at the last seal
	keys    int // distinct keys after the last seal
}

const (
	minBucketBits = 8
	maxBucketBits = 20
	// bucketTarget is the number of entries seal aims at per bucket.
	bucketTarget = 2048
)

func (ks *keyset) bucket(k hkey) int {
	return int(k[0] >> (64 - ks.bits))
}

func (ks *keyset) add(en entry) {
	if !ks.tryAdd(en) {
		ks.addGrown(en)
	}
}

// addGrown is add to a full array: tryAdd found no room.
func (ks *keyset) addGrown(en entry) {
	if ks.mem != nil {
		ks.grow()
	}
	ks.all = append(ks.all, en)
	ks.added++
}

// tryAdd is add when the array has room, and reports whether it had:
// small enough to be inlined where records are added.
func (ks *keyset) tryAdd(en entry) bool {
	n := len(ks.all)
	if n == cap(ks.all) {
		return false
	}
	ks.all = ks.all[:n+1]
	ks.all[n] = en
	ks.added++
	return true
}

// grow moves a full array outside the heap to one twice its size. A
// sealed array's buckets point into it, and it is unmapped here: they are
// compacted into it first (as the next seal would), so nothing points
// into the old array once it is gone.
func (ks *keyset) grow() {
	ks.compact()
	if len(ks.all) < cap(ks.all) {
		return
	}
	all, mem := makeArray[entry](2 * cap(ks.all))
	n := copy(all, ks.all)
	ks.mem.free()
	ks.all, ks.mem = all[:n], mem
}

// reserve sizes the array for n entries in one allocation. It does
// nothing once an entry has been added.
func (ks *keyset) reserve(n int) {
	if ks.added > 0 || n <= 0 {
		return
	}
	ks.mem.free()
	ks.all, ks.mem = makeArray[entry](n)
	ks.all = ks.all[:0]
}

// free drops the entries and returns their memory; the counts stay.
func (ks *keyset) free() {
	ks.mem.free()
	*ks = keyset{added: ks.added, sealed: ks.sealed, keys: ks.keys}
}

// dupRun is a key that seal found more than once: its entries after the
// first, by position.
type dupRun struct {
	k     hkey
	later []entry
}

// seal sorts the entries and drops the later entries of a key, returning
// the keys that had more than one. It does nothing when no entry came since
// the last seal. A large array is first split in place by the top bit of
// the key hash, and the two halves are then partitioned and sorted on two
// goroutines: the source sealed last is sealed while the other cores have
// nothing else to do.
func (ks *keyset) seal() []dupRun {
	if ks.added == ks.sealed {
		return nil
	}
	ks.compact()
	ks.sealed = ks.added
	ks.bits = min(max(bits.Len(uint(len(ks.all)/bucketTarget)), minBucketBits), maxBucketBits)
	nb := 1 << ks.bits
	ks.buckets = make([][]entry, nb)
	if len(ks.all) < sealSplit || runs.Max() < 2 {
		ks.partition(ks.all, 0, nb)
		var dups []dupRun
		ks.keys, dups = ks.sortBuckets(0, nb)
		return dups
	}
	mid := splitTop(ks.all)
	var keys2 int
	var dups2 []dupRun
	var wg sync.WaitGroup
	wg.Go(func() {
		ks.partition(ks.all[mid:], nb/2, nb)
		keys2, dups2 = ks.sortBuckets(nb/2, nb)
	})
	ks.partition(ks.all[:mid], 0, nb/2)
	keys1, dups := ks.sortBuckets(0, nb/2)
	wg.Wait()
	ks.keys = keys1 + keys2
	return append(dups, dups2...)
}

// sealSplit is the fewest entries seal splits between two goroutines.
const sealSplit = 1 << 16

// splitTop puts the entries whose key hash has its top bit clear before
// the others, in place, and returns how many there are.
func splitTop(a []entry) int {
	i, j := 0, len(a)-1
	for {
		for i <= j && a[i].k>>63 == 0 {
			i++
		}
		for i <= j && a[j].k>>63 != 0 {
			j--
		}
		if i >= j {
			return i
		}
		a[i], a[j] = a[j], a[i]
		i, j = i+1, j-1
	}
}

// sortBuckets sorts buckets lo to hi-1 and keeps the first entry of each
// key, returning the keys kept and the keys that had more than one.
func (ks *keyset) sortBuckets(lo, hi int) (int, []dupRun) {
	var dups []dupRun
	var scratch []entry
	var counts []int
	keys := 0
	for i := lo; i < hi; i++ {
		b := ks.buckets[i]
		scratch, counts = sortEntries(b, scratch, counts, ks.bits)
		b, dups = dedupe(b, dups)
		ks.buckets[i] = b
		keys += len(b)
	}
	return keys, dups
}

// compact moves the entries a seal kept to the front of the array, and
// the entries added since after them.
func (ks *keyset) compact() {
	if ks.buckets == nil {
		return
	}
	end := 0
	for _, b := range ks.buckets {
		end += cap(b)
	}
	w := 0
	for _, b := range ks.buckets {
		w += copy(ks.all[w:], b)
	}
	w += copy(ks.all[w:], ks.all[end:])
	ks.all, ks.buckets = ks.all[:w], nil
}

// partition puts the entries of a, which fall in buckets lo to hi-1, in
// bucket order, in place (an American flag sort on the bucket bits), and
// points each of those buckets at its entries.
func (ks *keyset) partition(a []entry, lo, hi int) {
	nb := hi - lo
	shift := 64 - ks.bits
	next := make([]int, nb+1)
	for _, en := range a {
		next[int(en.k>>shift)-lo+1]++
	}
	for d := 1; d <= nb; d++ {
		next[d] += next[d-1]
	}
	ends := slices.Clone(next[1:])
	for d := range nb {
		ks.buckets[lo+d] = a[next[d]:ends[d]:ends[d]]
	}
	for d := range nb {
		for next[d] < ends[d] {
			en := a[next[d]]
			for t := int(en.k>>shift) - lo; t != d; t = int(en.k>>shift) - lo {
				a[next[t]], en = en, a[next[t]]
				next[t]++
			}
			a[next[d]] = en
			next[d]++
		}
	}
}

// sortEntries sorts b by key hash and position: one counting-sort pass on
// the key bits below the bucket's (as many as b has entries, about), then
// an insertion sort that only has to order the few entries of equal
// digits.
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
		counts[en.k>>shift&mask]++
	}
	sum := 0
	for d, c := range counts {
		counts[d] = sum
		sum += c
	}
	scratch = slices.Grow(scratch[:0], len(b))[:len(b)]
	for _, en := range b {
		d := en.k >> shift & mask
		scratch[counts[d]] = en
		counts[d]++
	}
	copy(b, scratch)
	for i := 1; i < len(b); i++ {
		for j := i; j > 0 && lessEntry(b[j], b[j-1]); j-- {
			b[j], b[j-1] = b[j-1], b[j]
		}
	}
	return scratch, counts
}

func less(a, b hkey) bool {
	return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])
}

// lessEntry orders entries by key hash, then position.
func lessEntry(a, b entry) bool {
	return a.k < b.k || (a.k == b.k && a.tp < b.tp)
}

// dedupe keeps the first entry of each key of a sorted bucket.
func dedupe(b []entry, dups []dupRun) ([]entry, []dupRun) {
	out := b[:0]
	for i := 0; i < len(b); {
		k := b[i].key()
		j := i + 1
		for j < len(b) && b[j].key() == k {
			j++
		}
		out = append(out, b[i])
		if j-i > 1 {
			dups = append(dups, dupRun{k: k, later: slices.Clone(b[i+1 : j])})
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
	for j > 0 && less(k, b[j].key()) {
		j--
	}
	for j < len(b) && less(b[j].key(), k) {
		j++
	}
	if j < len(b) && b[j].key() == k {
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
