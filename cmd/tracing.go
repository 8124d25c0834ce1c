package cmd

import (
	"context"
	"strconv"

	"github.com/urfave/cli/v2"
	"go.opentelemetry.io/otel/codes"

	"github.com/drift-sh/drift/internal/tracing"
)

// startTracing turns OpenTelemetry tracing on when the environment names
// an OTLP endpoint (see internal/tracing); spans that cannot be exported
// are a warning on the log, never a failed command. stop flushes them.
func startTracing(ctx context.Context, sio *IO) (stop func(), err error) {
	stop, err = tracing.Start(ctx, tracing.Config{
		Getenv:  sio.Getenv,
		Version: versionOnly(Version, buildInfo()),
		OnError: func(err error) {
			if sio.Log != nil {
				sio.Log.Warn("tracing: spans not exported", "error", err.Error())
			}
		},
	})
	if err != nil {
		return stop, &UsageError{Err: err}
	}
	return stop, nil
}

// untracedCommands run for long or not at all: drift watch makes a trace
// per cycle and drift worker one per job instead of one for the process.
var untracedCommands = map[string]bool{
	"watch": true, "worker": true, "help": true, completeCommandName: true, "completion": true, "man": true,
}

// traceCommands makes each command's action the root span of its trace,
// named "drift COMMAND": every span of the command (scan, fetch, diff,
// plan, apply, each op) and every line it logs with a context share its
// trace id. The span records the exit code; 2 and above are errors.
func traceCommands(cmds []*cli.Command, parent string) {
	for _, c := range cmds {
		if untracedCommands[c.Name] {
			continue
		}
		name := parent + " " + c.Name
		traceCommands(c.Subcommands, name)
		if c.Action == nil {
			continue
		}
		action := c.Action
		c.Action = func(cc *cli.Context) error {
			ctx, span := tracing.Tracer().Start(cc.Context, name)
			defer span.End()
			cc.Context = ctx
			err := action(cc)
			code := ExitCode(err)
			span.SetAttributes(tracing.ExitCode.Int(code))
			if code >= ExitUsage {
				span.SetStatus(codes.Error, "exit code "+strconv.Itoa(code))
			}
			return err
		}
	}
}
