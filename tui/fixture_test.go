package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/examplecopy"
	"github.com/drift-sh/drift/rules"
	"github.com/drift-sh/drift/scan"
	_ "github.com/drift-sh/drift/sources/all"
	"github.com/drift-sh/drift/state"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
}

// testNow is the clock of every test session.
var testNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// fixture is a copy of examples/accounts (without any state a run in the
// example left there) with its sources and a state store of its own.
type fixture struct {
	dir   string
	cfg   *contract.Config
	srcs  []*scan.Opened
	store state.Store
	opts  Options
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, nil)
}

// newFixtureWith is newFixture with the config changed by patch, and the
// contract's CEL rules given to the planner, as drift repair gives them.
func newFixtureWith(t *testing.T, patch func(config string) string) *fixture {
	t.Helper()
	dir := t.TempDir()
	if err := examplecopy.Copy(dir, "../examples/accounts"); err != nil {
		t.Fatal(err)
	}
	if patch != nil {
		path := filepath.Join(dir, "drift.yaml")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(patch(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fixtureIn(t, dir)
}

// fixtureIn is the fixture of the config in dir.
func fixtureIn(t testing.TB, dir string) *fixture {
	t.Helper()
	cfg, err := contract.Load(filepath.Join(dir, "drift.yaml"), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := scan.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { scan.CloseAll(srcs) })
	store, err := state.Open(context.Background(), filepath.Join(dir, ".drift", "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	n := 0
	opts := Options{
		Config: cfg, Sources: srcs, Store: store, ConfigPath: "/examples/accounts/drift.yaml", // fixed: plan ids in the goldens hash it
		PlanDir: filepath.Join(dir, ".drift"), Now: func() time.Time { return testNow }, User: "tester",
		NewRunID: func() string { n++; return fmt.Sprintf("run-%d", n) },
	}
	r, err := rules.New(cfg.Contract)
	if err != nil {
		t.Fatal(err)
	}
	opts.Expr = r.Resolve
	if len(cfg.Contract.Invariants) > 0 {
		opts.Rules = r
	}
	if len(cfg.Contract.Transitions) > 0 {
		opts.Transitions = r
	}
	return &fixture{dir: dir, cfg: cfg, srcs: srcs, store: store, opts: opts}
}

// scanned returns a session model whose scan has run, without a program.
func (f *fixture) scanned(t testing.TB) Model {
	t.Helper()
	m := New(f.opts)
	msg := scanCmd(context.Background(), f.opts, make(chan tea.Msg, 1024))()
	done, ok := msg.(scanDoneMsg)
	if !ok {
		t.Fatalf("scan: got %#v", msg)
	}
	m, _ = update(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m, _ = update(t, m, done)
	return m
}

// update sends one message and returns the model and its command.
func update(t testing.TB, m Model, msg tea.Msg) (Model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

// keyMsg turns key names into key messages: "enter", "esc", "down", or text.
func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "ctrl+d":
		return tea.KeyMsg{Type: tea.KeyCtrlD}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// press sends keys one after the other.
func press(t *testing.T, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		m, _ = update(t, m, keyMsg(k))
	}
	return m
}

// find returns the index of the item of a key text and subject.
func find(t *testing.T, m Model, key, subject string) int {
	t.Helper()
	for i, it := range m.sess.items {
		if it.keyText == key && it.subject() == subject && it.decidable() {
			return i
		}
	}
	t.Fatalf("no drift %s %s", key, subject)
	return -1
}
