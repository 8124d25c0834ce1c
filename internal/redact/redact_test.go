package redact

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestDSN(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"postgres url", "postgres://app:s3cret@db:5432/x?sslmode=disable", "postgres://app:xxxxx@db:5432/x?sslmode=disable"},
		{"postgresql url", "postgresql://app:s3cret@db/x", "postgresql://app:xxxxx@db/x"},
		{"password with at and slash", "postgres://app:p@ss/w@db/x", "postgres://app:xxxxx@db/x"},
		{"escaped password", "postgres://app:p%40ss@db/x", "postgres://app:xxxxx@db/x"},
		{"url without password", "postgres://app@db/x", "postgres://app@db/x"},
		{"url without user", "postgres://db:5432/x", "postgres://db:5432/x"},
		{"at in query", "postgres://app:pw@db/x?application_name=a@b", "postgres://app:xxxxx@db/x?application_name=a@b"},
		{"password query param", "postgres://db/x?user=u&password=s3cret&sslmode=disable", "postgres://db/x?user=u&password=xxxxx&sslmode=disable"},
		{"key value", "host=db user=app password=s3cret dbname=x", "host=db user=app password=xxxxx dbname=x"},
		{"key value quoted", "host=db password='s3 cret' dbname=x", "host=db password=xxxxx dbname=x"},
		{"key value spaces", "host=db password = s3cret", "host=db password = xxxxx"},
		{"key value sslpassword", "host=db sslpassword=k3y", "host=db sslpassword=xxxxx"},
		{"key value socket path", "host=/var/run/postgresql user=a@b dbname=x", "host=/var/run/postgresql user=a@b dbname=x"},
		{"mysql", "root:s3cret@tcp(127.0.0.1:3306)/test", "root:xxxxx@tcp(127.0.0.1:3306)/test"},
		{"mysql at in password", "root:p@ss@tcp(db)/test?parseTime=true", "root:xxxxx@tcp(db)/test?parseTime=true"},
		{"mysql no password", "root@tcp(127.0.0.1:3306)/test", "root@tcp(127.0.0.1:3306)/test"},
		{"redis url", "redis://:s3cret@cache:6379/0", "redis://:xxxxx@cache:6379/0"},
		{"plain path", ".drift/state.db", ".drift/state.db"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DSN(tt.in); got != tt.want {
				t.Errorf("DSN(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPasswords(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"url", "postgres://a:s3cret@h/d", []string{"s3cret"}},
		{"url escaped", "postgres://a:p%40ss@h/d", []string{"p%40ss", "p@ss"}},
		{"key value", "host=h password='x y'", []string{"x y"}},
		{"mysql", "a:b@tcp(h)/d", []string{"b"}},
		{"both forms", "postgres://a:one@h/d?password=two", []string{"two", "one"}},
		{"none", "postgres://a@h/d", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Passwords(tt.in)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Passwords(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestError(t *testing.T) {
	dsn := "postgres://app:p@ss w0rd@127.0.0.1:1/x"
	tests := []struct {
		name string
		err  error
	}{
		{"echoes dsn", fmt.Errorf("open %s: refused", dsn)},
		{"echoes raw password", errors.New("auth failed for password p@ss w0rd")},
		{"echoes escaped password", errors.New("bad url postgres://app:p%40ss+w0rd@h")},
		{"wraps a sentinel", fmt.Errorf("dial %s: %w", dsn, context.DeadlineExceeded)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Error(tt.err, dsn)
			if strings.Contains(got.Error(), "p@ss") || strings.Contains(got.Error(), "w0rd") {
				t.Errorf("message still holds the password: %q", got)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("scrubbed error does not unwrap to the original")
			}
		})
	}
	if Error(nil, dsn) != nil {
		t.Error("Error(nil) is not nil")
	}
	plain := errors.New("no secret here")
	if Error(plain, dsn) != plain {
		t.Error("an error without secrets should be returned as is")
	}
}
