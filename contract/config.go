package contract

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is a loaded drift.yaml: one contract and its sources.
type Config struct {
	Version  int
	File     string // the config file's path as given
	Dir      string // its folder; relative paths in it are relative to this
	Contract *Contract
	Sources  []SourceConfig // in file order
	// State is the `state:` block, defaults filled in.
	State StateConfig
}

// SourceConfig is one entry of `sources:`. Node is the source's whole
// mapping node with ${VAR} expanded, for the plugin to decode its options.
type SourceConfig struct {
	Name     string
	Type     string
	Writable bool
	Fields   map[string]string
	Node     *yaml.Node
	Line     int
}

// Getenv looks up an environment variable for ${VAR} expansion.
type Getenv func(name string) (string, bool)

// Source returns the source with that name, or nil.
func (c *Config) Source(name string) *SourceConfig {
	for i := range c.Sources {
		if c.Sources[i].Name == name {
			return &c.Sources[i]
		}
	}
	return nil
}

// Load reads and validates a config file. Every problem is reported with the
// file, the line and the fix; a *LoadError holds all of them, not just the
// first. A nil getenv reads the process environment.
func Load(path string, getenv Getenv, opts ...LoadOption) (*Config, error) {
	if getenv == nil {
		getenv = os.LookupEnv
	}
	l := &loader{getenv: getenv, raw: map[*yaml.Node]string{}, files: []string{path}}
	for _, o := range opts {
		o(l)
	}
	r := reader{l: l, file: path}
	cfg := &Config{File: path, Dir: filepath.Dir(path)}
	if root := r.readConfig(); root != nil {
		r.config(root, cfg)
		if l.checkSources != nil && l.limit == nil && len(l.problems) > 0 {
			l.problems = append(l.problems, l.checkSources(cfg)...)
		}
	}
	if l.limit != nil {
		return nil, &LoadError{Problems: []Problem{*l.limit}}
	}
	if len(l.problems) > 0 {
		return nil, l.err()
	}
	return cfg, nil
}

// LoadOption changes what Load checks.
type LoadOption func(*loader)

// SourceCheck checks the plugin options of every source of cfg, which the
// loader itself does not know. cfg has problems, so it may be incomplete:
// its contract missing or cut short.
type SourceCheck func(cfg *Config) []Problem

// WithSourceCheck has Load run check when it found problems in the config,
// and report check's problems with its own, sorted by position: a typo in
// a source's options comes at once with the contract's problems, not after
// they are fixed. A config without problems is left to the caller, which
// initializes its sources next.
func WithSourceCheck(check SourceCheck) LoadOption {
	return func(l *loader) { l.checkSources = check }
}

// WithStrategies has Load accept only the given resolve strategy names,
// with a did-you-mean for a typo. The strategies are implemented, and
// registered, above this package (repair.Strategies gives the names), so
// the caller passes them in; without this option a strategy name is not
// checked here, and a planner meeting an unknown one leaves its field to
// manual.
func WithStrategies(names []string) LoadOption {
	return func(l *loader) { l.strategies = names }
}

// readConfig reads, parses and expands the config file. It returns nil
// after reporting why when the file cannot be used.
func (r reader) readConfig() *yaml.Node {
	data, err := os.ReadFile(r.file)
	if err != nil {
		r.errorf(nil, "cannot read the config file: %v; pass its path with -c", pathErr(err))
		return nil
	}
	root := r.parse(data)
	if root == nil {
		return nil
	}
	return r.expand(root)
}

// pathErr drops the path from a file error: messages name the file already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// LoadError is every problem found in a config and its contract.
type LoadError struct {
	Problems []Problem
}

// Problem is one mistake in a config or contract file.
type Problem struct {
	File    string
	Line    int
	Column  int
	Message string // what is wrong and how to fix it
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// String formats the problem as file:line:col: message.
func (p Problem) String() string {
	return formatPos(p.File, p.Line, p.Column) + p.Message
}

func formatPos(file string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + ": "
	case line > 0:
		return file + ":" + strconv.Itoa(line) + ": "
	default:
		return file + ": "
	}
}

// err returns the problems as a *LoadError, the config file's first and
// each file's in line order.
func (l *loader) err() *LoadError {
	rank := map[string]int{}
	for i, f := range l.files {
		rank[f] = i
	}
	ps := l.problems
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return rank[a.File] < rank[b.File]
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	if len(ps) > MaxProblems {
		more := len(ps) - MaxProblems
		ps = append(ps[:MaxProblems:MaxProblems], Problem{File: l.files[0],
			Message: fmt.Sprintf("%d more problems not shown; is this the right file? fix these first", more)})
	}
	return &LoadError{Problems: ps}
}

// MaxProblems bounds the problems one Load reports, so that a big file
// given by mistake gives a short error.
const MaxProblems = 50
