package cmd

import "strings"

// globalFlags are the app's own flags: they may be written anywhere on the
// command line, before or after the command and its arguments.
var globalFlags = []string{"log-format", "log-level", "no-color"}

// globalBoolFlags are the global flags that take no value.
var globalBoolFlags = map[string]bool{"no-color": true}

// hoistGlobalFlags moves every global flag (with its value) written after
// the command to just after the program name, where urfave/cli reads app
// flags, so `drift scan --log-level info` means `drift --log-level info
// scan`. Nothing after a `--` terminator is touched.
func hoistGlobalFlags(args []string) []string {
	if len(args) < 2 || args[1] == completeCommandName {
		return args
	}
	var global, rest []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, hasValue := globalFlag(a)
		switch {
		case name == "":
			rest = append(rest, a)
		case hasValue || globalBoolFlags[name] || i+1 >= len(args):
			global = append(global, a)
		default:
			global = append(global, a, args[i+1])
			i++
		}
	}
	return append(append([]string{args[0]}, global...), rest...)
}

// globalFlag reports whether a is a global flag (-x, --x or --x=v), and
// whether it carries its value.
func globalFlag(a string) (name string, hasValue bool) {
	if !strings.HasPrefix(a, "-") {
		return "", false
	}
	s := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
	s, _, hasValue = strings.Cut(s, "=")
	for _, g := range globalFlags {
		if s == g {
			return g, hasValue
		}
	}
	return "", false
}
