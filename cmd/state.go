package cmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/state"
	"github.com/drift-sh/drift/state/history"
)

// openState opens --state, DRIFT_STATE, or .drift/state.db beside the
// config. A value that cannot name a store is bad usage (exit 2); a store
// that cannot be reached or opened is exit 3.
func openState(ctx context.Context, sio *IO, flag string, cfg *contract.Config) (state.Store, error) {
	where := stateWhere(flag, cfg.Dir)
	if err := checkState(where); err != nil {
		return nil, err
	}
	st, err := state.Open(ctx, where)
	if err != nil {
		return nil, &SourceError{Err: err}
	}
	return st, nil
}

// stateWhere is where the state store is: --state (DRIFT_STATE fills the
// flag), else the embedded SQLite file .drift/state.db in the config's
// folder dir.
func stateWhere(flag, dir string) string {
	if flag != "" {
		return flag
	}
	return filepath.Join(dir, ".drift", "state.db")
}

// openScanHistory opens the state store as apply does, for a scan's
// history; nil with --no-state. Only a --state value that names no store
// is an error (exit 2): a store that cannot be opened costs a warning.
func openScanHistory(ctx context.Context, sio *IO, where string, noState bool, cfg *contract.Config) (*history.Recorder, error) {
	if noState {
		return nil, nil
	}
	st, err := openState(ctx, sio, where, cfg)
	var usage *UsageError
	if errors.As(err, &usage) {
		return nil, err
	}
	if err != nil {
		return history.Unavailable(err, sio.Err), nil
	}
	return history.New(st, sio.Err), nil
}

// checkState refuses a --state value that names no store: a URL of
// another scheme, or a postgres:// URL that does not parse. A path is a
// SQLite file, whatever it holds.
func checkState(where string) error {
	scheme, _, isURL := strings.Cut(where, "://")
	if !isURL {
		return nil
	}
	switch scheme {
	case "postgres", "postgresql":
	default:
		return usagef("--state %s: unsupported scheme %q; use a file path for SQLite or a postgres:// URL", redact.DSN(where), scheme)
	}
	if _, err := pgconn.ParseConfig(where); err != nil {
		return &UsageError{Err: redact.Error(fmt.Errorf("--state %s: not a valid postgres URL (escape special characters in the password with %%XX): %w", redact.DSN(where), err), where)}
	}
	return nil
}
