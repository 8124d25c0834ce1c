package rules

import (
	"fmt"
	"sort"
	"strings"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	"github.com/drift-sh/drift/contract"
)

// fieldRefs finds every field an expression reads from a record
// (self.x, oldSelf.x, self['x'], records.src.x) and reports the ones the
// contract does not declare, or ignores. It returns the indexes of the
// fields read, in contract order.
func (cp *compiler) fieldRefs(a *ast.AST, rule contract.Rule, what string) ([]int, bool) {
	seen := map[int]bool{}
	ok := true
	ast.PostOrderVisit(a.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		name, found := recordField(e)
		if !found {
			return
		}
		f := cp.c.FieldByName(name)
		loc := sourceLocation(a, leftmost(e).ID())
		switch {
		case f == nil:
			ok = false
			cp.problemf(rule, loc, "%s: field %q is not declared under fields%s", what, name, suggest(name, cp.fieldNames()))
		case f.Ignore:
			ok = false
			cp.problemf(rule, loc, "%s: field %q has ignore: true, so it is never set; remove ignore or the reference", what, name)
		default:
			seen[f.Index] = true
		}
	}))
	out := make([]int, 0, len(seen))
	for i := range seen {
		out = append(out, i)
	}
	sort.Ints(out)
	return out, ok
}

// recordField returns the field name when e reads a field of a record.
func recordField(e ast.Expr) (string, bool) {
	switch e.Kind() {
	case ast.SelectKind:
		sel := e.AsSelect()
		if isRecord(sel.Operand()) {
			return sel.FieldName(), true
		}
	case ast.CallKind:
		call := e.AsCall()
		if call.FunctionName() != operators.Index || len(call.Args()) != 2 || !isRecord(call.Args()[0]) {
			return "", false
		}
		if k := call.Args()[1]; k.Kind() == ast.LiteralKind {
			if s, ok := k.AsLiteral().(types.String); ok {
				return string(s), true
			}
		}
	}
	return "", false
}

// leftmost is the expression a field read starts with (self in
// self.x.y), so messages point at the start of the reference.
func leftmost(e ast.Expr) ast.Expr {
	for {
		switch e.Kind() {
		case ast.SelectKind:
			e = e.AsSelect().Operand()
		case ast.CallKind:
			call := e.AsCall()
			if call.FunctionName() != operators.Index || len(call.Args()) == 0 {
				return e
			}
			e = call.Args()[0]
		default:
			return e
		}
	}
}

// isRecord reports whether e is a record: self, oldSelf or records.<src>
// (records['src']).
func isRecord(e ast.Expr) bool {
	switch e.Kind() {
	case ast.IdentKind:
		return e.AsIdent() == varSelf || e.AsIdent() == varOldSelf
	case ast.SelectKind:
		op := e.AsSelect().Operand()
		return op.Kind() == ast.IdentKind && op.AsIdent() == varRecords
	case ast.CallKind:
		call := e.AsCall()
		if call.FunctionName() != operators.Index || len(call.Args()) != 2 {
			return false
		}
		op := call.Args()[0]
		return op.Kind() == ast.IdentKind && op.AsIdent() == varRecords
	}
	return false
}

func (cp *compiler) fieldNames() []string {
	out := make([]string, len(cp.c.Fields))
	for i, f := range cp.c.Fields {
		out[i] = f.Name
	}
	return out
}

// suggest names the declared field closest to name, or lists them all.
func suggest(name string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(strings.ToLower(name), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	if best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return "; declared fields: " + strings.Join(names, ", ")
}

// distance is the Levenshtein distance of two strings.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
