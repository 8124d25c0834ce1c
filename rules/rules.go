// Package rules compiles and evaluates a contract's CEL rules: invariants
// over one record (`self`), transitions over a record's previous and
// current state (`oldSelf`, `self`), and the expressions of the `expr`
// resolution strategy (`values`, `records`).
//
// A record is a CEL map from field name to typed value: string and enum
// fields are strings, int is int, float is double, bool is bool, timestamp
// is a timestamp, set and list are lists of strings, json is the decoded
// JSON (integers as int, other numbers as exact decimals). Decimal fields
// are exact decimals: the arithmetic and comparison operators compute
// exactly when a decimal takes part, and a double literal counts as the
// decimal it is written as, so `self.a + self.b == 0.3` holds for 0.1 and
// 0.2. decimal('0.1') makes a decimal from a string or number; string(x)
// does not apply to decimals. A null field, and one whose value did not
// parse, is absent from the map: test it with has(self.field).
package rules

import (
	"cel.dev/cel-go/cel"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// CostLimit is the largest CEL cost one evaluation may use; a rule that
// needs more is stopped and reported, so a rule can never hang a scan.
const CostLimit = 1_000_000

// Rules are a contract's compiled CEL rules. They are safe for concurrent
// use.
type Rules struct {
	c           *contract.Contract
	invariants  []*program
	transitions []*program
	exprs       map[string]*program
}

var _ diff.Checker = (*Rules)(nil)

// program is one compiled rule or expression.
type program struct {
	rule contract.Rule
	prg  cel.Program
	// fields are the indexes of the fields the rule reads, in contract
	// order, for messages.
	fields []int
}

// New compiles every invariant, transition and expr strategy of c. All
// compile errors, type errors and references to undeclared fields are
// returned at once as a *contract.LoadError, each at the file, line and
// column of the mistake inside the rule.
func New(c *contract.Contract) (*Rules, error) {
	cp, err := newCompiler(c)
	if err != nil {
		return nil, err
	}
	r := &Rules{c: c, exprs: map[string]*program{}}
	for _, rule := range c.Invariants {
		if p := cp.rule(cp.invariantEnv, rule); p != nil {
			r.invariants = append(r.invariants, p)
		}
	}
	for _, rule := range c.Transitions {
		if p := cp.rule(cp.transitionEnv, rule); p != nil {
			r.transitions = append(r.transitions, p)
		}
	}
	for _, name := range sortedKeys(c.Resolve.Fields) {
		fr := c.Resolve.Fields[name]
		if fr.Strategy != "expr" || fr.Expr == "" {
			continue
		}
		rule := contract.Rule{Name: name, Rule: fr.Expr, Line: fr.ExprLine, Column: fr.ExprColumn}
		if p := cp.expr(rule); p != nil {
			r.exprs[name] = p
		}
	}
	if len(cp.problems) > 0 {
		return nil, &contract.LoadError{Problems: cp.sorted()}
	}
	return r, nil
}
