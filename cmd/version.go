package cmd

import (
	"fmt"
	"runtime"

	"github.com/urfave/cli/v2"
)

func versionCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print drift's version",
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			_, err := fmt.Fprintf(sio.Out, "drift %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
