// Package mysql is the source plugin for a MySQL or MariaDB table (or a
// read-only query), read in one consistent-snapshot transaction with
// go-sql-driver/mysql.
package mysql

import (
	"context"
	"database/sql"
	"encoding/json"
	"sync"
	"time"

	driver "github.com/go-sql-driver/mysql"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

func init() {
	sources.Add("mysql", func() sources.Source { return &Source{} })
}

// options are the keys of a mysql source block.
type options struct {
	// DSN is a go-sql-driver DSN: user:password@tcp(host:3306)/db.
	DSN               string `yaml:"dsn"`
	sqlsource.Options `yaml:",inline"`
}

// Source reads and writes one MySQL or MariaDB table.
type Source struct {
	opts   options
	config *driver.Config
	table  *sqlsource.Table

	mu sync.Mutex
	db *sql.DB // opened on first use

	held sqlsource.Held // the transaction FetchLocated left open for Reread
}

var (
	_ sources.Source        = (*Source)(nil)
	_ sources.Writer        = (*Source)(nil)
	_ sources.Closer        = (*Source)(nil)
	_ sources.WholeRecorder = (*Source)(nil)
)

// Init validates the options and parses the DSN. It does not connect.
// Times are read as UTC time.Time (parseTime), and connecting and each
// read are bounded by `timeout`.
func (s *Source) Init(cfg sources.Config) error {
	if err := cfg.Options.Decode(&s.opts); err != nil {
		return err
	}
	if err := sqlsource.Required(cfg, "dsn", s.opts.DSN, `a DSN such as "user:password@tcp(127.0.0.1:3306)/db"`); err != nil {
		return err
	}
	if err := s.opts.Check(cfg); err != nil {
		return err
	}
	s.table = sqlsource.NewTable(sqlsource.MySQL, cfg, s.opts.Options)
	mc, err := driver.ParseDSN(s.opts.DSN)
	if err != nil {
		return redact.Error(sqlsource.InitError(cfg, "dsn", "parse dsn: %v", err), s.opts.DSN)
	}
	mc.ParseTime = true
	mc.Loc = time.UTC
	mc.Timeout = s.opts.Timeout
	mc.ReadTimeout = s.opts.Timeout
	s.config = mc
	return nil
}

// errorf returns an error naming the source, with the DSN's password masked.
func (s *Source) errorf(format string, args ...any) error {
	return redact.Error(s.table.Errorf(format, args...), s.opts.DSN)
}

// handle returns the connection pool, creating it on first use.
func (s *Source) handle() (*sql.DB, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db != nil {
		return s.db, nil
	}
	conn, err := driver.NewConnector(s.config)
	if err != nil {
		return nil, s.errorf("configure connection: %w", err)
	}
	s.db = sql.OpenDB(conn)
	return s.db, nil
}

// connect takes one connection from the pool within the timeout.
func (s *Source) connect(ctx context.Context) (*sql.Conn, error) {
	db, err := s.handle()
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	conn, err := db.Conn(cctx)
	if err == nil {
		err = conn.PingContext(cctx)
	}
	if err != nil {
		if conn != nil {
			_ = conn.Close()
		}
		return nil, s.errorf("connect to %s within %s: %w; check dsn and that the server is up", s.config.Addr, s.opts.Timeout, err)
	}
	return conn, nil
}

// Get reads one record by key.
func (s *Source) Get(ctx context.Context, key []any) (contract.Record, bool, error) {
	conn, err := s.connect(ctx)
	if err != nil {
		return contract.Record{}, false, err
	}
	defer conn.Close()
	rec, found, err := s.table.Get(ctx, sqlsource.SQLQuerier{Conn: conn}, key)
	return rec, found, redact.Error(err, s.opts.DSN)
}

// Write applies one compare-and-set operation in a transaction that locks
// the row (SELECT ... FOR UPDATE) before comparing and writing.
func (s *Source) Write(ctx context.Context, op sources.WriteOp) error {
	db, err := s.handle()
	if err != nil {
		return err
	}
	return redact.Error(sqlsource.WriteTx(ctx, db, s.table, op), s.opts.DSN)
}

// Close ends the transaction FetchLocated kept open for Reread and closes
// the connection pool, if they were opened.
func (s *Source) Close() error {
	s.held.Release()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

// GetWhole reads the row with the key whole: every column in table order,
// DECIMAL with its exact text, dates and times as mysql reads them back,
// JSON columns as their document and binary columns as base64. Write,
// given it as WriteOp.Whole, inserts it back.
func (s *Source) GetWhole(ctx context.Context, key []any) (json.RawMessage, bool, error) {
	conn, err := s.connect(ctx)
	if err != nil {
		return nil, false, err
	}
	defer conn.Close()
	whole, found, err := s.table.WholeRows(ctx, conn, key)
	return whole, found, redact.Error(err, s.opts.DSN)
}
