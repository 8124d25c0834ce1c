package queue

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river/rivertype"
)

// Outcomes a job's attempt is counted under besides the finished ones
// (OutcomeWritten, OutcomeConverged, OutcomeManual).
const (
	OutcomeRetried = "retried" // the attempt failed; the job is tried again later
	OutcomeSnoozed = "snoozed" // a source was leased by another run: put back without counting an attempt
	OutcomeGaveUp  = "discarded"
)

// Metrics are a worker's metrics: jobs processed by outcome, the queue's
// jobs by state, and the latency of finished jobs from enqueue to done.
// Labels are names, never keys or values.
type Metrics struct {
	// Registry holds the queue metrics; a caller adds its own collectors.
	Registry  *prometheus.Registry
	contract  string
	processed *prometheus.CounterVec
	latency   *prometheus.HistogramVec
}

// NewMetrics registers the metrics of a worker on contract over q; the
// queue depth is read from q at each scrape.
func NewMetrics(contract string, q *Queue) *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry(), contract: contract}
	m.processed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "drift_queue_jobs_processed_total", Help: "Job attempts this worker finished, by outcome.",
	}, []string{"contract", "outcome"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "drift_queue_job_latency_seconds",
		Help:    "Time from a job's enqueue to its end (written, converged or manual), by outcome.",
		Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600},
	}, []string{"contract", "outcome"})
	for _, o := range []string{OutcomeWritten, OutcomeConverged, OutcomeManual, OutcomeRetried, OutcomeSnoozed, OutcomeGaveUp} {
		m.processed.WithLabelValues(contract, o)
	}
	m.Registry.MustRegister(m.processed, m.latency, &depth{q: q, contract: contract})
	return m
}

// done counts one attempt of job: outcome is its finished outcome, or ""
// when it returned err.
func (m *Metrics) done(job *rivertype.JobRow, outcome string, err error) {
	if m == nil {
		return
	}
	var snooze *rivertype.JobSnoozeError
	switch {
	case outcome != "":
		m.latency.WithLabelValues(m.contract, outcome).Observe(time.Since(job.CreatedAt).Seconds())
	case errors.As(err, &snooze):
		outcome = OutcomeSnoozed
	case job.Attempt >= job.MaxAttempts:
		outcome = OutcomeGaveUp
	default:
		outcome = OutcomeRetried
	}
	m.processed.WithLabelValues(m.contract, outcome).Inc()
}

// depthDesc is drift_queue_jobs: the queue's jobs by state, as drift
// queue status counts them.
var depthDesc = prometheus.NewDesc("drift_queue_jobs", "The queue's jobs by state, as drift queue status counts them.",
	[]string{"contract", "state"}, nil)

// depth reads the queue's status at each scrape.
type depth struct {
	q        *Queue
	contract string
}

func (d *depth) Describe(ch chan<- *prometheus.Desc) { ch <- depthDesc }

func (d *depth) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := d.q.Status(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(depthDesc, err)
		return
	}
	for _, s := range []struct {
		state string
		n     int
	}{{"available", st.Available}, {"running", st.Running}, {"retryable", st.Retryable}, {"completed", st.Completed},
		{"converged", st.Converged}, {"manual", st.Manual}, {"discarded", st.Discarded}} {
		ch <- prometheus.MustNewConstMetric(depthDesc, prometheus.GaugeValue, float64(s.n), d.contract, s.state)
	}
}
