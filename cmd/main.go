// Package cmd holds drift's commands: one file per command, each a thin
// urfave/cli action that copies flags into an options struct and calls its
// run function.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/internal/tracing"

	_ "github.com/drift-sh/drift/sources/all" // register every source plugin
)

// Version is stamped at build time with -ldflags "-X github.com/drift-sh/drift/cmd.Version=…";
// "dev" when it is not, and drift version then reads the build info (see versionLine).
var Version = "dev"

// Main runs drift with the given arguments and streams and returns the exit
// code. It never calls os.Exit, so tests can call it.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(args, systemIO(stdin, stdout, stderr))
}

func run(args []string, sio *IO) int {
	// Ctrl-C and a polite kill both stop a run after its current op, so it
	// can be resumed; a second signal kills the process as usual.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	app := newApp(sio)
	stopTracing, err := startTracing(ctx, sio)
	if err == nil {
		defer stopTracing()
		err = app.RunContext(ctx, hoistGlobalFlags(args))
	}
	var exit cli.ExitCoder
	if errors.As(err, &exit) {
		// urfave/cli's own errors ("No help topic for 'x'" after --help)
		// are mistakes in the command line.
		err = &UsageError{Err: err}
	}
	code := ExitCode(err)
	var drift *DriftError
	if err != nil && !errors.As(err, &drift) {
		fmt.Fprintf(sio.Err, "drift: %s\n", err)
	}
	return code
}

// usageError makes a flag parsing error a usage error (exit 2).
func usageError(_ *cli.Context, err error, _ bool) error {
	return &UsageError{Err: err}
}

// newApp builds the command tree. ExitErrHandler is set so app.Run returns
// errors instead of exiting; every command's flag errors are usage errors.
func newApp(sio *IO) *cli.App {
	cmds := commands(sio)
	for _, c := range cmds {
		c.OnUsageError = usageError
	}
	traceCommands(cmds, "drift")
	return &cli.App{
		Name:           "drift",
		Usage:          "find and repair divergence between replicas of the same state",
		Version:        Version,
		Reader:         sio.In,
		Writer:         sio.Out,
		ErrWriter:      sio.Err,
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   usageError,
		HideVersion:    true,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "log-format", Value: "text", Usage: "log format: text or json"},
			&cli.StringFlag{Name: "log-level", Value: "error", Usage: "log level: debug, info, warn or error"},
			noColorFlag(),
			versionFlag(),
		},
		Commands: cmds,
		Before: func(c *cli.Context) error {
			l, err := newLogger(c, sio.Err)
			if err != nil {
				return err
			}
			sio.Log = l
			sio.NoColor = c.Bool("no-color")
			return nil
		},
		Action: rootAction(sio),
	}
}

// commands lists every command; each lives in its own file.
func commands(sio *IO) []*cli.Command {
	return []*cli.Command{
		scanCommand(sio),
		validateCommand(sio),
		planCommand(sio),
		applyCommand(sio),
		rollbackCommand(sio),
		historyCommand(sio),
		explainCommand(sio),
		repairCommand(sio),
		watchCommand(sio),
		workerCommand(sio),
		queueCommand(sio),
		contractCommand(sio),
		simulateCommand(sio),
		versionCommand(sio),
		completionCommand(sio),
		manCommand(sio),
		completeCommand(sio),
		helpCommand(),
	}
}

// newLogger builds the slog logger the global flags ask for. Commands add
// their run id to every line (see IO.logger).
func newLogger(c *cli.Context, w io.Writer) (*slog.Logger, error) {
	return buildLogger(w, c.String("log-format"), c.String("log-level"))
}

// buildLogger is a slog logger writing format (text or json) to w, from
// level up.
func buildLogger(w io.Writer, format, levelText string) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(levelText)); err != nil {
		return nil, usagef("--log-level %q: use debug, info, warn or error", levelText)
	}
	hopts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch strings.ToLower(format) {
	case "text":
		h = slog.NewTextHandler(w, hopts)
	case "json":
		h = slog.NewJSONHandler(w, hopts)
	default:
		return nil, usagef("--log-format %q: use text or json", format)
	}
	return slog.New(tracing.LogHandler(h)), nil
}
