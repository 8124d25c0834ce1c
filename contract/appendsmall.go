package contract

import (
	"encoding/binary"
	"unsafe"
)

// appendSmall is append(dst, s...) for a text of 8 to 16 bytes with room
// for it in dst, done by two overlapping word copies where append calls
// memmove: many cells are that long, and memmove was a call a cell.
func appendSmall(dst []byte, s string) []byte {
	n, l := len(s), len(dst)
	if n < 8 || n > 16 || cap(dst)-l < 16 {
		return append(dst, s...)
	}
	src := unsafe.Slice(unsafe.StringData(s), n)
	out := dst[l : l+n]
	binary.LittleEndian.PutUint64(out, binary.LittleEndian.Uint64(src))
	binary.LittleEndian.PutUint64(out[n-8:], binary.LittleEndian.Uint64(src[n-8:]))
	return dst[:l+n]
}
