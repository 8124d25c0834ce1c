package state

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver for cleanup

	"github.com/drift-sh/drift/internal/testdb"
)

func TestPostgres(t *testing.T) {
	dsn := testdb.Postgres(t)
	testStore(t, func(t *testing.T) string { return postgresSchema(t, dsn) })
}

// postgresSchema returns dsn pointed at a fresh schema that is dropped when
// the test ends.
func postgresSchema(t *testing.T, dsn string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "drift_test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Error(err)
			return
		}
		defer db.Close()
		if _, err := db.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("DRIFT_TEST_POSTGRES must be a postgres:// URL: %v", err)
	}
	q := u.Query()
	q.Set("schema", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestPostgresErrorsHidePasswords(t *testing.T) {
	tests := []struct {
		name, dsn string
	}{
		{"unreachable", "postgres://drift:Sup3rSecret@127.0.0.1:1/test?sslmode=disable&connect_timeout=2"},
		{"unreachable postgresql scheme", "postgresql://drift:Sup3rSecret@127.0.0.1:1/test?sslmode=disable"},
		{"escaped password", "postgres://drift:Sup3r%40Secret@127.0.0.1:1/test?sslmode=disable"},
		{"password parameter", "postgres://drift@127.0.0.1:1/test?password=Sup3rSecret&sslmode=disable"},
		{"unparseable url", "postgres://drift:Sup3r Secret@127.0.0.1:port/test"},
		{"bad setting", "postgres://drift:Sup3rSecret@127.0.0.1:1/test?sslmode=bogus"},
		{"bad schema", "postgres://drift:Sup3rSecret@127.0.0.1:1/test?schema=no-dashes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Open(context.Background(), tt.dsn)
			if err == nil {
				st.Close()
				t.Fatal("opened an unreachable store")
			}
			if strings.Contains(err.Error(), "Sup3r") || strings.Contains(err.Error(), "Secret") {
				t.Errorf("the error shows the password: %v", err)
			}
			if !strings.Contains(err.Error(), "127.0.0.1") {
				t.Errorf("the error does not say which store: %v", err)
			}
		})
	}
}

func TestSplitSchema(t *testing.T) {
	tests := []struct {
		name, dsn, conn, schema string
		fails                   bool
	}{
		{"default", "postgres://h/db?sslmode=disable", "postgres://h/db?sslmode=disable", "drift", false},
		{"named", "postgres://h/db?schema=ops_state&sslmode=disable", "postgres://h/db?sslmode=disable", "ops_state", false},
		{"invalid name", "postgres://h/db?schema=1x", "", "", true},
		{"injection", `postgres://h/db?schema=x";drop`, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, schema, err := splitSchema(tt.dsn)
			if (err != nil) != tt.fails || conn != tt.conn || schema != tt.schema {
				t.Errorf("splitSchema = %q, %q, %v; want %q, %q, failure %v", conn, schema, err, tt.conn, tt.schema, tt.fails)
			}
		})
	}
}
