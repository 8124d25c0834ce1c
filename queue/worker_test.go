package queue

import (
	"testing"
	"time"
)

// TestWorkerConfig: the River settings a worker runs with, from its
// options. A fetch cooldown of River's default 100 ms would cap a worker
// at --concurrency jobs per 100 ms.
func TestWorkerConfig(t *testing.T) {
	tests := []struct {
		name                   string
		opts                   WorkOptions
		workers                int
		timeout, poll, cooling time.Duration
	}{
		{"defaults", WorkOptions{}, 1, DefaultJobTimeout, time.Second, FetchCooldown},
		{"concurrency and timeout", WorkOptions{Concurrency: 4, JobTimeout: 3 * time.Second}, 4, 3 * time.Second, time.Second, FetchCooldown},
		{"poll shorter than the cooldown", WorkOptions{PollInterval: time.Millisecond}, 1, DefaultJobTimeout, time.Millisecond, time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := workerConfig(&Handler{}, tt.opts)
			if got := cfg.Queues["default"].MaxWorkers; got != tt.workers {
				t.Errorf("MaxWorkers = %d, want %d", got, tt.workers)
			}
			if cfg.JobTimeout != tt.timeout || cfg.RescueStuckJobsAfter != tt.timeout+RescueMargin {
				t.Errorf("JobTimeout, RescueStuckJobsAfter = %s, %s; want %s, %s", cfg.JobTimeout, cfg.RescueStuckJobsAfter, tt.timeout, tt.timeout+RescueMargin)
			}
			if cfg.FetchPollInterval != tt.poll || cfg.FetchCooldown != tt.cooling {
				t.Errorf("FetchPollInterval, FetchCooldown = %s, %s; want %s, %s", cfg.FetchPollInterval, cfg.FetchCooldown, tt.poll, tt.cooling)
			}
		})
	}
}
