package sqlsource

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// LiteSum is the drift_sum aggregate the sqlite plugin registers, since
// SQLite has no md5: it sums the four 28-bit parts of each row text's md5
// as PostgreSQL and MySQL do in SQL, so that every dialect gives the same
// hash for the same rows.
type LiteSum struct{ h [4]int64 }

// Add adds one row's canonical text.
func (s *LiteSum) Add(text string) {
	sum := md5.Sum([]byte(text))
	x := hex.EncodeToString(sum[:])
	for i := range s.h {
		v, _ := strconv.ParseInt(x[7*i:7*i+7], 16, 64)
		s.h[i] += v
	}
}

// String is the aggregate's result: the four sums, space-separated.
func (s *LiteSum) String() string {
	return fmt.Sprintf("%d %d %d %d", s.h[0], s.h[1], s.h[2], s.h[3])
}

func parseLiteSum(text string) ([4]int64, error) {
	var h [4]int64
	parts := strings.Fields(text)
	if text == "" {
		return h, nil
	}
	if len(parts) != 4 {
		return h, fmt.Errorf("drift_sum gave %q", text)
	}
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return h, fmt.Errorf("drift_sum gave %q: %w", text, err)
		}
		h[i] = v
	}
	return h, nil
}

// SQLRunner is a Runner over a database/sql connection or transaction.
type SQLRunner struct {
	Conn  SQLConn
	Table *Table
}

// Query implements Runner.
func (r SQLRunner) Query(ctx context.Context, query string, args []any, each func(scan func(...any) error) error) error {
	rows, err := r.Conn.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Fetch implements Runner.
func (r SQLRunner) Fetch(ctx context.Context, query string, args []any, layout *Layout, emit func(contract.Record) error) (int, error) {
	rows, err := r.Conn.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, r.Table.Errorf("read %s: %w", r.Table.What(), err)
	}
	defer rows.Close()
	return r.Table.stream(rows, layout, emit)
}
