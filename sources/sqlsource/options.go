package sqlsource

import (
	"fmt"
	"strings"
	"time"

	"github.com/drift-sh/drift/sources"
)

// DefaultTimeout bounds connecting and each read when `timeout` is not set.
const DefaultTimeout = 30 * time.Second

// Options are the keys every SQL source accepts besides its connection
// (`path` or `dsn`). Plugins embed them with `yaml:",inline"`.
type Options struct {
	// Table is the table to read and write, optionally schema-qualified.
	Table string `yaml:"table"`
	// Query is a read-only alternative to Table.
	Query string `yaml:"query"`
	// Timeout bounds connecting and each read from the server.
	Timeout time.Duration `yaml:"timeout"`
	// ChecksumOptions tune the comparison of ranges inside the database.
	sources.ChecksumOptions `yaml:",inline"`
}

// InitError returns an error found by Init, naming the config file, the
// line of key in the source block, and the source.
func InitError(cfg sources.Config, key, format string, args ...any) error {
	return fmt.Errorf("%s:%d: source %q (%s): %s", cfg.Options.File, cfg.Options.Line(key),
		cfg.Name, cfg.Type, fmt.Sprintf(format, args...))
}

// Check validates the options against the source's config and fills in the
// default timeout. It does no I/O.
func (o *Options) Check(cfg sources.Config) error {
	table, query := strings.TrimSpace(o.Table) != "", strings.TrimSpace(o.Query) != ""
	switch {
	case table && query:
		return InitError(cfg, "query", "set either table or query, not both")
	case !table && !query:
		return InitError(cfg, "type", "set table (the table to read) or query (a read-only SELECT)")
	case query && cfg.Writable:
		return InitError(cfg, "writable", "a query source cannot be writable; set table instead of query, or remove writable")
	case o.Timeout < 0:
		return InitError(cfg, "timeout", "timeout %s is negative; use a positive duration such as 30s", o.Timeout)
	}
	if table {
		for _, part := range strings.Split(o.Table, ".") {
			if part == "" {
				return InitError(cfg, "table", "table %q has an empty name part; write table or schema.table", o.Table)
			}
		}
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if key, msg := o.ChecksumOptions.Check(); key != "" {
		return InitError(cfg, key, "%s", msg)
	}
	if cfg.Contract == nil {
		return InitError(cfg, "type", "no contract to read records for")
	}
	return nil
}

// Required returns an Init error when an option the plugin needs is empty.
func Required(cfg sources.Config, key, value, hint string) error {
	if strings.TrimSpace(value) == "" {
		return InitError(cfg, "type", "missing %s: %s", key, hint)
	}
	return nil
}
