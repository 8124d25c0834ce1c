package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// StatusSchema names the JSON of Status.
const StatusSchema = "drift.queue/v1"

// Status counts the queue's jobs by where they stand.
type Status struct {
	Schema    string `json:"schema"`
	Available int    `json:"available"` // waiting for a worker
	Running   int    `json:"running"`
	Retryable int    `json:"retryable"` // failed an attempt, or put back, and waiting to be tried again
	Completed int    `json:"completed"` // written by a worker's run
	Converged int    `json:"converged"` // found consistent: nothing written
	Manual    int    `json:"manual"`    // held for a person, never retried
	Discarded int    `json:"discarded"` // out of attempts, or discarded by a person
}

// Job is one job as `drift queue list` shows it.
type Job struct {
	ID          int64           `json:"id"`
	Key         json.RawMessage `json:"key"`
	Contract    string          `json:"contract"`
	State       string          `json:"state"`
	Attempts    int             `json:"attempts"`
	MaxAttempts int             `json:"max_attempts"`
	LastError   string          `json:"last_error,omitempty"`
	RunID       string          `json:"run_id,omitempty"`
	EnqueuedAt  time.Time       `json:"enqueued_at"`
	// FinishedAt is when the job ended (completed, cancelled or
	// discarded); nil while it waits, runs or retries.
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// jobState is where a job stands, in Status's words.
func jobState(j *rivertype.JobRow) string {
	var meta struct {
		Output Output `json:"output"`
	}
	_ = json.Unmarshal(j.Metadata, &meta)
	switch j.State {
	case rivertype.JobStateAvailable, rivertype.JobStatePending:
		return "available"
	case rivertype.JobStateRunning:
		return "running"
	case rivertype.JobStateRetryable, rivertype.JobStateScheduled:
		return "retryable"
	case rivertype.JobStateCompleted:
		if meta.Output.Outcome == OutcomeConverged {
			return "converged"
		}
		return "completed"
	case rivertype.JobStateCancelled:
		if meta.Output.Outcome == OutcomeManual {
			return "manual"
		}
	}
	return "discarded"
}

// Jobs lists every job of the queue, oldest first.
func (q *Queue) Jobs(ctx context.Context) ([]Job, error) {
	var out []Job
	params := river.NewJobListParams().Kinds(Kind).First(1000).States(
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateRetryable, rivertype.JobStateScheduled, rivertype.JobStateCompleted,
		rivertype.JobStateCancelled, rivertype.JobStateDiscarded)
	for {
		res, err := q.client.JobList(ctx, params)
		if err != nil {
			return nil, fmt.Errorf("list the queue: %w", err)
		}
		for _, j := range res.Jobs {
			out = append(out, jobOf(j))
		}
		if len(res.Jobs) < 1000 {
			return out, nil
		}
		params = params.After(res.LastCursor)
	}
}

func jobOf(j *rivertype.JobRow) Job {
	var a Args
	_ = json.Unmarshal(j.EncodedArgs, &a)
	var meta struct {
		Output Output `json:"output"`
	}
	_ = json.Unmarshal(j.Metadata, &meta)
	key, _ := a.Key.MarshalJSON()
	out := Job{ID: j.ID, Key: key, Contract: a.Contract.Name, State: jobState(j), Attempts: j.Attempt,
		MaxAttempts: j.MaxAttempts, RunID: meta.Output.RunID, EnqueuedAt: j.CreatedAt.UTC()}
	if n := len(j.Errors); n > 0 {
		out.LastError = j.Errors[n-1].Error
	}
	if j.FinalizedAt != nil {
		at := j.FinalizedAt.UTC()
		out.FinishedAt = &at
	}
	return out
}

// Status counts the jobs by state, in the database.
func (q *Queue) Status(ctx context.Context) (Status, error) {
	return q.backend.count(ctx)
}

// statusOf counts jobs by state as Status does, from the jobs listed.
func statusOf(jobs []Job) Status {
	s := Status{Schema: StatusSchema}
	for _, j := range jobs {
		switch j.State {
		case "available":
			s.Available++
		case "running":
			s.Running++
		case "retryable":
			s.Retryable++
		case "completed":
			s.Completed++
		case "converged":
			s.Converged++
		case "manual":
			s.Manual++
		default:
			s.Discarded++
		}
	}
	return s
}

// Retry makes a job available to be worked now: one held for a person
// after they fixed what was wrong, or one discarded. A running job is left
// as it is.
func (q *Queue) Retry(ctx context.Context, id int64) (Job, error) {
	j, err := q.client.JobRetry(ctx, id)
	return q.result(id, j, err)
}

// Discard cancels a job: it is not worked again, and counts as discarded.
func (q *Queue) Discard(ctx context.Context, id int64) (Job, error) {
	j, err := q.client.JobCancel(ctx, id)
	if err == nil && j.State == rivertype.JobStateCancelled {
		// A job held for a person is cancelled already: its output
		// changes so that it counts as discarded, not manual.
		j, err = q.client.JobUpdate(ctx, id, &river.JobUpdateParams{Output: Output{Outcome: OutcomeDiscarded}})
	}
	return q.result(id, j, err)
}

func (q *Queue) result(id int64, j *rivertype.JobRow, err error) (Job, error) {
	if errors.Is(err, river.ErrNotFound) {
		return Job{}, fmt.Errorf("job %d: %w; `drift queue list` lists the jobs", id, ErrNoJob)
	}
	if err != nil {
		return Job{}, fmt.Errorf("job %d: %w", id, err)
	}
	return jobOf(j), nil
}
