package file

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
)

// hashChunks is how many read chunks may wait for the hasher; it bounds
// the reader's lead and the memory of the copies.
const hashChunks = 4

// hashingReader passes reads through and hashes the bytes with SHA-256 on
// another goroutine, so hashing costs the reader only a copy. Call sum
// once the bytes are all read, or stop when giving up early.
type hashingReader struct {
	r    io.Reader
	full chan []byte
	free chan []byte
	done chan []byte
	h    hash.Hash
	out  []byte
}

func newHashingReader(r io.Reader) *hashingReader {
	hr := &hashingReader{
		r:    r,
		full: make(chan []byte, hashChunks),
		free: make(chan []byte, hashChunks),
		done: make(chan []byte, 1),
		h:    sha256.New(),
	}
	for range hashChunks {
		hr.free <- nil
	}
	go hr.hash()
	return hr
}

func (hr *hashingReader) hash() {
	for b := range hr.full {
		hr.h.Write(b)
		hr.free <- b
	}
	hr.done <- hr.h.Sum(nil)
}

// Read reads from the underlying reader and queues a copy for the hasher.
func (hr *hashingReader) Read(p []byte) (int, error) {
	n, err := hr.r.Read(p)
	if n > 0 {
		b := <-hr.free
		b = append(b[:0], p[:n]...)
		hr.full <- b
	}
	return n, err
}

// sum waits for the hasher and returns "sha256:<hex>" of every byte read.
func (hr *hashingReader) sum() string {
	if hr.out == nil {
		close(hr.full)
		hr.out = <-hr.done
	}
	return "sha256:" + hex.EncodeToString(hr.out)
}

// stop ends the hasher goroutine; safe after sum.
func (hr *hashingReader) stop() { hr.sum() }
