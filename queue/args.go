// Package queue is drift's reconciliation queue: one River job per drifted
// key, worked by `drift worker` processes that re-read the key, plan it
// with the repair package and apply the plan through repair.Apply. The
// queue lives in the state store's database: River's SQLite driver for the
// embedded store, its pgx driver for a postgres:// store.
package queue

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/drift-sh/drift/diff"
)

// Kind is the River job kind of a reconciliation job.
const Kind = "drift_reconcile"

// MaxAttempts is how many times a job is tried before River discards it,
// with its last error.
const MaxAttempts = 10

// Contract names the contract a job was made under. Only the name makes a
// job unique: the same drift seen under a new contract version is the same
// work, and the worker resolves it under the contract it runs with.
type Contract struct {
	Name    string `json:"name" river:"unique"`
	Version int    `json:"version"`
	Digest  string `json:"digest"`
}

// Seen is what one source held for the key when the job was made.
type Seen struct {
	Source string `json:"source"`
	// Values is the record's canonical values as a JSON object; null when
	// the source did not hold the key.
	Values json.RawMessage `json:"values"`
	// Version is the source's snapshot version at the scan; a worker
	// refuses a source whose version went backwards since (monotonic reads).
	Version string `json:"version,omitempty"`
	// Failed marks a source the scan could not read.
	Failed bool `json:"failed,omitempty"`
}

// Args is one job: one key of one contract, as a scan saw it. Jobs are
// unique by (contract name, key, drift digest): enqueueing the same drift
// twice makes one job.
type Args struct {
	Contract Contract `json:"contract"`
	// Key is the report key (field and canonical value, in key order).
	Key diff.Key `json:"key" river:"unique"`
	// DriftDigest hashes the key's drifts (their ids and values).
	DriftDigest string `json:"drift_digest" river:"unique"`
	// Drifts are the ids of the key's drifts, for people reading the job.
	Drifts  []string  `json:"drifts"`
	Sources []Seen    `json:"sources"`
	At      time.Time `json:"at"`
}

// Kind is River's name for the job type.
func (Args) Kind() string { return Kind }

// InsertOpts makes jobs unique while they wait, run, retry or wait for a
// person (cancelled as manual), and tries each at most MaxAttempts times.
// A completed or discarded job does not block the same drift seen again.
func (Args) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: MaxAttempts,
		UniqueOpts: river.UniqueOpts{
			ByArgs: true,
			ByState: []rivertype.JobState{
				rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
				rivertype.JobStateRetryable, rivertype.JobStateScheduled, rivertype.JobStateCancelled,
			},
		},
	}
}

// driftDigest hashes a key's drifts: their ids and values, sorted, so the
// same drift always has the same digest and a changed value another.
func driftDigest(drifts []diff.Drift) string {
	parts := make([]string, 0, len(drifts))
	for _, d := range drifts {
		v, _ := json.Marshal(d.Values)
		parts = append(parts, d.ID+"\x00"+string(v))
	}
	slices.Sort(parts)
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{'\n'})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
