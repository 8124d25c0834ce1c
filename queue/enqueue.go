package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
)

// Enqueued counts what Enqueue did: jobs inserted, and jobs skipped
// because the same drift is already queued.
type Enqueued struct {
	Enqueued      int `json:"enqueued"`
	AlreadyQueued int `json:"already_queued"`
}

// Jobs makes one job per key that the plan has ops for: the keys with
// something to fix. res is the scan the plan was built from; at stamps
// the jobs.
func Jobs(c *contract.Contract, res *scan.Result, plan *repair.Plan, at time.Time) []Args {
	byKey := map[string][]diff.Drift{}
	for _, d := range res.Report.Drifts {
		k := keyText(d.Key)
		byKey[k] = append(byKey[k], d)
	}
	var out []Args
	done := map[string]bool{}
	for _, op := range plan.Ops {
		k := keyText(op.Key)
		if done[k] {
			continue
		}
		done[k] = true
		out = append(out, job(c, res, op.Key, byKey[k], at))
	}
	return out
}

func job(c *contract.Contract, res *scan.Result, key diff.Key, drifts []diff.Drift, at time.Time) Args {
	a := Args{
		Contract: Contract{Name: c.Name, Version: c.Version, Digest: c.Digest},
		Key:      key, DriftDigest: driftDigest(drifts), Drifts: []string{}, At: at.UTC(),
	}
	for _, d := range drifts {
		a.Drifts = append(a.Drifts, d.ID)
	}
	ek := key.EngineString()
	for i, st := range res.Report.Sources {
		s := Seen{Source: st.Name, Version: st.Version, Values: json.RawMessage("null"), Failed: st.Error != nil}
		if rec, ok := res.Engine.Record(i, ek); ok {
			s.Values = repair.Image(c, rec)
		}
		a.Sources = append(a.Sources, s)
	}
	return a
}

// Enqueue inserts the jobs into the queue. A job whose drift is already
// queued (same contract, key and drift digest, waiting, running, retrying
// or held for a person) is not inserted again, and is counted as such.
func Enqueue(ctx context.Context, q *Queue, jobs []Args) (Enqueued, error) {
	var n Enqueued
	const batch = 1000
	for start := 0; start < len(jobs); start += batch {
		params := make([]river.InsertManyParams, 0, batch)
		for _, a := range jobs[start:min(start+batch, len(jobs))] {
			params = append(params, river.InsertManyParams{Args: a})
		}
		res, err := q.client.InsertMany(ctx, params)
		if err != nil {
			return n, fmt.Errorf("enqueue: %w", err)
		}
		for _, r := range res {
			if r.UniqueSkippedAsDuplicate {
				n.AlreadyQueued++
			} else {
				n.Enqueued++
			}
		}
	}
	return n, nil
}
