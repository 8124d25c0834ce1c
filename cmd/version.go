package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"

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
			return printVersion(sio)
		},
	}
}

// versionFlag is the app's --version, the same as drift version.
func versionFlag() cli.Flag {
	return &cli.BoolFlag{Name: "version", Usage: "print drift's version (the same as drift version)"}
}

// rootAction is bare drift: --version prints the version, anything else
// the help (see noCommand).
func rootAction(sio *IO) cli.ActionFunc {
	return func(c *cli.Context) error {
		if c.Bool("version") && !c.Args().Present() {
			return printVersion(sio)
		}
		return noCommand(sio)(c)
	}
}

func printVersion(sio *IO) error {
	_, err := fmt.Fprintln(sio.Out, versionLine(Version, buildInfo()))
	return err
}

// buildInfo is the binary's build info, nil when it has none.
func buildInfo() *debug.BuildInfo {
	bi, _ := debug.ReadBuildInfo()
	return bi
}

// versionLine is what drift version prints: "drift VERSION (commit REV,
// GO, OS/ARCH)". VERSION is the stamped one (-ldflags -X …cmd.Version=),
// else the module version the build info holds (go install …@v1.2.0),
// else "dev"; REV is the VCS revision the build info holds, with -dirty
// for a build of a modified tree, left out when unknown.
func versionLine(stamped string, bi *debug.BuildInfo) string {
	version, rev := versionOnly(stamped, bi), ""
	if bi != nil {
		rev = revision(bi.Settings)
	}
	details := fmt.Sprintf("%s, %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if rev != "" {
		details = "commit " + rev + ", " + details
	}
	return fmt.Sprintf("drift %s (%s)", version, details)
}

// revision is the build's VCS revision (12 hex digits), with -dirty when
// the tree had changes; empty when the build info has none.
func revision(settings []debug.BuildSetting) string {
	var rev string
	dirty := false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}

// versionOnly is the VERSION of versionLine: stamped, else the build
// info's module version, else "dev".
func versionOnly(stamped string, bi *debug.BuildInfo) string {
	version := stamped
	if bi != nil && (version == "dev" || version == "") {
		version = bi.Main.Version
	}
	if version == "" || version == "(devel)" {
		version = "dev"
	}
	return version
}
