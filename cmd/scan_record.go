package cmd

import (
	"context"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// checkRecord refuses --record and --keep where they cannot work.
func checkRecord(opts ScanOptions) error {
	switch {
	case opts.Record && opts.NoState:
		return usagef("--record keeps the records in the state store; drop --no-state")
	case opts.Keep < 0:
		return usagef("--keep %d: give how many recorded scans to keep, 1 or more (0 keeps all)", opts.Keep)
	case opts.Keep > 0 && !opts.Record:
		return usagef("--keep prunes recorded scans; use it with --record")
	}
	return nil
}

// saveRecording stores the records of a finished scan beside its saved
// scan, then prunes older recordings past --keep. The records were asked
// for: a store that cannot take them fails the command (exit 3).
func saveRecording(ctx context.Context, sio *IO, opts ScanOptions, cfg *contract.Config, srcs []*scan.Opened, res *scan.Result, buf *state.RecordBuffer) error {
	st, err := openState(ctx, sio, opts.State, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	rec := state.Recording{ScanID: res.Report.RunID, Fields: state.RecordedFields(cfg.Contract)}
	for i, o := range srcs {
		_, writable := o.Writer()
		src := state.RecordedSource{Name: o.Name, Type: o.Type, Writable: writable}
		if i < len(res.Report.Sources) {
			s := res.Report.Sources[i]
			src.Version, src.Records = s.Version, s.Records
			if s.Error != nil {
				src.Error = *s.Error
			}
		}
		rec.Sources = append(rec.Sources, src)
	}
	if err := st.SaveRecording(ctx, rec, buf); err != nil {
		return &SourceError{Err: fmt.Errorf("scan not recorded: %w", err)}
	}
	fmt.Fprintf(sio.Err, "scan %s recorded; try a rule change on it with: drift simulate -c %s --contract CANDIDATE.yaml\n",
		rec.ScanID, opts.Config)
	if opts.Keep > 0 {
		if _, err := st.PruneRecordings(ctx, cfg.Contract.Name, opts.Keep); err != nil {
			return &SourceError{Err: err}
		}
	}
	return nil
}
