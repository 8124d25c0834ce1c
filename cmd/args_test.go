package cmd

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// TestFlagsMeanTheSameAnywhere gives every flag of every command under
// each of its names (alias and long name), before the positional argument
// and after it, and checks that the command reads the same value under
// every name: `drift apply plan.json -c drift.yaml` must mean what
// `drift apply -c drift.yaml plan.json` means.
func TestFlagsMeanTheSameAnywhere(t *testing.T) {
	for _, c := range commands(&IO{}) {
		takesArg := c.ArgsUsage != ""
		for _, f := range c.Flags {
			value := sampleValue(t, f)
			for _, name := range f.Names() {
				forms := map[string][]string{"before": flagArgs(name, value)}
				if takesArg {
					forms["before"] = append(forms["before"], "ARG")
					forms["after"] = append([]string{"ARG"}, flagArgs(name, value)...)
				}
				for where, args := range forms {
					t.Run(fmt.Sprintf("%s/%s/%s", c.Name, name, where), func(t *testing.T) {
						got := parseOnly(t, c.Name, takesArg, args)
						for _, n := range f.Names() {
							if got[n] != value {
								t.Errorf("drift %s %s: %s reads %q, want %q", c.Name, strings.Join(args, " "), n, got[n], value)
							}
						}
						if takesArg && got["ARG"] != "ARG" {
							t.Errorf("drift %s %s: positional argument %q, want ARG", c.Name, strings.Join(args, " "), got["ARG"])
						}
					})
				}
			}
		}
	}
}

// sampleValue is a value for a flag that differs from its default.
func sampleValue(t *testing.T, f cli.Flag) string {
	switch f.(type) {
	case *cli.BoolFlag:
		return "true"
	case *cli.IntFlag, *cli.Int64Flag, *cli.UintFlag:
		return "7"
	case *cli.Float64Flag:
		return "7.5"
	case *cli.DurationFlag:
		return "7s"
	case *cli.StringFlag, *cli.PathFlag:
		return "given"
	}
	t.Fatalf("flag %s: add a sample value for %T", f.Names()[0], f)
	return ""
}

// flagArgs writes a flag as a user would: -c FILE, --config FILE, --yes.
func flagArgs(name, value string) []string {
	dash := "--"
	if len(name) == 1 {
		dash = "-"
	}
	if value == "true" {
		return []string{dash + name}
	}
	return []string{dash + name, value}
}

// parseOnly runs a command whose action is replaced by one that reads its
// arguments as the real one does (positional, for a command that takes
// one) and returns every flag's value by each of its names, and the
// positional argument under "ARG".
func parseOnly(t *testing.T, command string, takesArg bool, args []string) map[string]string {
	t.Helper()
	var errb bytes.Buffer
	app := newApp(&IO{Err: &errb, Out: &errb})
	got := map[string]string{}
	for _, c := range app.Commands {
		if c.Name != command {
			continue
		}
		c.Action = func(ctx *cli.Context) error {
			if takesArg {
				pos, err := positional(ctx)
				if err != nil {
					return err
				}
				got["ARG"] = strings.Join(pos, " ")
			}
			for _, f := range c.Flags {
				for _, n := range f.Names() {
					got[n] = fmt.Sprint(ctx.Value(n))
				}
			}
			return nil
		}
	}
	if err := app.Run(append([]string{"drift", command}, args...)); err != nil {
		t.Fatalf("drift %s %s: %v\n%s", command, strings.Join(args, " "), err, errb.String())
	}
	return got
}

// TestStateEnvIsReadPerRun checks that DRIFT_STATE is read on every run:
// a value seen by one run must not stay the default of the next one in the
// same process.
func TestStateEnvIsReadPerRun(t *testing.T) {
	t.Setenv("DRIFT_STATE", "from-env.db")
	if got := parseOnly(t, "history", false, nil)["state"]; got != "from-env.db" {
		t.Fatalf("with DRIFT_STATE set: state %q, want from-env.db", got)
	}
	os.Unsetenv("DRIFT_STATE") // t.Setenv restores it when the test ends
	if got := parseOnly(t, "history", false, nil)["state"]; got != "" {
		t.Fatalf("after DRIFT_STATE was unset: state %q, want it empty", got)
	}
}
