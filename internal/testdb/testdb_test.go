package testdb

import (
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
)

// fakeT records how a helper ended instead of ending the real test.
type fakeT struct {
	testing.TB
	ended string // "skip", "fail" or "" when the helper returned
	msg   string
}

func (f *fakeT) Helper() {}
func (f *fakeT) end(kind string, args ...any) {
	f.ended, f.msg = kind, fmt.Sprint(args...)
	runtime.Goexit()
}
func (f *fakeT) Skip(args ...any)                 { f.end("skip", args...) }
func (f *fakeT) Skipf(format string, args ...any) { f.end("skip", fmt.Sprintf(format, args...)) }
func (f *fakeT) Fatal(args ...any)                { f.end("fail", args...) }
func (f *fakeT) Fatalf(format string, args ...any) {
	f.end("fail", fmt.Sprintf(format, args...))
}

func run(helper func(testing.TB) string) (*fakeT, string) {
	f := &fakeT{}
	var dsn string
	done := make(chan struct{})
	go func() {
		defer close(done)
		dsn = helper(f)
	}()
	<-done
	return f, dsn
}

func TestLookup(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	up := "redis://" + ln.Addr().String()
	tests := []struct {
		name, ci, env string
		ended, msg    string
	}{
		{"unset outside CI skips with how-to", "", "", "skip", "set DRIFT_TEST_REDIS=127.0.0.1:6379"},
		{"unreachable outside CI skips", "", "127.0.0.1:1", "skip", "unreachable"},
		{"unreachable in CI fails", "true", "127.0.0.1:1", "fail", "unreachable"},
		{"garbage fails", "", "nonsense", "fail", "DRIFT_TEST_REDIS"},
		{"reachable returns the DSN", "true", up, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			t.Setenv("DRIFT_TEST_REDIS", tt.env)
			f, dsn := run(Redis)
			if f.ended != tt.ended || !strings.Contains(f.msg, tt.msg) {
				t.Errorf("ended %q with %q; want %q with %q", f.ended, f.msg, tt.ended, tt.msg)
			}
			if tt.ended == "" && dsn != tt.env {
				t.Errorf("returned %q, want %q", dsn, tt.env)
			}
		})
	}
}
