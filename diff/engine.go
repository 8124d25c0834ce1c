package diff

import "github.com/drift-sh/drift/contract"

// RuleViolation is a named rule broken by one record.
type RuleViolation struct {
	Rule    string
	Field   string
	Message string
}

// Checker evaluates the contract's named rules (CEL invariants and
// transitions) over one parsed record of one source. It is optional.
type Checker interface {
	Check(source string, values []contract.Value) []RuleViolation
}

// Engine diffs records from several sources against one contract. Add may be
// called concurrently for different sources, never for the same one.
type Engine struct{}

// Option configures an Engine.
type Option func(*Engine)

// WithChecker adds named-rule checks.
func WithChecker(c Checker) Option { return func(e *Engine) {} }

// New makes an engine for the named sources, in config order.
func New(c *contract.Contract, sources []string, opts ...Option) *Engine {
	panic("not implemented")
}

// Add parses, validates and indexes one record of source src (an index
// into the sources given to New).
func (e *Engine) Add(src int, rec contract.Record) {
	panic("not implemented")
}

// Fail marks source src as unreadable: it contributes no missing drifts.
func (e *Engine) Fail(src int) { panic("not implemented") }

// Result computes the drifts, sorted as SPEC says, and their summary.
func (e *Engine) Result() ([]Drift, Summary) { panic("not implemented") }
