package scan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// Load reads and validates a config. When the config has problems, the
// options of every source are checked with it, so that one run reports
// every problem at once: a typo in a source's options comes with the
// contract's own problems, not after they are fixed. A config without
// problems is returned for Open, which reports the rest. opts add to what
// is checked (contract.WithStrategies).
func Load(path string, getenv contract.Getenv, opts ...contract.LoadOption) (*contract.Config, error) {
	return contract.Load(path, getenv, append([]contract.LoadOption{contract.WithSourceCheck(CheckSources)}, opts...)...)
}

// CheckSources reports what can be found wrong with the sources of a
// config that has problems of its own, and so may have no contract or half
// of one: unknown types, and the problems of the options themselves
// (sources.OptionsError), not what Init checks against the contract. Each
// source is initialized afresh and closed again; Init does no I/O.
func CheckSources(cfg *contract.Config) []contract.Problem {
	c := cfg.Contract
	if c == nil {
		c = &contract.Contract{}
	}
	var problems []contract.Problem
	for _, sc := range cfg.Sources {
		if sc.Type == "" || sc.Node == nil {
			continue // the loader reported why
		}
		o, err := initSource(cfg, sc, c)
		var oe *sources.OptionsError
		switch {
		case o == nil:
			problems = append(problems, unknownType(cfg.File, sc))
		case err == nil:
			CloseAll([]*Opened{o})
		case errors.As(err, &oe):
			problems = append(problems, initProblems(cfg.File, sc, err, o.Secrets)...)
		}
	}
	return problems
}

// initSource makes the source sc and initializes it with contract c. It
// returns a nil source when no plugin has sc's type, and Init's error.
func initSource(cfg *contract.Config, sc contract.SourceConfig, c *contract.Contract) (*Opened, error) {
	src, ok := sources.New(sc.Type)
	if !ok {
		return nil, nil
	}
	sconf := sources.Config{
		Name: sc.Name, Type: sc.Type, Writable: sc.Writable, Fields: sc.Fields,
		Dir: cfg.Dir, Contract: c,
		Options: sources.Options{File: cfg.File, Node: sc.Node},
	}
	o := &Opened{Name: sc.Name, Type: sc.Type, Config: sconf, Source: src, Secrets: Secrets(sc.Node)}
	return o, src.Init(sconf)
}

// unknownType explains a source type no plugin registered.
func unknownType(file string, sc contract.SourceConfig) contract.Problem {
	known := sources.Names()
	msg := fmt.Sprintf("source %q: unknown type %q (known types: %s)", sc.Name, contract.Excerpt(sc.Type), strings.Join(known, ", "))
	if s := contract.Suggest(sc.Type, known); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	p := contract.Problem{File: file, Line: sc.Line, Message: msg}
	if n := sc.Node; n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "type" {
				p.Line, p.Column = n.Content[i+1].Line, n.Content[i+1].Column
			}
		}
	}
	return p
}

// initProblems turns a plugin's Init error into config problems, with its
// secrets scrubbed. The problems of the options (a sources.OptionsError)
// keep their line and column; any other message gives one problem per
// line. Plugins usually name the file, line and source themselves; such a
// line keeps its own position and is not prefixed twice.
func initProblems(file string, sc contract.SourceConfig, err error, secrets []string) []contract.Problem {
	self := fmt.Sprintf("source %q", sc.Name)
	var oe *sources.OptionsError
	if errors.As(err, &oe) {
		out := make([]contract.Problem, len(oe.Problems))
		for i, p := range oe.Problems {
			p.Message = self + ": " + Scrub(p.Message, secrets)
			out[i] = p
		}
		return out
	}
	var out []contract.Problem
	for _, text := range strings.Split(Scrub(err.Error(), secrets), "\n") {
		line := sc.Line
		text = strings.TrimPrefix(text, self+": ")
		if rest, ok := strings.CutPrefix(text, file+":"); ok {
			num, after, _ := strings.Cut(rest, ": ")
			if n, err := strconv.Atoi(num); err == nil {
				line, text = n, after
			}
		}
		if !strings.HasPrefix(text, self) {
			text = self + ": " + text
		}
		out = append(out, contract.Problem{File: file, Line: line, Message: text})
	}
	return out
}
