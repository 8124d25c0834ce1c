package state

import (
	"context"
	"strconv"
	"strings"
)

// OrphanOps lists the ops that interrupted or failed runs left pending on
// the given sources, oldest first: a killed process (or one that could not
// journal its outcomes) journaled their intent and before-image and never
// recorded whether the write happened. Whoever next
// holds the sources' leases reads each target and settles them (see
// FinishOp).
func (s *sqlStore) OrphanOps(ctx context.Context, sources []string) ([]Entry, error) {
	if len(sources) == 0 {
		return nil, nil
	}
	args, in := inList([]any{string(StatusInterrupted), string(StatusFailed)}, sources)
	// The pending outcome is written out, not bound, so that both
	// backends read the journal_pending index (built WHERE outcome =
	// 'pending') instead of every entry of every run.
	return s.queryEntries(ctx, `SELECT `+entryColumns+` FROM journal j JOIN runs r ON r.id = j.run_id
		WHERE j.outcome = '`+string(OutcomePending)+`' AND r.status IN ($1, $2) AND j.source IN `+in+`
		ORDER BY r.started_at, r.id, j.seq`, args...)
}

// PendingOps lists the ops left pending on the key keyJSON by runs of
// the contract named contract on the given sources, oldest first. A queue
// worker holds the key's lock while it works it, so an op another run
// left pending there belongs to a worker that was killed (or whose job
// timed out) mid-write, even while that run is not yet known to be dead.
// Other contracts' ops on an equal key, and ops on sources the caller
// does not write, are another worker's to settle, and are left out.
func (s *sqlStore) PendingOps(ctx context.Context, contract string, sources []string, keyJSON string) ([]Entry, error) {
	if len(sources) == 0 {
		return nil, nil
	}
	args, in := inList([]any{keyJSON, string(OutcomePending), contract}, sources)
	return s.queryEntries(ctx, `SELECT `+entryColumns+` FROM journal j JOIN runs r ON r.id = j.run_id
		WHERE j.key_json = $1 AND j.outcome = $2 AND r.contract_name = $3
		AND j.source IN `+in+`
		ORDER BY r.started_at, r.id, j.seq`, args...)
}

// inList appends vals to a statement's args and returns them with the
// parenthesized list of their parameters, "($3, $4)", for an IN.
func inList(args []any, vals []string) ([]any, string) {
	marks := make([]string, len(vals))
	for i, v := range vals {
		args = append(args, v)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	return args, "(" + strings.Join(marks, ", ") + ")"
}
