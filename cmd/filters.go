package cmd

import (
	"encoding/json"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// filterFlags are scan's and plan's --key, --source and --field.
func filterFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "key", Usage: "only keys with these key values: `FIELD=VALUE,...` (some or all key fields)"},
		&cli.StringFlag{Name: "source", Usage: "only drift about source `NAME` (plan: only writes to it)"},
		&cli.StringFlag{Name: "field", Usage: "only drift about field `NAME` (changed, and its violations)"},
	}
}

// filterArgs are the filter flags as given; filter checks them against
// the config.
type filterArgs struct{ Key, Source, Field string }

func filterFromFlags(c *cli.Context) filterArgs {
	return filterArgs{Key: c.String("key"), Source: c.String("source"), Field: c.String("field")}
}

// filter is the diff.Filter the flags ask for, key values parsed with
// their fields' types and normalizers. A key field, source or field the
// config does not have is a usage error, found before any source is read.
func (a filterArgs) filter(cfg *contract.Config) (diff.Filter, error) {
	c := cfg.Contract
	f := diff.Filter{Source: a.Source, Field: a.Field}
	if a.Key != "" {
		key, err := parseKeyFilter(c, a.Key)
		if err != nil {
			return f, err
		}
		f.Key = key
	}
	if a.Source != "" && cfg.Source(a.Source) == nil {
		return f, usagef("--source %q: the config has no such source; its sources are %s", a.Source, strings.Join(configSources(cfg), ", "))
	}
	if a.Field != "" {
		fd := c.FieldByName(a.Field)
		if fd == nil || isKeyField(c, fd) {
			return f, usagef("--field %q: not a compared field of contract %s; use --key for key fields", a.Field, c.Name)
		}
	}
	return f, nil
}

// parseKeyFilter reads --key: `field=value,...` naming some or all key
// fields, each value parsed with its field's type and normalizers.
func parseKeyFilter(c *contract.Contract, text string) (diff.Key, error) {
	raw, err := splitKey(text)
	if err != nil {
		return nil, err
	}
	for name := range raw {
		if f := c.FieldByName(name); f == nil || !isKeyField(c, f) {
			return nil, usagef("--key %q: %q is not a key field of contract %s; its key is %s", text, name, c.Name, strings.Join(keyNames(c), ", "))
		}
	}
	var key diff.Key
	for _, f := range c.KeyFields() {
		v, ok := raw[f.Name]
		if !ok {
			continue
		}
		pv := f.Parse(v)
		if pv.State != contract.Valid {
			return nil, usagef("--key %q: key field %q: %s", text, f.Name, pv.Problem)
		}
		key = append(key, diff.KeyPart{Field: f.Name, Value: json.RawMessage(pv.JSON)})
	}
	return key, nil
}

// configSources are the config's source names, in file order.
func configSources(cfg *contract.Config) []string {
	out := make([]string, len(cfg.Sources))
	for i, s := range cfg.Sources {
		out[i] = s.Name
	}
	return out
}
