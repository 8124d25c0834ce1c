package diff

import (
	"bytes"
	"strconv"
	"testing"
)

// TestDetailsKeepEveryRecord puts records small and large, across chunk
// boundaries, and checks every one reads back as put, strings got early
// included: a later put never moves nor changes bytes already kept.
func TestDetailsKeepEveryRecord(t *testing.T) {
	d := newDetails(0)
	type kept struct{ key, row string }
	want := map[hkey]kept{}
	early := map[hkey]kept{}
	for i := range 5000 {
		kh := hkey{uint64(i), 7}
		key := []byte(`["` + strconv.Itoa(i) + `"]`)
		row := bytes.Repeat([]byte{byte(i)}, i%300)
		switch i {
		case 10:
			row = bytes.Repeat([]byte("x"), detailChunk+1) // a chunk of its own
		case 11:
			row = nil
		}
		d.put(kh, key, row)
		want[kh] = kept{string(key), string(row)}
		if i%100 == 0 {
			k, r, _ := d.get(kh)
			early[kh] = kept{k, r}
		}
	}
	if d.len() != len(want) {
		t.Fatalf("len %d, want %d", d.len(), len(want))
	}
	for kh, w := range want {
		k, r, ok := d.get(kh)
		if !ok || k != w.key || r != w.row || !d.has(kh) {
			t.Fatalf("get(%v) = %q, %d bytes, %v; want %q, %d bytes", kh, k, len(r), ok, w.key, len(w.row))
		}
	}
	for kh, e := range early {
		if w := want[kh]; e != w {
			t.Errorf("string got before later puts changed: key %q", w.key)
		}
	}
	if _, _, ok := d.get(hkey{9999, 7}); ok || d.has(hkey{9999, 7}) {
		t.Error("a key never put is found")
	}
}
