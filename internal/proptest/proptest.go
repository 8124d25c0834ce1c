// Package proptest holds what the property tests of several packages
// share.
package proptest

import (
	"flag"
	"os"
	"strconv"
	"testing"
)

// Checks has the rapid properties of the rest of test t check n cases
// instead of rapid's default, unless -rapid.checks or RAPID_CHECKS asks
// for a number; the default is back once t ends. It is for a property
// whose every case costs seconds.
func Checks(t testing.TB, n int) {
	f := flag.Lookup("rapid.checks")
	if f == nil || f.Value.String() != f.DefValue || os.Getenv("RAPID_CHECKS") != "" {
		return
	}
	_ = f.Value.Set(strconv.Itoa(n))
	t.Cleanup(func() { _ = f.Value.Set(f.DefValue) })
}
