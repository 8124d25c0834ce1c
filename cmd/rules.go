package cmd

import (
	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/rules"
)

// compileRules compiles the contract's CEL rules: invariants, transitions
// and expr strategies. A rule that does not compile is a usage error (exit
// 2), found before any source is read; drift validate lists them all.
func compileRules(c *contract.Contract) (*rules.Rules, error) {
	r, err := rules.New(c)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	return r, nil
}
