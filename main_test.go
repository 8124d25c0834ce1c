package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/drift-sh/drift/cmd"
	"github.com/drift-sh/drift/internal/examplecopy"
	"github.com/drift-sh/drift/repair"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"drift": func() { os.Exit(cmd.Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI sessions in testdata/script. Each script starts
// with a copy of examples/ in $WORK/examples, so the README's commands run
// as written.
func TestScripts(t *testing.T) {
	testscript.Run(t, scriptParams(t, "testdata/script"))
}

// TestAdversarial runs the scripts of testdata/script/adversarial: what a
// careless or hostile user does (flags in odd places, forged plans, bad
// paths and URLs), each checked for its exit code and message.
func TestAdversarial(t *testing.T) {
	testscript.Run(t, scriptParams(t, "testdata/script/adversarial"))
}

// scriptParams are the settings every script suite shares: a copy of
// examples/ without any state a run there left (.drift folders), the test
// servers, and the commands and conditions below.
func scriptParams(t *testing.T, dir string) testscript.Params {
	examples, err := filepath.Abs("examples")
	if err != nil {
		t.Fatal(err)
	}
	return testscript.Params{
		Dir: dir,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			setupServers(env)
			return examplecopy.Copy(filepath.Join(env.WorkDir, "examples"), examples)
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exits":        cmdExits,
			"seed-example": cmdSeedExample,
			"reseal-plan":  cmdResealPlan,
		},
		Condition:     condition,
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") == "1",
	}
}

// condition adds `root` (permissions do not stop this process) to the
// scripts' conditions.
func condition(cond string) (bool, error) {
	if cond == "root" {
		return os.Geteuid() == 0, nil
	}
	return scriptCondition(cond)
}

// cmdExits runs a program and checks its exit code: `exits 1 drift scan`.
// Its stdout and stderr are kept for the next stdout/stderr/cmp commands.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// cmdResealPlan recomputes a plan file's plan_id after a script edited it,
// as someone forging a plan would: `reseal-plan plan.json`. Apply must then
// still refuse ops the config cannot apply.
func cmdResealPlan(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: reseal-plan FILE")
	}
	path := ts.MkAbs(args[0])
	var p repair.Plan
	dec := json.NewDecoder(strings.NewReader(ts.ReadFile(args[0])))
	dec.UseNumber()
	ts.Check(dec.Decode(&p))
	ts.Check(p.Seal())
	b, err := p.Marshal()
	ts.Check(err)
	ts.Check(os.WriteFile(path, b, 0o644))
}
