package sqlsource

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// A row's hash is the md5 of its canonical text; a range's hash is two
// sums over its rows: of the md5's first 56 bits, and of the next 56,
// each read as an unsigned integer. Every database sums 56-bit integers
// exactly (PostgreSQL's sum of bigint and MySQL's sum of unsigned are
// numeric), and a sum of fewer than 2^63 of them fits in 128 bits, which a
// sources.Sum holds as two 64-bit words per part.
const hashPartHex = 14

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
// SQLite has no md5: it sums the two 56-bit parts of each row text's md5
// as PostgreSQL and MySQL do in SQL, so that every dialect gives the same
// hash for the same rows.
type LiteSum struct{ hi, lo [2]uint64 }

// Add adds one row's canonical text.
func (s *LiteSum) Add(text string) {
	sum := md5.Sum([]byte(text))
	x := hex.EncodeToString(sum[:])
	for i := range s.lo {
		v, _ := strconv.ParseUint(x[hashPartHex*i:hashPartHex*(i+1)], 16, 64)
		var carry uint64
		s.lo[i], carry = bits.Add64(s.lo[i], v, 0)
		s.hi[i] += carry
	}
}

// String is the aggregate's result: the two sums in decimal,
// space-separated.
func (s *LiteSum) String() string {
	out := make([]string, len(s.lo))
	for i := range s.lo {
		x := new(big.Int).SetUint64(s.hi[i])
		x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(s.lo[i]))
		out[i] = x.String()
	}
	return strings.Join(out, " ")
}

// parseLiteSum reads drift_sum's result; an empty range gives "".
func parseLiteSum(text string) ([4]int64, error) {
	if text == "" {
		return [4]int64{}, nil
	}
	h, err := hashSum(strings.Fields(text)...)
	if err != nil {
		return h, fmt.Errorf("drift_sum gave %q: %w", text, err)
	}
	return h, nil
}
