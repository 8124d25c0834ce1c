package scan

import (
	"context"
	"errors"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/drift-sh/drift/sources"
)

// maxBuckets bounds the groups of one sweep statement, so that memory stays
// flat whatever the row count.
const maxBuckets = 1 << 14

// sweep compares a table whose key is one integer column in chunks of key
// space: each chunk is one statement per source, all sources at once,
// grouped into buckets of about threshold/factor rows, so that a bucket
// that differs is read without being split; chunks grow or shrink toward
// segmentTarget. It returns false, having compared nothing, when some
// source's key is not one integer column or a key span does not fit.
func (w *walk) sweep(ctx context.Context) (bool, error) {
	lo, hi, ok, err := w.span(ctx, nil)
	if err != nil || !ok || hi == math.MaxInt64 || hi-lo < 0 || hi-lo == math.MaxInt64 {
		if errors.Is(err, sources.ErrNoChecksum) {
			err = nil
		}
		return false, err
	}
	// Rows with a null key sort before every key.
	if err := w.compareRange(ctx, sources.Range{Hi: sources.Bound{lo}}); err != nil {
		return true, err
	}
	per := max(1, w.threshold/int64(w.factor))
	rows, density := 4*w.threshold, 1.0
	for lo <= hi {
		end, step := cut(lo, hi, rows, density, per)
		start := time.Now()
		n, err := w.chunk(ctx, lo, end, step)
		if err != nil {
			return true, err
		}
		if n == 0 {
			if lo, _, ok, err = w.span(ctx, &end); err != nil || !ok {
				return true, err
			}
			continue
		}
		density = float64(n) / float64(end-lo)
		rows = min(adapt(rows, time.Since(start), w.threshold), maxBuckets*per)
		lo = end
	}
	return true, nil
}

// cut returns where the chunk that starts at lo ends (before hi+1) and its
// bucket width, in keys: about rows rows and per rows per bucket at density
// rows per key, at most maxBuckets buckets.
func cut(lo, hi, rows int64, density float64, per int64) (end, step int64) {
	span := hi - lo + 1
	keys := func(n float64) int64 {
		if f := n / density; f < float64(span) {
			return max(1, int64(f))
		}
		return span
	}
	step = keys(float64(per))
	width := min(keys(float64(rows)), keys(float64(per)*maxBuckets))
	return lo + max(step, width), step
}

// span returns the smallest key at or after from and the largest key over
// every source, false when no source has one.
func (w *walk) span(ctx context.Context, from *int64) (lo, hi int64, ok bool, err error) {
	for _, s := range w.sess {
		if !s.IntKey() {
			return 0, 0, false, nil
		}
	}
	los, his, oks := make([]int64, len(w.sess)), make([]int64, len(w.sess)), make([]bool, len(w.sess))
	err = w.each(func(i int) error {
		var err error
		los[i], his[i], oks[i], err = w.sess[i].IntSpan(ctx, from)
		return err
	})
	for i := range w.sess {
		if oks[i] && (!ok || los[i] < lo) {
			lo = los[i]
		}
		if oks[i] && (!ok || his[i] > hi) {
			hi = his[i]
		}
		ok = ok || oks[i]
	}
	return lo, hi, ok && err == nil, err
}

// chunk compares the keys lo <= k < end bucket by bucket and returns the
// most rows a source holds in them.
func (w *walk) chunk(ctx context.Context, lo, end, step int64) (int64, error) {
	got := make([][]sources.Bucket, len(w.sess))
	err := w.each(func(i int) error {
		var err error
		got[i], err = w.sess[i].Buckets(ctx, lo, end, step)
		return err
	})
	if err != nil {
		return 0, err
	}
	sums := map[int64][]sources.Sum{}
	var most int64
	for i, bs := range got {
		var n int64
		for _, b := range bs {
			if sums[b.Index] == nil {
				sums[b.Index] = make([]sources.Sum, len(w.sess))
			}
			sums[b.Index][i] = b.Sum
			n += b.Rows
		}
		w.rows[i] += n
		most = max(most, n)
	}
	for _, b := range slices.Sorted(maps.Keys(sums)) {
		from := lo + b*step
		to := end
		if end-from > step {
			to = from + step
		}
		r := sources.Range{Lo: sources.Bound{from}, Hi: sources.Bound{to}}
		if err := w.compare(ctx, r, sums[b]); err != nil {
			return most, err
		}
	}
	return most, nil
}

// compareRange sums one range on every source and compares it.
func (w *walk) compareRange(ctx context.Context, r sources.Range) error {
	sums, err := w.sums(ctx, r, nil)
	if err != nil {
		return err
	}
	for i, s := range sums {
		w.rows[i] += s[0].Rows
	}
	return w.compare(ctx, r, column(sums, 0))
}
