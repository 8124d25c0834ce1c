package cmd

import (
	"fmt"
	"io"
	"time"

	"github.com/prometheus/common/expfmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/atomicfile"
	"github.com/drift-sh/drift/watch"
)

// writeMetricsFile writes one scan's gauges (those of drift watch) to
// path in the Prometheus text format, through a temporary file renamed
// into place, so that node_exporter's textfile collector never reads half
// a file. Drifts are classed by their age from the scan history against
// resolve.grace (default 5m).
func writeMetricsFile(path string, c *contract.Contract, r *diff.Report) error {
	if path == "" {
		return nil
	}
	m := watch.NewScanGauges(c.Name)
	m.Scanned(r, watch.FromReport(c.Name, r, graceOf(c, 0, false)))
	// Through atomicfile, not prometheus.WriteToTextfile: that renames a
	// file over the path whatever it is, /dev/null included.
	err := atomicfile.WriteOutput(path, func(w io.Writer) error {
		mfs, err := m.Registry.Gather()
		if err != nil {
			return err
		}
		for _, mf := range mfs {
			if _, err := expfmt.MetricFamilyToText(w, mf); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return &SourceError{Err: fmt.Errorf("writing metrics to %s: %w", path, err)}
	}
	return nil
}

// graceOf is --grace when given, else the contract's resolve.grace, else
// watch.DefaultGrace.
func graceOf(c *contract.Contract, flag time.Duration, given bool) time.Duration {
	switch {
	case given:
		return flag
	case c.Resolve.Grace > 0:
		return c.Resolve.Grace
	}
	return watch.DefaultGrace
}
