package cmd

import (
	"flag"
	"fmt"
	"io"
	"slices"

	"github.com/urfave/cli/v2"
)

// positional returns a command's positional arguments, reading flags that
// follow them too (`drift apply plan.json --yes`), which urfave/cli v2
// leaves as arguments: each such flag is set on the context.
func positional(c *cli.Context) ([]string, error) {
	fs := flag.NewFlagSet(c.Command.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, f := range c.Command.Flags {
		if err := f.Apply(fs); err != nil {
			return nil, err
		}
	}
	var pos []string
	rest := c.Args().Slice()
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return nil, usageError(c, fmt.Errorf("%s: %w", c.Command.Name, err), true)
		}
		rest = fs.Args()
		if len(rest) > 0 {
			pos = append(pos, rest[0])
			rest = rest[1:]
		}
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err == nil {
			err = setEveryName(c, f.Name, f.Value.String())
		}
	})
	return pos, err
}

// setEveryName sets a flag read after the positional arguments under each
// of its names, as urfave/cli does for flags before them: `-c FILE` must
// set "config" too, or c.String("config") would not see it.
func setEveryName(c *cli.Context, name, value string) error {
	names := []string{name}
	for _, f := range c.Command.Flags {
		if slices.Contains(f.Names(), name) {
			names = f.Names()
			break
		}
	}
	for _, n := range names {
		if err := c.Set(n, value); err != nil {
			return usagef("%s: --%s: %w", c.Command.Name, names[0], err)
		}
	}
	return nil
}

// oneArg returns a command's single positional argument, or a usage error
// that says what it should be.
func oneArg(c *cli.Context, what string) (string, error) {
	args, err := positional(c)
	if err != nil {
		return "", err
	}
	if len(args) != 1 {
		return "", usagef("%s takes one argument, %s", c.Command.Name, what)
	}
	return args[0], nil
}

// yesFlag is --yes of the commands that write.
func yesFlag() *cli.BoolFlag {
	return &cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "write without asking"}
}

// runFormatFlag is --format of the commands that print a run.
func runFormatFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "format", Value: "text", Usage: "text or json (drift.run/v1)"}
}
