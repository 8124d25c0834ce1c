// Package sqlite is the source plugin for a table (or a read-only query) in
// a SQLite database file, read with the pure-Go modernc.org/sqlite driver.
package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

func init() {
	sources.Add("sqlite", func() sources.Source { return &Source{} })
}

// options are the keys of a sqlite source block.
type options struct {
	// Path is the database file, relative to the config file's folder.
	Path              string `yaml:"path"`
	sqlsource.Options `yaml:",inline"`
}

// Source reads and writes one table of a SQLite file.
type Source struct {
	opts  options
	path  string // the database file, resolved against the config's folder
	table *sqlsource.Table

	mu sync.Mutex
	rw *sql.DB // opened on the first Get or Write

	held sqlsource.Held // the transaction FetchLocated left open for Reread
}

var (
	_ sources.Source        = (*Source)(nil)
	_ sources.Writer        = (*Source)(nil)
	_ sources.Closer        = (*Source)(nil)
	_ sources.WholeRecorder = (*Source)(nil)
)

// Init validates the options. It does no I/O: a missing file is found by
// Fetch.
func (s *Source) Init(cfg sources.Config) error {
	if err := cfg.Options.Decode(&s.opts); err != nil {
		return err
	}
	if err := sqlsource.Required(cfg, "path", s.opts.Path, "the SQLite database file, relative to the config file"); err != nil {
		return err
	}
	if err := s.opts.Check(cfg); err != nil {
		return err
	}
	s.path = s.opts.Path
	if !filepath.IsAbs(s.path) {
		s.path = filepath.Join(cfg.Dir, s.path)
	}
	s.table = sqlsource.NewTable(sqlsource.SQLite, cfg, s.opts.Options)
	return nil
}

// dsn builds the driver's URI for the file: read-only for reads, with the
// busy timeout from `timeout` and times written in SQLite's own format.
func (s *Source) dsn(mode string) string {
	q := url.Values{}
	q.Set("mode", mode)
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", s.opts.Timeout.Milliseconds()))
	q.Set("_time_format", "sqlite")
	if mode == "ro" {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: s.path}).EscapedPath() + "?" + q.Encode()
}

// open opens the database file, failing when it does not exist.
func (s *Source) open(mode string) (*sql.DB, error) {
	if _, err := os.Stat(s.path); err != nil {
		return nil, s.table.Errorf("database file %s: %w; check path", s.path, errors.Unwrap(err))
	}
	db, err := sql.Open("sqlite", s.dsn(mode))
	if err != nil {
		return nil, s.table.Errorf("open %s: %w", s.path, err)
	}
	return db, nil
}

// Fetch reads every record in one read transaction. The snapshot version is
// SQLite's data_version and the sha256 of the database file (and its WAL,
// if any) while the read lock is held.
func (s *Source) Fetch(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	rt, version, err := s.begin(ctx)
	if err != nil {
		return sources.Snapshot{}, err
	}
	defer rt.end()
	n, err := s.table.Fetch(ctx, rt.tx, emit)
	if err != nil {
		return sources.Snapshot{}, err
	}
	return sources.Snapshot{Version: version, Records: n}, nil
}

// readTx is an open read transaction and the database handle it runs on.
type readTx struct {
	db *sql.DB
	tx *sql.Tx
}

// end rolls the transaction back, releasing the read lock, and closes the
// handle.
func (r readTx) end() {
	_ = r.tx.Rollback() // a read-only transaction has nothing to undo
	_ = r.db.Close()
}

// begin opens the file read-only, starts a read transaction and takes the
// read lock, returning the snapshot version.
func (s *Source) begin(ctx context.Context) (readTx, string, error) {
	db, err := s.open("ro")
	if err != nil {
		return readTx{}, "", err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		_ = db.Close()
		return readTx{}, "", s.table.Errorf("begin read of %s: %w", s.path, err)
	}
	rt := readTx{db: db, tx: tx}
	version, err := s.version(ctx, tx)
	if err != nil {
		rt.end()
		return readTx{}, "", err
	}
	return rt, version, nil
}

// version takes the read lock (by reading the schema), then reads
// data_version and hashes the file.
func (s *Source) version(ctx context.Context, tx *sql.Tx) (string, error) {
	var tables, dv int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
		return "", s.table.Errorf("read %s: %w; check that path is a SQLite database", s.path, err)
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA data_version").Scan(&dv); err != nil {
		return "", s.table.Errorf("read data_version of %s: %w", s.path, err)
	}
	h := sha256.New()
	for _, p := range []string{s.path, s.path + "-wal"} {
		if err := hashFile(h, p); err != nil && !(p != s.path && errors.Is(err, os.ErrNotExist)) {
			return "", s.table.Errorf("hash %s: %w", p, err)
		}
	}
	return fmt.Sprintf("data_version:%d sha256:%s", dv, hex.EncodeToString(h.Sum(nil))), nil
}

func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
