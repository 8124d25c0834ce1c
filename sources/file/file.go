// Package file is the source plugin for data files: CSV, TSV, JSON, NDJSON
// and YAML. It reads records in a stream and repairs a file by rewriting it
// atomically in the same format, keeping every byte an operation does not
// mean to change.
package file

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/drift-sh/drift/sources"
)

func init() {
	sources.Add("file", func() sources.Source { return &Source{} })
}

// format is one of the file layouts the plugin reads and writes.
type format string

const (
	formatCSV    format = "csv"
	formatTSV    format = "tsv"
	formatJSON   format = "json"
	formatNDJSON format = "ndjson"
	formatYAML   format = "yaml"
)

// formatNames maps the names accepted in `format:` and as file extensions.
var formatNames = map[string]format{
	"csv": formatCSV, "tsv": formatTSV, "json": formatJSON,
	"ndjson": formatNDJSON, "jsonl": formatNDJSON, "yaml": formatYAML, "yml": formatYAML,
}

// options are the plugin's own keys in a source block.
type options struct {
	Path   string `yaml:"path"`
	Format string `yaml:"format"`
	Items  string `yaml:"items"`
}

// Source reads and writes one data file.
type Source struct {
	cfg    sources.Config
	name   string // the path as the config gives it, for messages
	path   string // the path to open
	format format
	items  []string // dotted path to the records array (json, yaml)
	// paths holds each contract field's dotted path, split; known the
	// top-level keys that some field reads.
	paths [][]string
	known map[string]bool
	// mu serializes this source's reads for a write and its writes.
	mu sync.Mutex
	// batch holds the staged writes between BeginBatch and FlushBatch.
	batch stager
	// owner is the batch's context mark (sources.BatchOf): only calls
	// that carry it see the staged data.
	owner any
	// last is what FetchLocated saw, for Reread; cells is its reused
	// record buffer.
	last  fetched
	cells []string
}

var (
	_ sources.Source   = (*Source)(nil)
	_ sources.Writer   = (*Source)(nil)
	_ sources.Rereader = (*Source)(nil)
)

// Size is the file's size in bytes, 0 when it cannot be read (the fetch
// says why): what a command sizes its memory by before reading it.
func (s *Source) Size() int64 {
	st, err := os.Stat(s.path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// Init checks the source options and resolves the file's path against the
// config folder. It does not touch the file.
func (s *Source) Init(cfg sources.Config) error {
	if cfg.Contract == nil {
		return fmt.Errorf("source %q: no contract given", cfg.Name)
	}
	var o options
	if err := cfg.Options.Decode(&o); err != nil {
		return fmt.Errorf("source %q: %w", cfg.Name, err)
	}
	where := fmt.Sprintf("%s:%d: source %q", cfg.Options.File, cfg.Options.Line("path"), cfg.Name)
	if o.Path == "" {
		return fmt.Errorf("%s: `path` is required; give the data file, relative to the config's folder", where)
	}
	f, err := pickFormat(o)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if o.Items != "" && f != formatJSON && f != formatYAML {
		return fmt.Errorf("%s: `items` applies only to json and yaml files, not %s; remove it", where, f)
	}
	s.cfg, s.name, s.format = cfg, o.Path, f
	s.path = o.Path
	if !filepath.IsAbs(o.Path) {
		s.path = filepath.Join(cfg.Dir, o.Path)
	}
	s.items = nil
	if o.Items != "" {
		s.items = strings.Split(o.Items, ".")
	}
	s.paths = make([][]string, len(cfg.Contract.Fields))
	s.known = make(map[string]bool, len(cfg.Contract.Fields))
	for i, f := range cfg.Contract.Fields {
		s.paths[i] = strings.Split(cfg.Path(f), ".")
		s.known[s.paths[i][0]] = true
	}
	return nil
}

// pickFormat takes the `format` option, or else the path's extension.
func pickFormat(o options) (format, error) {
	if o.Format != "" {
		f, ok := formatNames[strings.ToLower(o.Format)]
		if !ok {
			return "", fmt.Errorf("unknown format %q; use csv, tsv, json, ndjson, jsonl, yaml or yml", o.Format)
		}
		return f, nil
	}
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(o.Path), "."))
	f, ok := formatNames[ext]
	if !ok {
		return "", fmt.Errorf("cannot tell the format of %q from its extension; add `format:` (csv, tsv, json, ndjson, yaml)", o.Path)
	}
	return f, nil
}
