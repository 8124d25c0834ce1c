package sqlite

import (
	"context"
	"database/sql/driver"

	sqlite "modernc.org/sqlite"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

var _ sources.Checksummer = (*Source)(nil)

func init() {
	sqlite.MustRegisterFunction("drift_sum", &sqlite.FunctionImpl{
		NArgs:         1,
		Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &liteSum{}, nil },
	})
}

// liteSum is the drift_sum aggregate: see sqlsource.LiteSum.
type liteSum struct{ sum sqlsource.LiteSum }

func (l *liteSum) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	switch x := args[0].(type) {
	case string:
		l.sum.Add(x)
	case []byte:
		l.sum.Add(string(x))
	}
	return nil
}

func (l *liteSum) WindowInverse(*sqlite.FunctionContext, []driver.Value) error { return nil }

func (l *liteSum) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	return l.sum.String(), nil
}

func (l *liteSum) Final(*sqlite.FunctionContext) {}

// BeginChecksum opens the same read transaction as Fetch and compares
// ranges of the table inside it.
func (s *Source) BeginChecksum(ctx context.Context) (sources.ChecksumSession, error) {
	if s.table.Query != "" || s.opts.Checksum == "off" {
		return s.table.BeginChecksum(ctx, nil, sources.Snapshot{}, func() {}, s.opts.ChecksumOptions)
	}
	rt, version, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	run := sqlsource.SQLRunner{Conn: rt.tx, Table: s.table}
	return s.table.BeginChecksum(ctx, run, sources.Snapshot{Version: version}, rt.end, s.opts.ChecksumOptions)
}
