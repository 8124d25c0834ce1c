package file

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
)

func TestHashingReader(t *testing.T) {
	big := make([]byte, 3<<20+17)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte(rng.Uint32())
	}
	tests := []struct {
		name string
		data []byte
		wrap func(io.Reader) io.Reader
	}{
		{"empty", nil, func(r io.Reader) io.Reader { return r }},
		{"one byte reads", []byte("id,name\n1,a\n"), iotest.OneByteReader},
		{"half reads", big, iotest.HalfReader},
		{"large reads", big, func(r io.Reader) io.Reader { return r }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hr := newHashingReader(tt.wrap(strings.NewReader(string(tt.data))))
			got, err := io.ReadAll(hr)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(tt.data) {
				t.Fatalf("read %d bytes, want the %d given", len(got), len(tt.data))
			}
			sum := sha256.Sum256(tt.data)
			if want := "sha256:" + hex.EncodeToString(sum[:]); hr.sum() != want {
				t.Errorf("sum = %s, want %s", hr.sum(), want)
			}
		})
	}
}

func TestHashingReaderStopEarly(t *testing.T) {
	hr := newHashingReader(strings.NewReader(strings.Repeat("x", 1<<20)))
	if _, err := hr.Read(make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	hr.stop()
	sum := sha256.Sum256([]byte("xxxxxxxxxx"))
	if want := "sha256:" + hex.EncodeToString(sum[:]); hr.sum() != want {
		t.Errorf("sum after stop = %s, want %s of the bytes read", hr.sum(), want)
	}
}
