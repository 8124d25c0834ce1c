package cmd

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/urfave/cli/v2"
)

func manCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "man",
		Usage: "print drift's man page (roff), made from the commands' own definitions: drift man > drift.1",
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			// A fresh command tree: urfave/cli adds help entries to the
			// command that runs.
			return writeMan(sio.Out, newApp(&IO{}), versionOnly(Version, buildInfo()))
		},
	}
}

// writeMan writes the man page of app in roff (man(7) macros): NAME,
// SYNOPSIS, the global options, every visible command with its
// arguments and flags, then exit status and environment.
func writeMan(w io.Writer, app *cli.App, version string) error {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH DRIFT 1 \"\" %s \"User Commands\"\n", roffQuote("drift "+version))
	fmt.Fprintf(&b, ".SH NAME\ndrift \\- %s\n", roffText(app.Usage))
	b.WriteString(".SH SYNOPSIS\n.B drift\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n")
	b.WriteString(".SH DESCRIPTION\n" + roffText(manDescription) + "\n")
	b.WriteString(".SH GLOBAL OPTIONS\n")
	writeManFlags(&b, app.Flags)
	b.WriteString(".SH COMMANDS\n")
	writeManCommands(&b, "drift", app.Commands)
	b.WriteString(manTail)
	_, err := io.WriteString(w, b.String())
	return err
}

const manDescription = "drift scans replicas of the same state (files, SQLite, PostgreSQL, " +
	"MySQL/MariaDB, Redis, HTTP) for drift against a data contract, plans " +
	"compare-and-set repairs, applies them with a journal, and rolls them back. " +
	"scan and plan never write to a source. Flags may come before or after a " +
	"command's arguments; global options may be written anywhere."

const manTail = `.SH EXIT STATUS
.TP
.B 0
scan: no drift at or above \fB\-\-fail\-on\fR beyond \fB\-\-max\-drift\fR; plan: a plan was produced (with \fB\-\-detailed\-exitcode\fR, one with no ops and no manual items); apply, rollback: every op applied or already applied.
.TP
.B 1
scan: drift found; plan \fB\-\-detailed\-exitcode\fR: the plan has ops or manual items; apply, rollback: some ops skipped as conflicts.
.TP
.B 2
bad usage, config, contract or plan file, found before any source is read.
.TP
.B 3
incomplete: a source could not be read, or a run was interrupted; run it again to resume.
.SH ENVIRONMENT
.TP
.B DRIFT_STATE
the state store, as \fB\-\-state\fR: a SQLite file path or a postgres:// URL.
.TP
.B NO_COLOR
when set and not empty, no colour, as \fB\-\-no\-color\fR.
`

func writeManCommands(b *strings.Builder, parent string, cmds []*cli.Command) {
	for _, c := range cmds {
		if c.Hidden {
			continue
		}
		name := parent + " " + c.Name
		head := name
		if len(c.Subcommands) == 0 {
			head += " [OPTIONS]"
			if c.ArgsUsage != "" {
				head += " " + c.ArgsUsage
			}
		}
		fmt.Fprintf(b, ".SS %s\n%s\n", roffQuote(head), roffText(c.Usage))
		if len(c.Aliases) > 0 {
			fmt.Fprintf(b, ".PP\nAlso: %s.\n", roffText(strings.Join(c.Aliases, ", ")))
		}
		if c.Description != "" {
			fmt.Fprintf(b, ".PP\n.nf\n%s\n.fi\n", roffText(c.Description))
		}
		writeManFlags(b, c.Flags)
		writeManCommands(b, name, c.Subcommands)
	}
}

func writeManFlags(b *strings.Builder, flags []cli.Flag) {
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		d, ok := f.(cli.DocGenerationFlag)
		if !ok {
			continue
		}
		placeholder, usage := unquote(d.GetUsage())
		if placeholder == "" {
			placeholder = "value"
		}
		var names []string
		for _, n := range shortFirst(f.Names()) {
			dash := "\\-\\-"
			if len(n) == 1 {
				dash = "\\-"
			}
			names = append(names, "\\fB"+dash+roffOption(n)+"\\fR")
		}
		head := strings.Join(names, ", ")
		if d.TakesValue() {
			head += " \\fI" + roffText(placeholder) + "\\fR"
		}
		text := roffText(usage)
		if v := d.GetValue(); d.TakesValue() && v != "" {
			text += " (default: " + roffText(v) + ")"
		}
		if env := d.GetEnvVars(); len(env) > 0 {
			text += " (environment: " + roffText(strings.Join(env, ", ")) + ")"
		}
		fmt.Fprintf(b, ".TP\n%s\n%s\n", head, text)
	}
}

// unquote splits urfave/cli's `PLACEHOLDER` out of a usage text.
func unquote(usage string) (placeholder, text string) {
	i := strings.IndexByte(usage, '`')
	j := strings.IndexByte(usage[i+1:], '`')
	if i < 0 || j < 0 {
		return "", usage
	}
	placeholder = usage[i+1 : i+1+j]
	return placeholder, usage[:i] + placeholder + usage[i+2+j:]
}

// roffText escapes text for roff: backslashes, characters outside ASCII
// (as \[uXXXX], so the page renders whatever the input encoding), and a
// line that would start with a control character.
func roffText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	var b strings.Builder
	for _, r := range s {
		if r > unicode.MaxASCII {
			fmt.Fprintf(&b, `\[u%04X]`, r)
			continue
		}
		b.WriteRune(r)
	}
	s = b.String()
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}

// roffOption escapes an option name: its hyphens are minus signs, so the
// name can be copied and searched for.
func roffOption(s string) string {
	return strings.ReplaceAll(roffText(s), "-", `\-`)
}

// roffQuote is a macro argument in double quotes.
func roffQuote(s string) string {
	return `"` + strings.ReplaceAll(roffText(s), `"`, `\(dq`) + `"`
}

// shortFirst puts one-letter names first: -c, --config.
func shortFirst(names []string) []string {
	var short, long []string
	for _, n := range names {
		if len(n) == 1 {
			short = append(short, n)
		} else {
			long = append(long, n)
		}
	}
	return append(short, long...)
}
