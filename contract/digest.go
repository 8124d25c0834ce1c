package contract

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"
)

// The canonical form of a contract: everything that decides how records are
// read, compared and repaired, in a fixed order, and nothing about where it
// was written (no files, no lines). Settings with a default are written out
// with their effective value, so spelling the default out changes nothing.
type (
	canonContract struct {
		Name        string       `json:"name"`
		Version     int          `json:"version"`
		Owner       string       `json:"owner"`
		Key         []string     `json:"key"`
		Strict      bool         `json:"strict"`
		Fields      []canonField `json:"fields"`
		Invariants  []canonRule  `json:"invariants"`
		Transitions []canonRule  `json:"transitions"`
		Resolve     canonResolve `json:"resolve"`
	}
	canonField struct {
		Name      string   `json:"name"`
		Type      string   `json:"type"`
		Normalize []string `json:"normalize"`
		Tolerance string   `json:"tolerance"`
		Precision int64    `json:"precision_ns"`
		Values    []string `json:"values"`
		Required  bool     `json:"required"`
		Ignore    bool     `json:"ignore"`
		Source    string   `json:"source"`
	}
	canonRule struct {
		Name     string `json:"name"`
		Rule     string `json:"rule"`
		Message  string `json:"message"`
		Severity string `json:"severity"`
	}
	canonResolve struct {
		Authority  string              `json:"authority"`
		ClockField string              `json:"clock_field"`
		ClockSkew  int64               `json:"clock_skew_ns"`
		Missing    string              `json:"missing"`
		Fields     []canonFieldResolve `json:"fields"`
	}
	canonFieldResolve struct {
		Field    string `json:"field"`
		Strategy string `json:"strategy"`
		Source   string `json:"source"`
		Expr     string `json:"expr"`
	}
)

// ComputeDigest returns "sha256:<hex>" of the contract's canonical form.
// Reordering keys in the file, reformatting it or moving the contract to
// its own file keeps the digest; changing any setting or rule changes it.
func (c *Contract) ComputeDigest() string {
	// The canonical form holds only strings, numbers and bools: it always
	// marshals.
	b, _ := json.Marshal(c.canonical())
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func (c *Contract) canonical() canonContract {
	cc := canonContract{
		Name: c.Name, Version: c.Version, Owner: c.Owner, Strict: c.Strict,
		Key:         []string{},
		Fields:      []canonField{},
		Invariants:  canonRules(c.Invariants),
		Transitions: canonRules(c.Transitions),
		Resolve:     canonResolveOf(c.Resolve),
	}
	for _, k := range c.Key {
		if k >= 0 && k < len(c.Fields) {
			cc.Key = append(cc.Key, c.Fields[k].Name)
		}
	}
	for _, f := range c.Fields {
		cc.Fields = append(cc.Fields, canonFieldOf(f))
	}
	sort.Slice(cc.Fields, func(i, j int) bool { return cc.Fields[i].Name < cc.Fields[j].Name })
	return cc
}

func canonFieldOf(f *Field) canonField {
	cf := canonField{
		Name: f.Name, Type: f.Type.String(), Normalize: []string{}, Tolerance: "0",
		Precision: int64(f.Precision), Values: slices.Sorted(slices.Values(f.Values)),
		Required: f.Required, Ignore: f.Ignore, Source: f.Source,
	}
	if cf.Values == nil {
		cf.Values = []string{}
	}
	for _, n := range f.Normalize {
		cf.Normalize = append(cf.Normalize, n.String())
	}
	if f.Tolerance != nil {
		cf.Tolerance = f.Tolerance.RatString()
	}
	if f.Type == TypeTimestamp && f.Precision == 0 {
		cf.Precision = int64(time.Microsecond)
	}
	return cf
}

func canonRules(rules []Rule) []canonRule {
	out := []canonRule{}
	for _, r := range rules {
		sev := r.Severity
		if sev == "" {
			sev = "error"
		}
		out = append(out, canonRule{Name: r.Name, Rule: r.Rule, Message: r.Message, Severity: sev})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func canonResolveOf(r Resolve) canonResolve {
	cr := canonResolve{
		Authority: r.Authority, ClockField: r.Clock.Field, ClockSkew: int64(r.Clock.Skew),
		Missing: r.Missing, Fields: []canonFieldResolve{},
	}
	for name, fr := range r.Fields {
		cr.Fields = append(cr.Fields, canonFieldResolve{Field: name, Strategy: fr.Strategy, Source: fr.Source, Expr: fr.Expr})
	}
	sort.Slice(cr.Fields, func(i, j int) bool { return strings.Compare(cr.Fields[i].Field, cr.Fields[j].Field) < 0 })
	return cr
}
