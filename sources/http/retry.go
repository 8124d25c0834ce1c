package httpsource

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Backoff bounds: full jitter over base·2^attempt, at most backoffCap; a
// Retry-After is honoured up to retryAfterCap.
const (
	backoffBase   = 100 * time.Millisecond
	backoffCap    = 10 * time.Second
	retryAfterCap = 60 * time.Second
)

// retryPolicy says how often and how long to wait between attempts. Its
// clock, sleep and jitter are fields so tests can run without waiting.
type retryPolicy struct {
	retries int
	base    time.Duration
	now     func() time.Time
	sleep   func(ctx context.Context, d time.Duration) error
	// jitter returns a random duration in [0, max].
	jitter func(max time.Duration) time.Duration
}

func defaultRetry(retries int) retryPolicy {
	return retryPolicy{retries: retries, base: backoffBase, now: time.Now, sleep: sleepCtx,
		jitter: func(max time.Duration) time.Duration { return rand.N(max + 1) }}
}

// backoff is the wait before retry number attempt+1 (attempt counts from 0):
// full jitter over min(cap, base·2^attempt).
func (p retryPolicy) backoff(attempt int) time.Duration {
	d := backoffCap
	if attempt < 30 && p.base<<attempt < backoffCap && p.base<<attempt > 0 {
		d = p.base << attempt
	}
	return p.jitter(d)
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date,
// capped at a minute; ok is false when there is none or it does not parse.
func (p retryPolicy) retryAfter(h http.Header) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		d = time.Duration(max(secs, 0)) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = max(t.Sub(p.now()), 0)
	} else {
		return 0, false
	}
	return min(d, retryAfterCap), true
}

// retryable reports whether a status is worth another attempt.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// sleepCtx waits for d, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pacer spaces requests at least 1/rate seconds apart, across pages,
// retries and writes.
type pacer struct {
	interval time.Duration
	now      func() time.Time
	sleep    func(ctx context.Context, d time.Duration) error

	mu   sync.Mutex
	next time.Time // earliest start of the next request
}

// newPacer returns a pacer for rate requests per second; 0 means no limit.
func newPacer(rate float64, now func() time.Time, sleep func(context.Context, time.Duration) error) *pacer {
	p := &pacer{now: now, sleep: sleep}
	if rate > 0 {
		p.interval = time.Duration(float64(time.Second) / rate)
	}
	return p
}

// wait blocks until the next request may start, and books the slot after it.
func (p *pacer) wait(ctx context.Context) error {
	if p.interval == 0 {
		return ctx.Err()
	}
	p.mu.Lock()
	now := p.now()
	start := now
	if p.next.After(now) {
		start = p.next
	}
	p.next = start.Add(p.interval)
	p.mu.Unlock()
	return p.sleep(ctx, start.Sub(now))
}
