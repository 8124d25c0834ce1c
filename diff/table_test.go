package diff

import (
	"math/rand/v2"
	"testing"
)

func TestTable(t *testing.T) {
	tests := []struct {
		name string
		keys int
	}{
		{"empty", 0},
		{"one", 1},
		{"a few per shard", 3 << shardBits},
		{"many growths", 200000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tt.keys)))
			var tb table
			keys := make([]hkey, tt.keys)
			for i := range keys {
				keys[i] = hkey{rng.Uint64(), rng.Uint64()}
				if _, added := tb.insert(keys[i], entry{pos: int64(i)}); !added {
					t.Fatalf("key %d: not added", i)
				}
			}
			for i, k := range keys {
				if en, ok := tb.get(k); !ok || en.pos != int64(i) {
					t.Fatalf("get(key %d) = %v, %v; want pos %d", i, en, ok, i)
				}
				if en, added := tb.insert(k, entry{pos: -1}); added || en.pos != int64(i) {
					t.Fatalf("re-insert of key %d = %v, %v; want the held pos %d", i, en, added, i)
				}
			}
			if _, ok := tb.get(hkey{rng.Uint64(), rng.Uint64()}); ok {
				t.Error("get found a key never inserted")
			}
			seen := 0
			tb.each(func(hkey, entry) { seen++ })
			if seen != tt.keys || tb.n != tt.keys {
				t.Errorf("each saw %d keys, n = %d; want %d", seen, tb.n, tt.keys)
			}
		})
	}
}

func TestTableZeroKey(t *testing.T) {
	var tb table
	tb.insert(hkey{}, entry{pos: 5})
	if en, ok := tb.get(hkey{}); !ok || en.pos != 5 {
		t.Errorf("get(zero) = %v, %v; want pos 5", en, ok)
	}
	if _, ok := tb.get(hkey{0, 2}); ok {
		t.Error("get found a key never inserted")
	}
}
