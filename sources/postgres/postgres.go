// Package postgres is the source plugin for a PostgreSQL table (or a
// read-only query), read with pgx in one REPEATABLE READ transaction.
package postgres

import (
	"context"
	"net"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

func init() {
	sources.Add("postgres", func() sources.Source { return &Source{} })
}

// options are the keys of a postgres source block.
type options struct {
	// DSN is a postgres:// URL or a key=value connection string.
	DSN               string `yaml:"dsn"`
	sqlsource.Options `yaml:",inline"`
}

// Source reads and writes one PostgreSQL table.
type Source struct {
	opts   options
	config *pgx.ConnConfig
	table  *sqlsource.Table

	mu sync.Mutex
	// conns are the connections for Get and Write, opened as calls side by
	// side need them (see withConn); idle those not in use.
	conns, idle []*pgx.Conn

	held sqlsource.Held // the transaction FetchLocated left open for Reread
}

var (
	_ sources.Source        = (*Source)(nil)
	_ sources.Writer        = (*Source)(nil)
	_ sources.Closer        = (*Source)(nil)
	_ sources.WholeRecorder = (*Source)(nil)
)

// Init validates the options and parses the DSN. It does not connect.
func (s *Source) Init(cfg sources.Config) error {
	if err := cfg.Options.Decode(&s.opts); err != nil {
		return err
	}
	if err := sqlsource.Required(cfg, "dsn", s.opts.DSN, `a connection string such as "postgres://user@host:5432/db"`); err != nil {
		return err
	}
	if err := s.opts.Check(cfg); err != nil {
		return err
	}
	s.table = sqlsource.NewTable(sqlsource.Postgres, cfg, s.opts.Options)
	pc, err := pgx.ParseConfig(s.opts.DSN)
	if err != nil {
		return redact.Error(sqlsource.InitError(cfg, "dsn", "parse dsn: %v", err), s.opts.DSN)
	}
	pc.ConnectTimeout = s.opts.Timeout
	dial := pc.DialFunc
	pc.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return newIdleConn(c, s.opts.Timeout), nil
	}
	s.config = pc
	return nil
}

// errorf returns an error naming the source, with the DSN's password masked.
func (s *Source) errorf(format string, args ...any) error {
	return redact.Error(s.table.Errorf(format, args...), s.opts.DSN)
}

// connect opens a connection within the timeout.
func (s *Source) connect(ctx context.Context) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, s.config.Copy())
	if err != nil {
		return nil, s.errorf("connect to %s:%d within %s: %w; check dsn and that the server is up",
			s.config.Host, s.config.Port, s.opts.Timeout, err)
	}
	return conn, nil
}
