package queue

import (
	"context"
	"encoding/json"
	"time"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// RescueInterval is how often every worker process looks for jobs whose
// worker was killed. River's own rescuer does the same, but only on the
// elected leader and every 30 s; this pass, through River's driver, bounds
// the wait to the job timeout, RescueMargin, RescueInterval and one fetch
// poll.
const RescueInterval = 2 * time.Second

// rescueBatch is how many stuck jobs one pass moves at most.
const rescueBatch = 1000

// rescueWhy is the error a rescued job's attempt is recorded with.
const rescueWhy = "the worker stopped without finishing the job (killed, or past its timeout); rescued"

// rescue makes reconciliation jobs still running since before horizon
// (their worker gone) available again, as River's rescuer does: a job out
// of attempts is discarded, and one a person cancelled while it ran is
// cancelled. River's update only touches a job still running since before
// horizon, so workers rescuing together move each job once, and a job
// fetched again meanwhile is left alone.
func (b *driverBackend[TTx]) rescue(ctx context.Context, horizon time.Time) (int, error) {
	exec := b.driver.GetExecutor()
	stuck, err := exec.JobGetStuck(ctx, &riverdriver.JobGetStuckParams{Max: rescueBatch, Schema: b.schema, StuckHorizon: horizon})
	if err != nil || len(stuck) == 0 {
		return 0, err
	}
	p := &riverdriver.JobRescueManyParams{Schema: b.schema, StuckHorizon: horizon}
	now := time.Now().UTC()
	for _, j := range stuck {
		if j.Kind != Kind {
			continue
		}
		state, finalized := rescuedState(j)
		var at *time.Time
		if finalized {
			at = &now
		}
		e, err := json.Marshal(rivertype.AttemptError{At: now, Attempt: max(j.Attempt, 0), Error: rescueWhy})
		if err != nil {
			return 0, err
		}
		p.ID = append(p.ID, j.ID)
		p.Error = append(p.Error, e)
		p.FinalizedAt = append(p.FinalizedAt, at)
		p.ScheduledAt = append(p.ScheduledAt, now)
		p.State = append(p.State, string(state))
	}
	if len(p.ID) == 0 {
		return 0, nil
	}
	if _, err := exec.JobRescueMany(ctx, p); err != nil {
		return 0, err
	}
	return len(p.ID), nil
}

// rescuedState is where a stuck job goes, and whether that finishes it.
func rescuedState(j *rivertype.JobRow) (rivertype.JobState, bool) {
	var meta struct {
		CancelAttemptedAt time.Time `json:"cancel_attempted_at"`
	}
	_ = json.Unmarshal(j.Metadata, &meta)
	switch {
	case !meta.CancelAttemptedAt.IsZero():
		return rivertype.JobStateCancelled, true
	case j.Attempt >= j.MaxAttempts:
		return rivertype.JobStateDiscarded, true
	}
	return rivertype.JobStateAvailable, false
}

// rescueLoop rescues, every RescueInterval until ctx ends, the jobs that
// have run longer than stuckAfter. A failed pass is reported to warn and
// tried again at the next tick.
func (q *Queue) rescueLoop(ctx context.Context, stuckAfter time.Duration, warn func(error)) {
	t := time.NewTicker(RescueInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := q.backend.rescue(ctx, time.Now().Add(-stuckAfter)); err != nil && ctx.Err() == nil && warn != nil {
			warn(err)
		}
	}
}
