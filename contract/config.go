package contract

import "gopkg.in/yaml.v3"

// Config is a loaded drift.yaml: one contract and its sources.
type Config struct {
	Version  int
	File     string // the config file's path as given
	Dir      string // its folder; relative paths in it are relative to this
	Contract *Contract
	Sources  []SourceConfig // in file order
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

// Load reads and validates a config file. Every problem is reported with the
// file, the line and the fix; a *LoadError holds all of them, not just the
// first.
func Load(path string, getenv Getenv) (*Config, error) {
	panic("not implemented")
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
	s := ""
	for i, p := range e.Problems {
		if i > 0 {
			s += "\n"
		}
		s += p.String()
	}
	return s
}

// String formats the problem as file:line:col: message.
func (p Problem) String() string {
	return formatPos(p.File, p.Line, p.Column) + p.Message
}

func formatPos(file string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return file + ":" + itoa(line) + ":" + itoa(col) + ": "
	case line > 0:
		return file + ":" + itoa(line) + ": "
	default:
		return file + ": "
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
