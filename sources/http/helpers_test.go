package httpsource

import (
	"context"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourcetest"
)

// block parses a source block as the config loader hands it over.
func block(t testing.TB, text string) sources.Options {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return sources.Options{File: "drift.yaml", Node: doc.Content[0]}
}

// clock is a fake time source whose sleep advances it and records the
// waits.
type clock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.t = c.t.Add(d)
	return ctx.Err()
}

// newSource initializes a source over the suite's contract with a fake
// clock and a jitter that always takes the longest wait.
func newSource(t *testing.T, opts string, writable bool) (*Source, *clock) {
	t.Helper()
	s := &Source{}
	cfg := sources.Config{Name: "api", Type: "http", Writable: writable, Contract: sourcetest.Contract(), Options: block(t, opts)}
	if err := s.Init(cfg); err != nil {
		t.Fatalf("Init: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	c := &clock{t: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	s.retry.now, s.retry.sleep = c.now, c.sleep
	s.retry.jitter = func(max time.Duration) time.Duration { return max }
	s.pace = newPacer(s.opts.Rate, c.now, c.sleep)
	return s, c
}

// fetchIDs reads every record and returns the canonical ids in order.
func fetchIDs(t *testing.T, s *Source) ([]string, sources.Snapshot, error) {
	t.Helper()
	var ids []string
	snap, err := s.Fetch(context.Background(), func(r contract.Record) error {
		ids = append(ids, s.cfg.Contract.Fields[0].Parse(r.Values[0]).JSON)
		return nil
	})
	return ids, snap, err
}
