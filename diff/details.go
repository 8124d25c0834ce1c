package diff

import "unsafe"

// details holds the key string and encoded canonical row of records by
// key hash: every record of a source that is not located, and the records
// of a located one read again. Their bytes are appended to chunks that
// never move nor change, and the map holds where they are, so that a
// record costs no allocation of its own and the map has no pointers for
// the garbage collector to follow. The strings get gives share a chunk's
// memory, and stay valid as long as they are used.
type details struct {
	m      map[hkey]detailRef
	chunks [][]byte
}

// detailRef is where a record's key string and row are: chunk, from off,
// klen bytes of key then rlen bytes of row. 32 bits hold them: a chunk is
// 256 KiB unless one record fills it, and no record comes near 4 GiB (a
// line of a file is at most 64 MiB; a row of a database is held whole in
// memory by its driver first).
type detailRef struct {
	chunk, off, klen, rlen uint32
}

// detailChunk is the size of a chunk; a record larger than it gets a
// chunk of its own.
const detailChunk = 256 << 10

func newDetails(n int) details { return details{m: make(map[hkey]detailRef, n)} }

func (d *details) len() int { return len(d.m) }

func (d *details) has(kh hkey) bool {
	_, ok := d.m[kh]
	return ok
}

// get returns the key string and row of key hash kh.
func (d *details) get(kh hkey) (key, row string, ok bool) {
	r, ok := d.m[kh]
	if !ok {
		return "", "", false
	}
	c := d.chunks[r.chunk][r.off : r.off+r.klen+r.rlen]
	s := unsafe.String(unsafe.SliceData(c), len(c))
	return s[:r.klen], s[r.klen:], true
}

// put keeps a record's key string and row under kh, replacing what was
// kept there.
func (d *details) put(kh hkey, key, row []byte) {
	n := len(key) + len(row)
	last := len(d.chunks) - 1
	if last < 0 || len(d.chunks[last])+n > cap(d.chunks[last]) {
		d.chunks = append(d.chunks, make([]byte, 0, max(detailChunk, n)))
		last++
	}
	c := d.chunks[last]
	off := len(c)
	c = append(append(c, key...), row...)
	d.chunks[last] = c
	d.m[kh] = detailRef{chunk: uint32(last), off: uint32(off), klen: uint32(len(key)), rlen: uint32(len(row))}
}
