package repair

import (
	"fmt"
	"slices"
	"sync"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// Strategy resolves one changed field of one key: the value every source
// should hold. An error sends the field to manual, with the error's text
// as the reason; a strategy that cannot decide safely must return one.
// Strategies are plain functions of their input: no I/O, no clock.
type Strategy interface {
	Resolve(in FieldInput) (Resolved, error)
}

// StrategyFunc is a function that is a Strategy.
type StrategyFunc func(in FieldInput) (Resolved, error)

// Resolve calls f.
func (f StrategyFunc) Resolve(in FieldInput) (Resolved, error) { return f(in) }

// FieldInput is what a strategy reads to resolve one changed field of one
// key.
type FieldInput struct {
	Contract *contract.Contract
	Field    *contract.Field
	Key      diff.Key
	// Sources are every source of the scan, in config order; Records holds
	// each one's record of the key (indexed like Contract.Fields), nil
	// where it lacks the key or could not be read.
	Sources []Source
	Records [][]contract.Value
	// Holders are the indexes of the sources that hold the key, two or
	// more.
	Holders []int
	// Expr evaluates the contract's expr strategies; nil when none was
	// given.
	Expr ExprFunc
}

// Value is source i's value of the field.
func (in FieldInput) Value(i int) contract.Value { return in.Records[i][in.Field.Index] }

// Name is source i's name.
func (in FieldInput) Name(i int) string { return in.Sources[i].Name }

// SourceIndex is the index of a source by name, or -1.
func (in FieldInput) SourceIndex(name string) int {
	return slices.IndexFunc(in.Sources, func(s Source) bool { return s.Name == name })
}

// Resolved is the value a field resolves to, and the source it was taken
// from (empty when the strategy computed it).
type Resolved struct {
	Value contract.Value
	From  string
}

var (
	strategiesMu sync.RWMutex
	strategies   = map[string]Strategy{}
)

// Register makes a strategy available under name, for the contract's
// resolve.fields.*.strategy. Each strategy registers itself in an init
// function of its own file; a second registration of a name panics.
func Register(name string, s Strategy) {
	strategiesMu.Lock()
	defer strategiesMu.Unlock()
	if _, dup := strategies[name]; dup {
		panic(fmt.Sprintf("repair: strategy %q registered twice", name))
	}
	strategies[name] = s
}

// Strategies lists the registered strategy names, sorted: what a
// contract may name (contract.WithStrategies).
func Strategies() []string {
	strategiesMu.RLock()
	defer strategiesMu.RUnlock()
	out := make([]string, 0, len(strategies))
	for name := range strategies {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func lookupStrategy(name string) (Strategy, bool) {
	strategiesMu.RLock()
	defer strategiesMu.RUnlock()
	s, ok := strategies[name]
	return s, ok
}
