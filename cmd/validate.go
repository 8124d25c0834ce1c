package cmd

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/rules"
	"github.com/drift-sh/drift/scan"
)

// ValidateOptions are the inputs of `drift validate`.
type ValidateOptions struct {
	IO     *IO
	Config string
}

func validateCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "validate",
		Usage: "lint the config and contract, CEL rules included, without reading any source",
		Flags: []cli.Flag{configFlag()},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			return runValidate(c.Context, ValidateOptions{IO: sio, Config: c.String("config")})
		},
	}
}

// finding is one problem validate prints; a warning does not fail.
type finding struct {
	contract.Problem
	warning bool
}

// runValidate prints every problem of the config at once, sorted, each as
// file:line:col: message, then a verdict. Errors exit 2; warnings are
// printed and do not fail.
func runValidate(_ context.Context, opts ValidateOptions) error {
	sio := opts.IO
	cfg, findings, err := validateConfig(sio, opts.Config)
	if err != nil {
		return err
	}
	sortFindings(findings)
	errs, warns := 0, 0
	for _, f := range findings {
		msg := f.Problem.String()
		if f.warning {
			warns++
			msg = strings.Replace(msg, ": "+f.Message, ": warning: "+f.Message, 1)
		} else {
			errs++
		}
		fmt.Fprintln(sio.Out, msg)
	}
	if errs > 0 {
		return usagef("%s: %s, %s; fix the errors above and run drift validate again",
			opts.Config, plural(errs, "error"), plural(warns, "warning"))
	}
	c := cfg.Contract
	fmt.Fprintf(sio.Out, "%s: ok: contract %s@%d, %s, %s, %s, %s\n", opts.Config, c.Name, c.Version,
		plural(len(cfg.Sources), "source"), plural(len(c.Invariants), "invariant"),
		plural(len(c.Transitions), "transition"), plural(warns, "warning"))
	return nil
}

// validateConfig loads the config and collects every problem: the
// loader's, the CEL compiler's, the source plugins' Init errors, and
// warnings about strategies that do nothing. cfg is nil when the config
// could not be loaded at all.
func validateConfig(sio *IO, path string) (*contract.Config, []finding, error) {
	cfg, err := scan.Load(path, sio.Getenv, contract.WithStrategies(repair.Strategies()))
	if err != nil {
		ps, ok := problems(err)
		if !ok {
			return nil, nil, &UsageError{Err: err}
		}
		return nil, ps, nil
	}
	var out []finding
	if _, err := rules.New(cfg.Contract); err != nil {
		ps, ok := problems(err)
		if !ok {
			return nil, nil, &UsageError{Err: err}
		}
		out = append(out, ps...)
	}
	srcs, err := scan.Open(cfg)
	if err != nil {
		ps, ok := problems(err)
		if !ok {
			return nil, nil, &UsageError{Err: err}
		}
		out = append(out, ps...)
	}
	scan.CloseAll(srcs)
	return cfg, append(out, strategyWarnings(cfg.Contract)...), nil
}

// problems unpacks a *contract.LoadError into findings.
func problems(err error) ([]finding, bool) {
	var le *contract.LoadError
	if !errors.As(err, &le) {
		return nil, false
	}
	out := make([]finding, len(le.Problems))
	for i, p := range le.Problems {
		out[i] = finding{Problem: p}
	}
	return out, true
}

// strategyWarnings finds resolve entries that change nothing: a strategy
// for a key field (keys are matched, never resolved), an authority entry
// naming resolve.authority again, and a field's source: that its strategy
// never reads.
func strategyWarnings(c *contract.Contract) []finding {
	var out []finding
	warn := func(line int, format string, args ...any) {
		out = append(out, finding{warning: true, Problem: contract.Problem{File: c.File, Line: line, Message: fmt.Sprintf(format, args...)}})
	}
	isKey := map[string]bool{}
	for _, f := range c.KeyFields() {
		isKey[f.Name] = true
	}
	for _, name := range sortedNames(c.Resolve.Fields) {
		fr := c.Resolve.Fields[name]
		what := fmt.Sprintf("resolve: fields: %q", name)
		switch {
		case isKey[name]:
			warn(fr.Line, "%s is a key field; keys identify records and are never resolved, so this entry is unused; remove it", what)
		case fr.Strategy == "authority" && fr.Source != "" && fr.Source == c.Resolve.Authority:
			warn(fr.Line, "%s: source %q is already resolve.authority, so this entry is redundant; remove it", what, fr.Source)
		}
		if f := c.FieldByName(name); f != nil && f.Source != "" && fr.Strategy != "authority" {
			warn(f.Line, "field %q: source %q is unused: its strategy is %s, and source applies only to authority", name, f.Source, fr.Strategy)
		}
	}
	return out
}

func sortFindings(fs []finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i].Problem, fs[j].Problem
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// plural formats a count with its noun: "1 error", "2 errors".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
