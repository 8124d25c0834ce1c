package repair

import "fmt"

func init() { Register("authority", StrategyFunc(byAuthority)) }

// byAuthority takes the value of the field's source of truth (see
// fieldAuthority).
func byAuthority(in FieldInput) (Resolved, error) {
	name := fieldAuthority(in)
	if name == "" {
		return Resolved{}, fmt.Errorf("authority: no authority source; set resolve.authority or the field's source")
	}
	i := in.SourceIndex(name)
	switch {
	case i < 0:
		return Resolved{}, fmt.Errorf("authority: source %q is not in the config", name)
	case in.Sources[i].Failed:
		return Resolved{}, fmt.Errorf("authority: source %q could not be read", name)
	case in.Records[i] == nil:
		return Resolved{}, fmt.Errorf("authority: source %q does not hold this key", name)
	}
	return Resolved{Value: in.Value(i), From: name}, nil
}

// fieldAuthority is the source of truth of a field: its resolve entry's
// source, its own `source`, or resolve.authority.
func fieldAuthority(in FieldInput) string {
	c, f := in.Contract, in.Field
	if fr, ok := c.Resolve.Fields[f.Name]; ok && fr.Source != "" {
		return fr.Source
	}
	if f.Source != "" {
		return f.Source
	}
	return c.Resolve.Authority
}
