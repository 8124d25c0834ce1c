package cmd

import (
	"errors"
	"fmt"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// Exit codes, as SPEC's table gives them.
const (
	ExitOK         = 0
	ExitDrift      = 1 // scan: drift found; apply: some ops conflicted
	ExitUsage      = 2 // bad usage, config, contract or plan file
	ExitIncomplete = 3 // a source could not be read, or a run was interrupted
)

// UsageError is a mistake in the command line, the config, the contract or
// a plan file: exit 2, found before any source is read.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usagef returns a UsageError with a formatted message.
func usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// SourceError means the result is incomplete: a source could not be read, or
// an apply stopped part way. Exit 3.
type SourceError struct{ Err error }

func (e *SourceError) Error() string { return e.Err.Error() }
func (e *SourceError) Unwrap() error { return e.Err }

// DriftError means the command worked and found what its gate forbids: drift
// at or above --fail-on, or ops skipped as conflicts. Exit 1. Its message has
// already been printed as the report, so Main prints nothing more.
type DriftError struct{ Msg string }

func (e *DriftError) Error() string { return e.Msg }

// ExitCode maps an error returned by a command to its exit code.
func ExitCode(err error) int {
	var (
		usage *UsageError
		src   *SourceError
		drift *DriftError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, state.ErrLeaseHeld): // another run writes the sources; nothing was written
		return ExitUsage
	case errors.Is(err, repair.ErrRefused): // a plan refused before any write
		return ExitUsage
	case errors.As(err, &usage):
		return ExitUsage
	case errors.As(err, &src):
		return ExitIncomplete
	case errors.As(err, &drift):
		return ExitDrift
	default:
		return ExitIncomplete
	}
}
