package scan

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// run sweeps an integer key (see sweep), or else walks the key space in
// ranges cut from the first source, sized to take about segmentTarget
// each, and compares every range.
func (w *walk) run(ctx context.Context) error {
	if err := w.pickHash(); err != nil {
		return err
	}
	if swept, err := w.sweep(ctx); swept || err != nil {
		return err
	}
	size := 4 * w.threshold
	var lo sources.Bound
	for {
		hi, more, err := w.sess[0].Next(ctx, lo, size)
		if err != nil {
			return err
		}
		r := sources.Range{Lo: lo, Hi: hi}
		start := time.Now()
		sums, err := w.sums(ctx, r, nil)
		if err != nil {
			return err
		}
		size = adapt(size, time.Since(start), w.threshold)
		for i, s := range sums {
			w.rows[i] += s[0].Rows
		}
		if err := w.compare(ctx, r, column(sums, 0)); err != nil {
			return err
		}
		if !more {
			return nil
		}
		lo = hi
	}
}

// pickHash has every source sum rows by the first hash of the first
// source's list that every source has: md5 at worst.
func (w *walk) pickHash() error {
	pick := sources.HashMD5
	for _, h := range w.sess[0].Hashes() {
		all := true
		for _, s := range w.sess[1:] {
			all = all && slices.Contains(s.Hashes(), h)
		}
		if all {
			pick = h
			break
		}
	}
	for _, s := range w.sess {
		if err := s.UseHash(pick); err != nil {
			return err
		}
	}
	return nil
}

// adapt scales the next range's row count toward segmentTarget, at most
// fourfold at a time and never under threshold.
func adapt(size int64, took time.Duration, threshold int64) int64 {
	next := size * 4
	if took > 0 {
		next = min(next, int64(float64(size)*float64(segmentTarget)/float64(took)))
	}
	return max(next, threshold)
}

// compare settles one range given every source's sum of it: equal, it is
// done; small, it is read and diffed; else it is split and each part
// compared.
func (w *walk) compare(ctx context.Context, r sources.Range, sums []sources.Sum) error {
	if agree(sums) {
		w.stats.compared++
		w.agreed += sums[0].Rows
		return nil
	}
	w.stats.compared++
	big, most := int64(0), 0
	for i, s := range sums {
		if s.Rows > big {
			big, most = s.Rows, i
		}
	}
	if big <= w.threshold {
		return w.fetch(ctx, r)
	}
	bounds, err := w.sess[most].Split(ctx, r, w.factor)
	if err != nil {
		return err
	}
	if len(bounds) == 0 {
		return w.fetch(ctx, r)
	}
	w.stats.split++
	parts, err := w.sums(ctx, r, bounds)
	if err != nil {
		return err
	}
	for j := 0; j <= len(bounds); j++ {
		sub := sources.Range{Lo: r.Lo, Hi: r.Hi}
		if j > 0 {
			sub.Lo = bounds[j-1]
		}
		if j < len(bounds) {
			sub.Hi = bounds[j]
		}
		if err := w.compare(ctx, sub, column(parts, j)); err != nil {
			return err
		}
	}
	return nil
}

// agree reports whether every source's sum says the range holds the same
// records and none needs checking.
func agree(sums []sources.Sum) bool {
	for _, s := range sums {
		if !s.Agrees(sums[0]) {
			return false
		}
	}
	return true
}

// column returns every source's sum of part j.
func column(sums [][]sources.Sum, j int) []sources.Sum {
	out := make([]sources.Sum, len(sums))
	for i, s := range sums {
		out[i] = s[j]
	}
	return out
}

// sums asks every source, at once, for the sums of r's parts.
func (w *walk) sums(ctx context.Context, r sources.Range, bounds []sources.Bound) ([][]sources.Sum, error) {
	out := make([][]sources.Sum, len(w.sess))
	err := w.each(func(i int) error {
		s, err := w.sess[i].Sums(ctx, r, bounds)
		out[i] = s
		return err
	})
	return out, err
}

// fetch reads range r from every source into the engine.
func (w *walk) fetch(ctx context.Context, r sources.Range) error {
	w.stats.fetched++
	counts := make([]int, len(w.sess))
	err := w.each(func(i int) error {
		n, err := w.sess[i].Fetch(ctx, r, func(rec contract.Record) error {
			w.eng.Add(i, rec)
			return ctx.Err()
		})
		counts[i] = n
		return err
	})
	for i, o := range w.srcs {
		w.stats.rows[o.Name] += counts[i]
	}
	return err
}

// each runs fn for every source concurrently and returns the first error.
func (w *walk) each(fn func(i int) error) error {
	errs := make([]error, len(w.sess))
	var wg sync.WaitGroup
	for i := range w.sess {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(i)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
