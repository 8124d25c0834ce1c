package postgres_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/drift-sh/drift/sources/sqlsource/sqltest"
)

// TestVersionNow: the source tells its WAL position without a scan (a
// queue worker's monotonic reads), in the form Fetch dates snapshots with.
func TestVersionNow(t *testing.T) {
	b := backend(t)
	src := b.Source(t, "table: "+b.Table(t))
	_, snap := sqltest.Fetch(t, src)
	v, ok := src.(interface {
		Version(context.Context) (string, error)
	})
	if !ok {
		t.Fatal("the postgres source has no Version method")
	}
	now, err := v.Version(context.Background())
	if err != nil || !regexp.MustCompile(`^[0-9A-F]+/[0-9A-F]+$`).MatchString(now) {
		t.Fatalf("version %q, %v; want a WAL LSN", now, err)
	}
	if snap.Version == "" {
		t.Error("the snapshot has no version to compare it with")
	}
}
