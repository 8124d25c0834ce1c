package queue

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/state"
)

// client is the part of a River client the queue uses. It has no
// transaction type in it, so *river.Client[pgx.Tx] and
// *river.Client[*sql.Tx] are both one: every caller shares one code path.
type client interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	InsertMany(ctx context.Context, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	JobGet(ctx context.Context, id int64) (*rivertype.JobRow, error)
	JobCancel(ctx context.Context, id int64) (*rivertype.JobRow, error)
	JobRetry(ctx context.Context, id int64) (*rivertype.JobRow, error)
	JobUpdate(ctx context.Context, id int64, params *river.JobUpdateParams) (*rivertype.JobRow, error)
}

// backend opens River clients on one database, its migrations applied.
type backend interface {
	newClient(cfg *river.Config) (client, error)
	// rescue makes the jobs still running since before horizon available
	// again (see rescue.go).
	rescue(ctx context.Context, horizon time.Time) (int, error)
	// count counts the jobs by state (see status_count.go).
	count(ctx context.Context) (Status, error)
	close()
}

// driverBackend is a backend over one River driver.
type driverBackend[TTx any] struct {
	driver riverdriver.Driver[TTx]
	schema string
	closer func()
}

func (b *driverBackend[TTx]) newClient(cfg *river.Config) (client, error) {
	cfg.Schema = b.schema
	return river.NewClient(b.driver, cfg)
}

func (b *driverBackend[TTx]) close() { b.closer() }

// migrate applies River's migrations, by run (in a transaction, or
// under a lock) so that workers starting together do not race to create
// the same tables.
func migrate[TTx any](d riverdriver.Driver[TTx], schema string, run func(m *rivermigrate.Migrator[TTx]) error) error {
	m, err := rivermigrate.New(d, &rivermigrate.Config{Schema: schema, Logger: quietLogger()})
	if err != nil {
		return err
	}
	if err := run(m); err != nil {
		return fmt.Errorf("apply the queue's migrations: %w", err)
	}
	return nil
}

// openBackend opens River on the state store's database: PostgreSQL for
// a postgres:// URL (River's tables in the store's schema), else the
// SQLite file itself. The store must have been opened (and so created)
// first.
func openBackend(ctx context.Context, where string) (backend, error) {
	if strings.HasPrefix(where, "postgres://") || strings.HasPrefix(where, "postgresql://") {
		b, err := openPostgres(ctx, where)
		if err != nil {
			return nil, redact.Error(fmt.Errorf("queue on %s: %w", redact.DSN(where), err), where)
		}
		return b, nil
	}
	b, err := openSQLite(ctx, where)
	if err != nil {
		return nil, fmt.Errorf("queue on %s: %w", where, err)
	}
	return b, nil
}

func openPostgres(ctx context.Context, dsn string) (backend, error) {
	conn, schema, err := state.PostgresSchema(dsn)
	if err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(conn)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	d := riverpgxv5.New(pool)
	if err := migrate(d, schema, func(m *rivermigrate.Migrator[pgx.Tx]) error {
		return underLock(ctx, pool, schema, func() error {
			_, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
			return err
		})
	}); err != nil {
		pool.Close()
		return nil, err
	}
	return &driverBackend[pgx.Tx]{driver: d, schema: schema, closer: pool.Close}, nil
}

// underLock runs fn holding a session advisory lock on the schema's
// queue: River's PostgreSQL migrations cannot share one transaction (a
// new enum value is used by the next one).
func underLock(ctx context.Context, pool *pgxpool.Pool, schema string, fn func() error) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	const key = `hashtext('drift.queue.' || $1::text)`
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(`+key+`)`, schema); err != nil {
		return fmt.Errorf("lock the queue's migrations: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+key+`)`, schema)
	return fn()
}

// openSQLite opens a pool of one connection on the store's file, as
// River's SQLite driver asks; the store's busy timeout makes it wait for
// the store's own writes. Its immediate transactions serialize the
// migrations of workers starting together.
func openSQLite(ctx context.Context, path string) (backend, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("the state store is missing: %w", err)
	}
	db, err := sql.Open("sqlite", state.SQLiteDSN(filepath.Clean(path)))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	d := riversqlite.New(db)
	err = migrate(d, "", func(m *rivermigrate.Migrator[*sql.Tx]) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil); err != nil {
			_ = tx.Rollback()
			return err
		}
		return tx.Commit()
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &driverBackend[*sql.Tx]{driver: d, closer: func() { db.Close() }}, nil
}
