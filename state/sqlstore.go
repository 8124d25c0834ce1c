package state

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/user"
	"time"
	"unsafe"

	"github.com/drift-sh/drift/internal/redact"
)

// dialect holds what differs between the backends; the SQL itself is shared
// ($n placeholders work in both).
type dialect struct {
	name string
	// serial is the column type of an auto-increment primary key.
	serial string
	// blob is the column type of bytes; withoutRowid ends a CREATE TABLE
	// whose primary key should be the table itself (SQLite only).
	blob, withoutRowid string
	// prelude runs first in the migration transaction.
	prelude func(ctx context.Context, tx *sql.Tx) error
	// anonParams makes batch inserts use "?" rather than "$n" parameters.
	anonParams bool
	// lockLeases runs first in a transaction that takes the leases of
	// names (sorted), so that two runs cannot both find one of them free;
	// SQLite's immediate transactions need none.
	lockLeases func(ctx context.Context, tx *sql.Tx, names []string) error
}

// sqlStore implements Store over database/sql for both backends.
type sqlStore struct {
	db *sql.DB
	d  dialect
	// dsn is kept only to scrub its passwords from driver errors.
	dsn string
}

var _ Store = (*sqlStore)(nil)

// timeFormat is fixed-width so that stored times sort as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: formatTime(t), Valid: true}
}

func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeFormat, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s.String, err)
	}
	return t, nil
}

// nullJSON stores nil or JSON null as NULL. It is a statement's
// argument: see argText.
func nullJSON(b []byte) sql.NullString {
	if len(b) == 0 || string(b) == "null" {
		return sql.NullString{}
	}
	return sql.NullString{String: argText(b), Valid: true}
}

// argText is b as a statement's text argument, sharing b's memory: the
// driver copies an argument (SQLite binds it, pgx encodes it) before the
// statement returns, and b does not change while it runs. A journal's
// images are most of the bytes it writes; each would be copied once more.
func argText(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// sameAsBefore is what the journal holds as the after-image of an op
// found already applied: its record after the op is the one it read, so
// the image is not kept twice. It is not JSON, so no image is ever taken
// for it; scanEntry gives such an entry its before-image as its after.
const sameAsBefore = "="

// afterJSON is the after_json of e: sameAsBefore for an op found already
// applied whose images are one, else its after-image as nullJSON has it.
func afterJSON(e Entry) sql.NullString {
	if e.Outcome == OutcomeAlreadyApplied && len(e.Before) > 0 && bytes.Equal(e.Before, e.After) {
		return sql.NullString{String: sameAsBefore, Valid: true}
	}
	return nullJSON(e.After)
}

func rawJSON(s sql.NullString) []byte {
	if !s.Valid {
		return nil
	}
	return []byte(s.String)
}

// fail wraps an error with the store and the action, scrubbing passwords.
func (s *sqlStore) fail(what string, err error) error {
	return redact.Error(fmt.Errorf("state store (%s): %s: %w", s.d.name, what, err), s.dsn)
}

// tx runs fn in a transaction, committing when it returns nil.
func (s *sqlStore) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Close releases the store's connections.
func (s *sqlStore) Close() error { return s.db.Close() }

// whoami returns the OS user and host name, "" for what cannot be found.
func whoami() (string, string) {
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, _ := os.Hostname()
	return name, host
}
