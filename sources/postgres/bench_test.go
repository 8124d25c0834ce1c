package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/testdb"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource/sqltest"
)

const benchContract = `version: 1
contract:
  name: bench
  version: 1
  key: [id]
  fields:
    id:       {type: int}
    name:     {type: string}
    email:    {type: string, normalize: [trim, lower]}
    qty:      {type: int}
    price:    {type: decimal, tolerance: 0.001}
    balance:  {type: decimal}
    created:  {type: timestamp, precision: 1s}
    updated:  {type: timestamp}
`

const benchRows = `SELECT g::bigint AS id, 'customer '||g AS name, 'User'||g||'@Example.com' AS email,
	(g % 1000)::int AS qty, (g % 99999)::numeric(12,2)/100 AS price, (g * 7)::numeric(14,4)/10000 AS balance,
	timestamptz '2026-01-01' + g * interval '1 second' AS created, timestamptz '2026-01-01' + g * interval '1.5 ms' AS updated
	FROM generate_series(1, 100000) g`

// BenchmarkRead reads a 100,000-row table into a diff engine as a scan
// does, through FetchLocated (a Go value per column) and through Stream:
//
//	CI=true go test ./sources/postgres/ -run '^$' -bench Read -benchmem -cpuprofile cpu.out
func BenchmarkRead(b *testing.B) {
	dsn := testdb.Postgres(b)
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		b.Fatalf("connect: %v", err)
	}
	b.Cleanup(func() { conn.Close(context.Background()) })
	name := sqltest.Name("bench_read")
	if _, err := conn.Exec(context.Background(), "CREATE TABLE "+name+" AS "+benchRows); err != nil {
		b.Fatal(err)
	}
	// Dropped after the source is closed (cleanups run last first): its
	// held snapshot would block the drop.
	b.Cleanup(func() { _, _ = conn.Exec(context.Background(), "DROP TABLE "+name) })
	cfg := sqltest.Config(b, b.TempDir(), benchContract+"sources:\n  db: {type: postgres, dsn: '"+dsn+"', table: "+name+"}\n")
	src := sqltest.New(b, cfg)
	for _, mode := range []string{"fetch", "stream"} {
		b.Run(mode, func(b *testing.B) {
			for b.Loop() {
				eng := diff.New(cfg.Contract, []string{"db"}, diff.WithLocated(0))
				add := func(rec contract.Record) error { eng.Add(0, rec); return nil }
				var err error
				if mode == "fetch" {
					_, err = src.(sources.Rereader).FetchLocated(context.Background(), add)
				} else {
					_, err = src.(sources.Streamer).Stream(context.Background(), true, add)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100000, "ns/row")
		})
	}
}
