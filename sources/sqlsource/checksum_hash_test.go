package sqlsource

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math/big"
	"testing"
)

// TestHashSum: sums are read as 128-bit two's complement words, and bad
// sums are refused.
func TestHashSum(t *testing.T) {
	for _, c := range []struct {
		name  string
		parts []string
		want  [4]int64
		err   bool
	}{
		{"zero", []string{"0", "0"}, [4]int64{}, false},
		{"small", []string{"5", "7"}, [4]int64{0, 5, 0, 7}, false},
		{"over 64 bits", []string{"18446744073709551617", "1"}, [4]int64{1, 1, 0, 1}, false},
		{"negative", []string{"-1", "-2"}, [4]int64{-1, -1, -1, -2}, false},
		{"not a number", []string{"x", "1"}, [4]int64{}, true},
		{"one part", []string{"1"}, [4]int64{}, true},
		{"too big", []string{new(big.Int).Lsh(big.NewInt(1), 127).String(), "0"}, [4]int64{}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := hashSum(c.parts...)
			if (err != nil) != c.err || (!c.err && got != c.want) {
				t.Errorf("hashSum(%q) = %v, %v; want %v, error %v", c.parts, got, err, c.want, c.err)
			}
		})
	}
}

// TestLiteSum: SQLite's aggregate sums the md5 parts as PostgreSQL and
// MySQL do, past 64 bits.
func TestLiteSum(t *testing.T) {
	var s LiteSum
	want := new(big.Int)
	for i := range 1000 {
		text := fmt.Sprintf("%d,3:abc,é", i)
		s.Add(text)
		sum := md5.Sum([]byte(text))
		v, _ := new(big.Int).SetString(hex.EncodeToString(sum[:8]), 16)
		want.Add(want, v.SetBit(v, 63, 0))
	}
	got, err := parseLiteSum(s.String())
	if err != nil {
		t.Fatal(err)
	}
	exp, _ := hashSum(want.String(), "0")
	if got != exp || exp[0] == 0 {
		t.Errorf("LiteSum = %v (%s), want %v", got, s.String(), exp)
	}
}
