package cmd

import (
	"github.com/urfave/cli/v2"
)

// helpCommand replaces urfave/cli's own, whose mistakes exit 0 or 3:
// `drift help --bogus` and `drift help nosuch` are bad usage (exit 2).
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Aliases:   []string{"h"},
		Usage:     "show the commands, or one command's flags",
		ArgsUsage: "[COMMAND]",
		Action: func(c *cli.Context) error {
			switch c.Args().Len() {
			case 0:
				return cli.ShowAppHelp(c)
			case 1:
				name := c.Args().First()
				if c.App.Command(name) == nil {
					return unknownCommand(name)
				}
				return cli.ShowCommandHelp(c.Lineage()[1], name)
			}
			return usagef("help takes at most one command, got %q", c.Args().Slice())
		},
	}
}

// noArgs refuses arguments for a command that takes none.
func noArgs(c *cli.Context) error {
	if c.Args().Present() {
		return usagef("%s takes no arguments, got %q", c.Command.Name, c.Args().First())
	}
	return nil
}

func unknownCommand(name string) error {
	return usagef("unknown command %q; run 'drift help' for the list", name)
}

// noCommand is bare `drift`: the help goes to stderr, since stdout is for
// a command's output, and the exit is 2, since nothing was asked for.
func noCommand(sio *IO) cli.ActionFunc {
	return func(c *cli.Context) error {
		if c.Args().Present() {
			return unknownCommand(c.Args().First())
		}
		c.App.Writer = sio.Err
		if err := cli.ShowAppHelp(c); err != nil {
			return err
		}
		return usagef("no command given; run 'drift help' for the list")
	}
}
