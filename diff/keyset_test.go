package diff

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// randomKeys makes n distinct-looking random key hashes, as keyHash
// gives them.
func randomKeys(seed uint64, n int) []hkey {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	keys := make([]hkey, n)
	for i := range keys {
		keys[i] = hkey{rng.Uint64(), rng.Uint64() &^ posMask}
	}
	return keys
}

func TestKeysetSeal(t *testing.T) {
	shared := hkey{1 << 63, 5 << posBits}
	tests := []struct {
		name    string
		reserve int
		keys    []hkey // added in this order, pos = index
		dups    []dupRun
	}{
		{name: "empty"},
		{name: "one", keys: []hkey{{3, 4 << posBits}}},
		{name: "zero key", keys: []hkey{{}, {0, 1 << posBits}}},
		{name: "a duplicate keeps the first", keys: []hkey{shared, {1, 1 << posBits}, shared, shared}, dups: []dupRun{{k: shared, later: []entry{newEntry(shared, 2, 2), newEntry(shared, 3, 3)}}}},
		{name: "equal first words", keys: []hkey{{7, 9 << posBits}, {7, 2 << posBits}, {7, 5 << posBits}}},
		{name: "equal key bits below the top", keys: []hkey{{7, 1 << 63}, {7, 0}, {7, 1 << 63}}, dups: []dupRun{{k: hkey{7, 1 << 63}, later: []entry{newEntry(hkey{7, 1 << 63}, 2, 2)}}}},
		{name: "many keys, no reserve", keys: randomKeys(1, 20000)},
		{name: "many keys, reserved", reserve: 20000, keys: randomKeys(2, 20000)},
		{name: "reserve too small", reserve: 10, keys: randomKeys(3, 5000)},
		{name: "reserved outside the heap, grown twice", reserve: 50000, keys: randomKeys(4, 150000)},
		manyWithDuplicates(),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ks keyset
			ks.reserve(tt.reserve)
			first := map[hkey]int64{}
			for i, k := range tt.keys {
				ks.add(newEntry(k, uint64(i), int64(i)))
				if _, ok := first[k]; !ok {
					first[k] = int64(i)
				}
			}
			dups := ks.seal()
			if !reflect.DeepEqual(dups, tt.dups) {
				t.Errorf("duplicates = %v, want %v", dups, tt.dups)
			}
			var all []entry
			for _, b := range ks.buckets {
				all = append(all, b...)
			}
			if len(all) != len(first) || ks.keys != len(first) {
				t.Fatalf("%d entries (keys %d), want %d", len(all), ks.keys, len(first))
			}
			if !slices.IsSortedFunc(all, func(a, b entry) int { return compareHkeys(a.key(), b.key()) }) {
				t.Error("entries not sorted by key hash")
			}
			for k, pos := range first {
				if en, ok := ks.get(k); !ok || en.pos() != pos || en.row != uint64(pos) {
					t.Fatalf("get(%v) = %v, %v; want the first entry, pos %d", k, en, ok, pos)
				}
			}
			for _, k := range randomKeys(99, 100) {
				if _, ok := ks.get(k); ok {
					t.Fatalf("get(%v) found a key never added", k)
				}
			}
		})
	}
}

// manyWithDuplicates is a case of keysetSeal with enough keys that seal
// splits them between two goroutines, and keys of either top bit added
// two or three times: the duplicates come in key hash order.
func manyWithDuplicates() (tt struct {
	name    string
	reserve int
	keys    []hkey
	dups    []dupRun
}) {
	tt.name = "split in two, with duplicates"
	tt.keys = randomKeys(6, 2*sealSplit)
	low, high := hkey{1 << 40, 3 << posBits}, hkey{1<<63 | 5, 7 << posBits}
	for _, k := range []hkey{high, low, high, low, high} {
		tt.keys = append(tt.keys, k)
	}
	n := len(tt.keys)
	tt.dups = []dupRun{
		{k: low, later: []entry{newEntry(low, uint64(n-2), int64(n-2))}},
		{k: high, later: []entry{newEntry(high, uint64(n-3), int64(n-3)), newEntry(high, uint64(n-1), int64(n-1))}},
	}
	return tt
}

func compareHkeys(a, b hkey) int {
	switch {
	case less(a, b):
		return -1
	case a == b:
		return 0
	}
	return 1
}

// TestKeysetSealAgain checks that entries added after a seal are sorted in
// by the next one, after the ones already there (positions go on
// increasing).
//
// Reserved outside the heap (1.2 MB), the array is full at the first seal
// and must grow for the entries added after it: its buckets point into
// the array that growing unmaps.
func TestKeysetSealAgain(t *testing.T) {
	tests := []struct {
		name                  string
		reserve, first, total int
	}{
		{name: "in the heap", first: 2000, total: 3000},
		{name: "reserved outside the heap, grown after a seal", reserve: 50000, first: 50000, total: 120000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ks keyset
			ks.reserve(tt.reserve)
			keys := randomKeys(4, tt.total)
			for i, k := range keys[:tt.first] {
				ks.add(newEntry(k, 0, int64(i)))
			}
			ks.seal()
			again := keys[tt.first/2:]
			for i, k := range again {
				ks.add(newEntry(k, 0, int64(tt.first+i)))
			}
			ks.seal()
			for i, k := range keys {
				if en, ok := ks.get(k); !ok || (i < tt.first && en.pos() != int64(i)) {
					t.Fatalf("get(key %d) = %v, %v", i, en, ok)
				}
			}
			if ks.keys != len(keys) {
				t.Errorf("keys = %d, want %d", ks.keys, len(keys))
			}
			ks.free()
		})
	}
}
