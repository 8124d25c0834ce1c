package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/drift-sh/drift/internal/examplecopy"
)

// terminalQueries are the escape sequences that ask a terminal something:
// its background colour (OSC 11), its foreground (OSC 10) and the cursor
// position (DSR).
var terminalQueries = []string{"\x1b]11;?", "\x1b]10;?", "\x1b[6n"}

// noQueryRuns are the command lines run under a pseudo-terminal; a command
// drift help lists and this table does not is run with --help. repair is
// left out: it is the one command that may ask, as its session starts.
var noQueryRuns = map[string][]string{
	"scan":       {"scan"},
	"validate":   {"validate"},
	"plan":       {"plan", "-o", "plan.json"},
	"apply":      {"apply", "plan.json", "--yes"},
	"rollback":   {"rollback", "no-such-run", "--yes"},
	"history":    {"history"},
	"explain":    {"explain", "account_id=a-12,region=us"},
	"watch":      {"watch", "--once"},
	"version":    {"version"},
	"completion": {"completion", "bash"},
	"man":        {"man"},
	"help":       {"help"},
}

// TestNoTerminalQueries runs every command under a pseudo-terminal that
// never answers and checks that none writes a terminal query: a query
// costs a five-second wait there (script, expect, git hooks, CI runners).
func TestNoTerminalQueries(t *testing.T) {
	bin := driftBinary(t)
	dir := t.TempDir()
	examples, _ := filepath.Abs("examples")
	if err := examplecopy.Copy(filepath.Join(dir, "examples"), examples); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "examples", "accounts")
	for _, name := range listedCommands(t, bin) {
		if name == "repair" {
			continue
		}
		args, ok := noQueryRuns[name]
		if !ok {
			args = []string{name, "--help"}
		}
		t.Run(name, func(t *testing.T) {
			out := runInPTY(t, bin, work, args)
			for _, q := range terminalQueries {
				if strings.Contains(out, q) {
					t.Errorf("drift %s wrote the terminal query %q; output:\n%q", strings.Join(args, " "), q, out)
				}
			}
		})
	}
}

// driftBinary is this test binary under the name drift, which TestMain
// runs as the command.
func driftBinary(t *testing.T) string {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "drift")
	if err := os.Symlink(exe, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// listedCommands are the command names drift help lists.
func listedCommands(t *testing.T, bin string) []string {
	out, err := exec.Command(bin, "help").Output()
	if err != nil {
		t.Fatalf("drift help: %v", err)
	}
	_, list, _ := strings.Cut(string(out), "COMMANDS:\n")
	list, _, _ = strings.Cut(list, "\n\n")
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^   ([a-z]+)`).FindAllStringSubmatch(list, -1) {
		names = append(names, m[1])
	}
	if len(names) < 5 {
		t.Fatalf("drift help lists too few commands:\n%s", out)
	}
	return names
}

// runInPTY runs bin with its stdin, stdout and stderr on a new
// pseudo-terminal, its controlling terminal, that nobody answers, and
// returns what it wrote there. A generous timeout stops a command that
// waits for an answer.
func runInPTY(t *testing.T, bin, dir string, args []string) string {
	ptm, pts := openPTY(t)
	defer ptm.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, bin, args...)
	c.Dir = dir
	c.Env = append(withoutEnv(os.Environ(), "CI", "NO_COLOR", "TERM"), "TERM=xterm-256color")
	c.Stdin, c.Stdout, c.Stderr = pts, pts, pts
	c.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	pts.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&out, ptm) // ends with EIO once the command has exited
		close(done)
	}()
	c.Wait()
	<-done
	if ctx.Err() != nil {
		t.Errorf("drift %s did not finish in 60s", strings.Join(args, " "))
	}
	return out.String()
}

// openPTY opens a pseudo-terminal pair with /dev/ptmx, as posix_openpt,
// unlockpt and ptsname do.
func openPTY(t *testing.T) (ptm, pts *os.File) {
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	if err := ioctl(ptm, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Fatalf("unlockpt: %v", err)
	}
	var n uint32
	if err := ioctl(ptm, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Fatalf("ptsname: %v", err)
	}
	pts, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return ptm, pts
}

func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg))
	if errno != 0 {
		return errno
	}
	return nil
}

// withoutEnv drops the named variables from env.
func withoutEnv(env []string, names ...string) []string {
	var kept []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, n := range names {
			drop = drop || name == n
		}
		if !drop {
			kept = append(kept, kv)
		}
	}
	return kept
}
