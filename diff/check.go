package diff

import (
	"fmt"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// Built-in rule names of SPEC's report section.
const (
	RuleRequired     = "required"
	RuleType         = "type"
	RuleEnum         = "enum"
	RuleUnknownField = "unknown-field"
	RuleDuplicateKey = "duplicate-key"
)

// badKey records the violations of a record whose key cannot be matched:
// required for a null key field, type for an invalid one. The key is shown
// as given; the record takes part in nothing else.
func (e *Engine) badKey(s *sourceIndex, rec contract.Record, vals []contract.Value) {
	raw := make(Key, len(e.c.Key))
	sortKey := make([]contract.Value, len(e.c.Key))
	for i, k := range e.c.Key {
		raw[i] = KeyPart{Field: e.c.Fields[k].Name, Value: rawJSON(rec.Raw(k))}
		sortKey[i] = compact(vals[k])
	}
	rawText, _ := raw.MarshalJSON()
	for _, k := range e.c.Key {
		f, v := e.c.Fields[k], vals[k]
		var rule, msg string
		switch v.State {
		case contract.Null:
			rule, msg = RuleRequired, fmt.Sprintf("key field %q is %s; a record without its key cannot be matched", f.Name, rawJSON(rawAt(rec, k)))
		case contract.Invalid:
			rule, msg = RuleType, problem(v, rec, k)+"; a record with an invalid key cannot be matched"
		default:
			continue
		}
		dedupe := string(rawText) + "\x00" + rule + "\x00" + f.Name
		if s.seenBad[dedupe] {
			continue
		}
		s.seenBad[dedupe] = true
		s.violations = append(s.violations, violation{
			key: string(rawText), bad: true, raw: raw, sortKey: sortKey, rule: rule, field: f.Name, message: at(rec.Where(), msg),
		})
	}
}

// duplicate reports a key seen again in one source, once per key.
func (e *Engine) duplicate(s *sourceIndex, kh hkey, key, loc string) {
	if s.dups[kh] {
		return
	}
	s.dups[kh] = true
	s.violations = append(s.violations, e.duplicateAt(s, key, loc))
}

// duplicateAt is the duplicate-key violation of a key string, at loc: the
// location of the key's second record.
func (e *Engine) duplicateAt(s *sourceIndex, key, loc string) violation {
	shown, _ := e.reportKey(key).MarshalJSON()
	msg := fmt.Sprintf("key %s appears again in source %q; the first record counts, later copies are not checked", shown, s.name)
	return violation{key: key, rule: RuleDuplicateKey, message: at(loc, msg)}
}

// check returns the per-record violations of one indexed record: required,
// type, enum, unknown-field and the Checker's named rules. The caller fills
// in their key.
func (e *Engine) check(s *sourceIndex, rec contract.Record, vals []contract.Value) []violation {
	var out []violation
	addSeverity := func(rule, field, msg, severity string) {
		for _, o := range out {
			if o.rule == rule && o.field == field {
				return
			}
		}
		out = append(out, violation{rule: rule, field: field, message: at(rec.Where(), msg), severity: severity})
	}
	add := func(rule, field, msg string) { addSeverity(rule, field, msg, "") }
	for i, f := range e.c.Fields {
		if f.Ignore || e.isKey[i] {
			continue
		}
		switch v := vals[i]; {
		case v.State == contract.Null && f.Required:
			add(RuleRequired, f.Name, fmt.Sprintf("field %q is required but is %s", f.Name, rawJSON(rawAt(rec, i))))
		case v.State == contract.Invalid && v.Rule == RuleEnum:
			add(RuleEnum, f.Name, problem(v, rec, i))
		case v.State == contract.Invalid:
			add(RuleType, f.Name, problem(v, rec, i))
		}
	}
	if e.c.Strict {
		for _, name := range rec.Unknown {
			add(RuleUnknownField, name, fmt.Sprintf("field %q is not declared in contract %q, which is strict; declare it or remove it", name, e.c.Name))
		}
	}
	if e.checker != nil {
		for _, rv := range e.checker.Check(s.name, vals) {
			sev := ""
			if rv.Severity == "warning" {
				sev = "warning"
			}
			addSeverity(rv.Rule, rv.Field, rv.Message, sev)
		}
	}
	return out
}

// problem explains an invalid value with its raw text.
func problem(v contract.Value, rec contract.Record, i int) string {
	if v.Problem != "" {
		return v.Problem
	}
	return fmt.Sprintf("%s is not a valid value", rawJSON(rawAt(rec, i)))
}

func rawAt(rec contract.Record, i int) any { return rec.Raw(i) }

// at prefixes a message with the record's location.
func at(loc, msg string) string {
	if loc == "" {
		return msg
	}
	if strings.HasPrefix(msg, loc+": ") {
		return msg
	}
	return loc + ": " + msg
}
