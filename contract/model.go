// Package contract holds the data contract model of drift: the config file,
// the declared fields with their types and normalizers, and the rules that
// values and records must obey. Loading and validation live here, as does
// the parsing of raw source values into canonical, comparable values.
package contract

import (
	"math/big"
	"time"
)

// Type is the declared type of a contract field. It decides how a raw value
// from a source is parsed and when two values are equal.
type Type uint8

// The field types of SPEC's type table.
const (
	TypeString Type = iota + 1
	TypeInt
	TypeDecimal
	TypeFloat
	TypeBool
	TypeTimestamp
	TypeEnum
	TypeSet
	TypeList
	TypeJSON
)

var typeNames = map[Type]string{
	TypeString: "string", TypeInt: "int", TypeDecimal: "decimal", TypeFloat: "float",
	TypeBool: "bool", TypeTimestamp: "timestamp", TypeEnum: "enum", TypeSet: "set",
	TypeList: "list", TypeJSON: "json",
}

// String returns the name used in the config file.
func (t Type) String() string { return typeNames[t] }

// Normalizer is one step of a field's `normalize` list.
type Normalizer uint8

// The normalizers, applied in the order the field lists them.
const (
	NormTrim Normalizer = iota + 1
	NormLower
	NormUpper
	NormCollapseSpaces
	NormEmptyIsNull
)

var normalizerNames = map[Normalizer]string{
	NormTrim: "trim", NormLower: "lower", NormUpper: "upper",
	NormCollapseSpaces: "collapse_spaces", NormEmptyIsNull: "empty_is_null",
}

// String returns the name used in the config file.
func (n Normalizer) String() string { return normalizerNames[n] }

// Field is one declared field of a contract. Index is its position in
// Contract.Fields, which is also its position in Record.Values.
type Field struct {
	Name      string
	Index     int
	Type      Type
	Normalize []Normalizer
	// Tolerance is the largest difference at which two decimal or float
	// values still count as equal; nil means 0. It is exact (read from the
	// literal text), never a float64.
	Tolerance *big.Rat
	// Precision truncates timestamps (floor) before comparison; 0 means 1µs.
	Precision time.Duration
	Values    []string // enum values
	Required  bool
	Ignore    bool
	// Source is the per-field authority for the `authority` strategy, if set.
	Source string
	Line   int // line of the field's declaration, for messages
}

// Rule is a named CEL rule: an invariant over `self` or a transition over
// `oldSelf` and `self`.
type Rule struct {
	Name     string
	Rule     string
	Message  string
	Severity string // error (default) or warning
	Line     int
	Column   int
}

// FieldResolve is the per-field resolution strategy.
type FieldResolve struct {
	Strategy string // authority, lww, majority, max, min, union, manual, expr
	Source   string // for authority: the source of truth for this field
	Expr     string // for expr
	Line     int
	// ExprLine and ExprColumn locate Expr in Contract.File, for CEL errors.
	ExprLine   int
	ExprColumn int
}

// Clock names the field that dates a record, for lww.
type Clock struct {
	Field string
	Skew  time.Duration
}

// Resolve holds the contract's repair rules.
type Resolve struct {
	Authority string
	Clock     Clock
	Missing   string // authority (default), keep, manual
	Fields    map[string]FieldResolve
	// Grace is how long drift may last before drift watch calls it
	// persistent rather than converging (0: the watch's --grace default).
	// It decides alerts, not repairs, so the digest leaves it out.
	Grace time.Duration `json:",omitempty"`
}

// Contract is a loaded, validated data contract. Fields are in declaration
// order; Key holds indexes into Fields.
type Contract struct {
	Name        string
	Version     int
	Owner       string
	Key         []int
	Strict      bool
	Fields      []*Field
	Invariants  []Rule
	Transitions []Rule
	Resolve     Resolve
	// Digest is "sha256:<hex>" of the contract's canonical form: any rule
	// change changes it, so a plan made under another contract is refused.
	Digest string
	File   string // the file the contract was read from
}

// FieldByName returns the declared field with that name, or nil.
func (c *Contract) FieldByName(name string) *Field {
	for _, f := range c.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// KeyFields returns the key fields in key order.
func (c *Contract) KeyFields() []*Field {
	out := make([]*Field, len(c.Key))
	for i, k := range c.Key {
		out[i] = c.Fields[k]
	}
	return out
}
