package rules

import (
	"fmt"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/ext"

	"github.com/drift-sh/drift/contract"
)

// Variables of the three kinds of expression.
const (
	varSelf    = "self"
	varOldSelf = "oldSelf"
	varValues  = "values"
	varRecords = "records"
)

var recordType = cel.MapType(cel.StringType, cel.DynType)

// compiler compiles a contract's expressions and collects every problem.
type compiler struct {
	c                                    *contract.Contract
	pos                                  *positioner
	invariantEnv, transitionEnv, exprEnv *cel.Env
	problems                             []contract.Problem
}

func newCompiler(c *contract.Contract) (*compiler, error) {
	cp := &compiler{c: c, pos: newPositioner(c.File)}
	var err error
	if cp.invariantEnv, err = newEnv(cel.Variable(varSelf, recordType)); err != nil {
		return nil, err
	}
	if cp.transitionEnv, err = newEnv(cel.Variable(varSelf, recordType), cel.Variable(varOldSelf, recordType)); err != nil {
		return nil, err
	}
	if cp.exprEnv, err = newEnv(cel.Variable(varValues, cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable(varRecords, cel.MapType(cel.StringType, recordType))); err != nil {
		return nil, err
	}
	return cp, nil
}

// newEnv is the CEL environment every expression shares, with vars.
func newEnv(vars ...cel.EnvOption) (*cel.Env, error) {
	opts := append(vars, ext.Strings(), ext.Sets(),
		cel.Function("decimal",
			cel.Overload("decimal_string", []*cel.Type{cel.StringType}, decimalType, cel.UnaryBinding(parseDecimal)),
			cel.Overload("decimal_int", []*cel.Type{cel.IntType}, decimalType, cel.UnaryBinding(parseDecimal)),
			cel.Overload("decimal_double", []*cel.Type{cel.DoubleType}, decimalType, cel.UnaryBinding(parseDecimal)),
			cel.Overload("decimal_decimal", []*cel.Type{decimalType}, decimalType, cel.UnaryBinding(parseDecimal)),
		))
	opts = append(opts, exactOperators()...)
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, fmt.Errorf("rules: building the CEL environment: %w", err)
	}
	return env, nil
}

// rule compiles an invariant or transition, which must give a bool.
func (cp *compiler) rule(env *cel.Env, rule contract.Rule) *program {
	what := fmt.Sprintf("rule %q", rule.Name)
	checked, fields := cp.check(env, rule, what)
	if checked == nil {
		return nil
	}
	if t := checked.OutputType(); !t.IsExactType(types.BoolType) && !t.IsExactType(types.DynType) {
		cp.problemf(rule, nil, "%s gives %s, not a bool; a rule must be true or false", what, t)
		return nil
	}
	return cp.program(env, checked, rule, fields, what)
}

// expr compiles the expression of an expr strategy.
func (cp *compiler) expr(rule contract.Rule) *program {
	what := fmt.Sprintf("resolve: fields: %q: expr", rule.Name)
	checked, fields := cp.check(cp.exprEnv, rule, what)
	if checked == nil {
		return nil
	}
	return cp.program(cp.exprEnv, checked, rule, fields, what)
}

func (cp *compiler) program(env *cel.Env, checked *cel.Ast, rule contract.Rule, fields []int, what string) *program {
	prg, err := env.Program(checked, cel.CostLimit(CostLimit), cel.EvalOptions(cel.OptTrackCost))
	if err != nil {
		cp.problemf(rule, nil, "%s: %v", what, err)
		return nil
	}
	return &program{rule: rule, prg: prg, fields: fields}
}

// check parses and type-checks one expression with drift's exact
// operators, and checks the fields it names; it returns nil after
// reporting why when the expression cannot be used.
func (cp *compiler) check(env *cel.Env, rule contract.Rule, what string) (*cel.Ast, []int) {
	if strings.TrimSpace(rule.Rule) == "" {
		cp.problemf(rule, nil, "%s is empty; write a CEL expression", what)
		return nil, nil
	}
	parsed, iss := env.Parse(rule.Rule)
	if iss.Err() != nil {
		cp.issues(rule, what, iss)
		return nil, nil
	}
	rewriteOperators(parsed.NativeRep())
	checked, iss := env.Check(parsed)
	if iss.Err() != nil {
		cp.issues(rule, what, iss)
		return nil, nil
	}
	fields, ok := cp.fieldRefs(checked.NativeRep(), rule, what)
	if !ok {
		return nil, nil
	}
	return checked, fields
}

// issues reports each CEL error at its place in the file.
func (cp *compiler) issues(rule contract.Rule, what string, iss *cel.Issues) {
	for _, e := range iss.Errors() {
		msg := operatorNames.Replace(e.Message)
		cp.problemf(rule, e.Location, "%s: %s", what, msg)
	}
}

// problemf records a problem at loc inside the rule (nil: its start).
func (cp *compiler) problemf(rule contract.Rule, loc common.Location, format string, args ...any) {
	if loc == nil {
		loc = common.NewLocation(1, 0)
	}
	line, col := cp.pos.at(rule.Line, rule.Column, loc)
	cp.problems = append(cp.problems, contract.Problem{File: cp.c.File, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

func (cp *compiler) sorted() []contract.Problem {
	ps := cp.problems
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Column < ps[j].Column
	})
	return ps
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sourceLocation is where expression id starts within its text.
func sourceLocation(a *ast.AST, id int64) common.Location {
	return a.SourceInfo().GetStartLocation(id)
}
