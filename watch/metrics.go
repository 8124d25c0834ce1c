package watch

import (
	"runtime"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// Metrics are SPEC's drift_* metrics for one contract. Their labels are
// names (kind, source, field, class, outcome), never keys or values, so
// their number stays bounded whatever the data holds.
type Metrics struct {
	// Registry holds the drift metrics and, from NewMetrics, the Go and
	// process collectors and drift_build_info.
	Registry *prometheus.Registry
	contract string

	open        *prometheus.GaugeVec
	oldest      *prometheus.GaugeVec
	convergence *prometheus.HistogramVec
	alerts      *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	records     *prometheus.GaugeVec
	up          *prometheus.GaugeVec
	repairOps   *prometheus.CounterVec
	lastScan    *prometheus.GaugeVec
}

// openClasses are the classes drift_open and drift_oldest_age_seconds
// report; each is present, at 0 when empty, so that alert rules and
// dashboards see a series.
var openClasses = []state.Class{state.ClassConverging, state.ClassPersistent, state.ClassUnknown}

// NewMetrics registers the metrics of a watch, with the Go and process
// collectors and drift_build_info (labels version, revision, goversion).
func NewMetrics(contract, version string) *Metrics {
	m := newGauges(contract)
	m.convergence = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "drift_convergence_seconds",
		Help:    "How long resolved drift lasted, from first seen to resolved.",
		Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600},
	}, []string{"contract", "kind"})
	m.alerts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "drift_alerts_total", Help: "Drifts reported persistent (once each).",
	}, []string{"contract", "kind"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "drift_scan_duration_seconds", Help: "How long each scan took.",
		Buckets: []float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300},
	}, []string{"contract"})
	m.repairOps = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "drift_repair_ops_total", Help: "Ops applied by --repair auto, by outcome.",
	}, []string{"contract", "source", "outcome"})
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "drift_build_info", Help: "The drift build: always 1.",
	}, []string{"version", "revision", "goversion"})
	build.WithLabelValues(version, revision(), runtime.Version()).Set(1)
	m.Registry.MustRegister(m.convergence, m.alerts, m.duration, m.repairOps, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, k := range []diff.Kind{diff.Changed, diff.Missing, diff.Violation} {
		m.alerts.WithLabelValues(contract, k.String())
	}
	m.duration.WithLabelValues(contract)
	return m
}

// NewScanGauges registers only the gauges one scan sets, for drift scan
// --metrics-file.
func NewScanGauges(contract string) *Metrics { return newGauges(contract) }

func newGauges(contract string) *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry(), contract: contract}
	m.open = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "drift_open", Help: "Open drifts, by kind, source, field and class.",
	}, []string{"contract", "kind", "source", "field", "class"})
	m.oldest = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "drift_oldest_age_seconds", Help: "Age of the oldest open drift of each class.",
	}, []string{"contract", "class"})
	m.records = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "drift_source_records", Help: "Records read from each source by the last scan.",
	}, []string{"contract", "source"})
	m.up = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "drift_source_up", Help: "1 when the source's last read succeeded, 0 when it failed.",
	}, []string{"contract", "source"})
	m.lastScan = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "drift_last_scan_timestamp_seconds", Help: "When the last scan finished, in Unix seconds.",
	}, []string{"contract"})
	m.Registry.MustRegister(m.open, m.oldest, m.records, m.up, m.lastScan)
	return m
}

// Scanned sets the gauges from one scan and the open drifts after it.
func (m *Metrics) Scanned(r *diff.Report, open []state.Lifecycle) {
	c := m.contract
	for _, s := range r.Sources {
		m.records.WithLabelValues(c, s.Name).Set(float64(s.Records))
		up := 1.0
		if s.Error != nil {
			up = 0
		}
		m.up.WithLabelValues(c, s.Name).Set(up)
	}
	m.open.Reset()
	oldest := map[state.Class]time.Duration{}
	for _, l := range open {
		m.open.WithLabelValues(c, l.Kind, l.Source, l.Field, string(l.Class)).Inc()
		oldest[l.Class] = max(oldest[l.Class], r.StartedAt.Sub(l.FirstSeen))
	}
	for _, cl := range openClasses {
		m.oldest.WithLabelValues(c, string(cl)).Set(oldest[cl].Seconds())
	}
	m.lastScan.WithLabelValues(c).Set(float64(r.FinishedAt.UnixNano()) / 1e9)
	if m.duration != nil {
		m.duration.WithLabelValues(c).Observe(r.FinishedAt.Sub(r.StartedAt).Seconds())
	}
}

// Stepped counts a lifecycle step's convergences and alerts.
func (m *Metrics) Stepped(st Step) {
	for _, s := range st.Converged {
		m.convergence.WithLabelValues(m.contract, s.Kind).Observe(s.Latency.Seconds())
	}
	for _, e := range st.Events {
		if e.Type == EventPersistent {
			m.alerts.WithLabelValues(m.contract, e.Drift.Kind).Inc()
		}
	}
}

// Repaired counts the ops of a repair run by source and outcome.
func (m *Metrics) Repaired(res *repair.RunResult) {
	for _, op := range res.Ops {
		if outcome, ok := repairOutcomes[op.Outcome]; ok {
			m.repairOps.WithLabelValues(m.contract, op.Source, outcome).Inc()
		}
	}
}

// repairOutcomes maps the outcomes an op ends with to their label, as
// SPEC's drift.run/v1 counts spell them.
var repairOutcomes = map[state.Outcome]string{
	state.OutcomeApplied: "applied", state.OutcomeAlreadyApplied: "already_applied",
	state.OutcomeConflict: "conflict", state.OutcomeFailed: "failed",
}

// revision is the VCS revision the binary was built from, "" when unknown.
func revision() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return ""
}
