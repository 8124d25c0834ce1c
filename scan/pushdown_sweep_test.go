package scan

import (
	"math"
	"testing"
)

// TestCut: a sweep chunk holds about the rows asked for at the density
// seen, in buckets of about per rows, never past the last key and never
// more than maxBuckets buckets.
func TestCut(t *testing.T) {
	for _, c := range []struct {
		name          string
		lo, hi, rows  int64
		density       float64
		per           int64
		end, wantStep int64
	}{
		{"dense", 0, 999_999, 65536, 1, 512, 65536, 512},
		{"half dense", 10, 999_999, 65536, 0.5, 512, 10 + 131072, 1024},
		{"last chunk", 0, 999, 65536, 1, 512, 1000, 512},
		{"one key left", 7, 7, 65536, 1, 512, 8, 1},
		{"sparse", 5, math.MaxInt64 - 1, 1000, 1e-12, 10, 5 + 1e15, 1e13},
		{"sparser than the span", 0, 100, 1000, 1e-9, 10, 101, 101},
		{"bucket cap", 0, 1 << 40, 1 << 30, 1, 1, maxBuckets, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			end, step := cut(c.lo, c.hi, c.rows, c.density, c.per)
			if end != c.end || step != c.wantStep {
				t.Errorf("cut(%d, %d, %d, %g, %d) = %d, %d; want %d, %d", c.lo, c.hi, c.rows, c.density, c.per, end, step, c.end, c.wantStep)
			}
		})
	}
}
