package sqlsource

import (
	"crypto/md5"
	"encoding/binary"
	"fmt"
	"math/big"
	"math/bits"
	"strings"
)

// A row's md5 hash is the first 64 bits of the md5 of its canonical text
// without the top one, a non-negative bigint in every database; a range's
// hash is their sum, which PostgreSQL's sum of bigint and MySQL's sum of
// unsigned compute exactly (as numeric), and which, for fewer than 2^63
// rows, fits in 128 bits: a sources.Sum holds it as two 64-bit words.
// One part, not two, so that no database computes a row's text twice to
// take a second part of its md5.
const md5Mask = 1<<63 - 1

// hashPG is PostgreSQL's own row hash, hashtextextended of the row's
// canonical text under seeds 0 and 1: a third of md5's cost there, and
// equal between two PostgreSQL servers of one byte order (on servers of
// different byte orders, ranges only differ and are read).
const hashPG = "postgres-hashtextextended"

// hashSum reads the two sums as the database gave them, in decimal, as
// 128-bit two's complement words.
func hashSum(parts ...string) ([4]int64, error) {
	var h [4]int64
	if len(parts) != 2 {
		return h, fmt.Errorf("hash sum has %d parts, want 2", len(parts))
	}
	for i, p := range parts {
		x, ok := new(big.Int).SetString(strings.TrimSpace(p), 10)
		if !ok || x.BitLen() > 127 {
			return h, fmt.Errorf("hash sum %q is not a 128-bit integer", p)
		}
		if x.Sign() < 0 {
			x.Add(x, new(big.Int).Lsh(big.NewInt(1), 128))
		}
		lo := new(big.Int).And(x, new(big.Int).SetUint64(^uint64(0))).Uint64()
		h[2*i], h[2*i+1] = int64(new(big.Int).Rsh(x, 64).Uint64()), int64(lo)
	}
	return h, nil
}

// LiteSum is the drift_sum aggregate the sqlite plugin registers, since
// SQLite has no md5: it sums each row text's md5 part as PostgreSQL and
// MySQL do in SQL, so that every dialect gives the same hash for the same
// rows.
type LiteSum struct{ hi, lo uint64 }

// Add adds one row's canonical text.
func (s *LiteSum) Add(text string) {
	sum := md5.Sum([]byte(text))
	v := binary.BigEndian.Uint64(sum[:8]) & md5Mask
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, v, 0)
	s.hi += carry
}

// String is the aggregate's result: the sum in decimal.
func (s *LiteSum) String() string {
	x := new(big.Int).SetUint64(s.hi)
	return x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(s.lo)).String()
}

// parseLiteSum reads drift_sum's result; an empty range gives "".
func parseLiteSum(text string) ([4]int64, error) {
	if text == "" {
		return [4]int64{}, nil
	}
	h, err := hashSum(text, "0")
	if err != nil {
		return h, fmt.Errorf("drift_sum gave %q: %w", text, err)
	}
	return h, nil
}
