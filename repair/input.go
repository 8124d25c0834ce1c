package repair

import (
	"path/filepath"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
)

// InputFromScan gathers a plan's input from a finished scan: the engine's
// records, and per source whether it may be written and whether it was read.
func InputFromScan(cfg *contract.Config, srcs []*scan.Opened, res *scan.Result, now func() time.Time) Input {
	in := Input{Contract: cfg.Contract, Records: res.Engine, Now: now}
	if abs, err := filepath.Abs(cfg.File); err == nil && cfg.File != "" {
		in.ConfigPath = abs
	}
	for i, o := range srcs {
		_, writable := o.Writer()
		_, failed := res.Failed[o.Name]
		s := Source{Name: o.Name, Writable: writable, Failed: failed}
		if i < len(res.Report.Sources) {
			s.Version = res.Report.Sources[i].Version
		}
		in.Sources = append(in.Sources, s)
	}
	for _, d := range res.Report.Drifts {
		if d.Kind == diff.Violation && d.Rule == "duplicate-key" {
			in.Duplicates = append(in.Duplicates, Duplicate{Source: d.Source, Key: d.Key})
		}
	}
	return in
}
