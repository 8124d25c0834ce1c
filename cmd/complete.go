package cmd

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"
	"gopkg.in/yaml.v3"

	"github.com/drift-sh/drift/state"
)

// completeCommandName is the hidden command the completion scripts call
// with the words typed so far, the last being the one under the cursor.
// It prints one candidate a line, "WORD\tDESCRIPTION", or the single line
// ":files" when a file name is wanted.
const completeCommandName = "__complete"

// filesDirective asks the shell to complete file names.
const filesDirective = ":files"

// candidate is one completion and what it means.
type candidate struct{ word, desc string }

// completer completes a command line of app. Getenv reads DRIFT_STATE.
type completer struct {
	app    *cli.App
	getenv func(string) (string, bool)
}

// line is what the words before the cursor say: the command path, the
// flags and their values, the positional arguments.
type line struct {
	path    []*cli.Command
	values  map[string]string
	args    int
	pending cli.Flag // a flag that takes a value, still without one
}

// complete returns the candidates for the last word, and whether file
// names are wanted instead.
func (c completer) complete(words []string) ([]candidate, bool) {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, before := words[len(words)-1], words[:len(words)-1]
	prefix := ""
	switch {
	case cur == "=" && len(before) > 0: // bash splits --format=… at "="
		cur = ""
	case strings.HasPrefix(cur, "-") && strings.Contains(cur, "="):
		flag, value, _ := strings.Cut(cur, "=")
		before = append(append([]string{}, before...), flag)
		prefix, cur = flag+"=", value
	}
	l := c.parse(before)
	var cands []candidate
	files := false
	switch {
	case l.pending != nil:
		cands, files = c.flagValues(l, l.pending)
	case strings.HasPrefix(cur, "-"):
		cands = flagCandidates(c.flagsOf(l))
	default:
		cands, files = c.argCandidates(l)
	}
	var out []candidate
	for _, k := range cands {
		if strings.HasPrefix(k.word, cur) {
			out = append(out, candidate{prefix + k.word, k.desc})
		}
	}
	return out, files
}

// parse reads the words before the cursor.
func (c completer) parse(words []string) line {
	l := line{values: map[string]string{}}
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "=" {
			continue
		}
		if strings.HasPrefix(w, "-") && len(w) > 1 {
			name, value, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
			f := findFlag(c.flagsOf(l), name)
			if f == nil || !takesValue(f) {
				continue
			}
			if !hasValue {
				if i+1 < len(words) && words[i+1] == "=" {
					i++
				}
				if i+1 >= len(words) {
					l.pending = f
					break
				}
				i++
				value = words[i]
			}
			l.values[f.Names()[0]] = value
			continue
		}
		if sub := findCommand(c.subcommands(l), w); sub != nil && l.args == 0 {
			l.path = append(l.path, sub)
			continue
		}
		l.args++
	}
	return l
}

func (c completer) subcommands(l line) []*cli.Command {
	if len(l.path) == 0 {
		return c.app.Commands
	}
	return l.path[len(l.path)-1].Subcommands
}

// flagsOf is the flags that apply where the line is: the command's and
// the global ones.
func (c completer) flagsOf(l line) []cli.Flag {
	flags := append([]cli.Flag{}, c.app.Flags...)
	if len(l.path) > 0 {
		flags = append(flags, l.path[len(l.path)-1].Flags...)
	}
	return flags
}

// argCandidates completes a word that is not a flag: a command, a
// subcommand, or the command's argument.
func (c completer) argCandidates(l line) ([]candidate, bool) {
	if subs := c.subcommands(l); len(subs) > 0 && l.args == 0 {
		return commandCandidates(subs), false
	}
	if len(l.path) == 0 || l.args > 0 {
		return nil, false
	}
	switch l.path[len(l.path)-1].Name {
	case "apply":
		return nil, true
	case "rollback":
		return c.runIDs(l), false
	case "help":
		return commandCandidates(c.app.Commands), false
	case "completion":
		return words(completionShells...), false
	}
	return nil, false
}

// enumFlags are the flags whose usage lists their values: "table, json or
// ndjson".
var enumFlags = map[string]bool{"format": true, "fail-on": true, "log-format": true, "log-level": true, "repair": true}

var (
	choicesRE = regexp.MustCompile(`[a-z]+(?:, [a-z]+)*,? or [a-z]+`)
	wordRE    = regexp.MustCompile(`^[a-z]+$`)
	parenRE   = regexp.MustCompile(` *\([^)]*\)`)
)

// flagValues completes a flag's value: the choices its usage lists, the
// config's sources or fields, or a file name.
func (c completer) flagValues(l line, f cli.Flag) ([]candidate, bool) {
	name := f.Names()[0]
	switch {
	case enumFlags[name]:
		return words(choices(usageOf(f))...), false
	case name == "source":
		return words(c.configNames(l, "sources")...), false
	case name == "field":
		return words(c.configNames(l, "fields")...), false
	case name == "config" || name == "output" || name == "metrics-file" || name == "state":
		return nil, true
	}
	if tf, ok := f.(*cli.StringFlag); ok && tf.TakesFile {
		return nil, true
	}
	return nil, false
}

// choices are the values a usage text lists: "table, json or ndjson", or
// "off; auto: what it does; enqueue: what it does".
func choices(usage string) []string {
	usage = parenRE.ReplaceAllString(usage, "")
	var listed []string
	for _, part := range strings.Split(usage, ";") {
		word, _, _ := strings.Cut(strings.TrimSpace(part), ":")
		if !wordRE.MatchString(word) {
			listed = nil
			break
		}
		listed = append(listed, word)
	}
	if len(listed) > 1 {
		return listed
	}
	m := choicesRE.FindString(usage)
	if m == "" {
		return nil
	}
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(m, " or ", ", "), ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// configNames reads the names of the config's sources ("sources") or its
// contract's fields ("fields"), in the file's order; nothing when the
// config cannot be read. Only the YAML is read: nothing is validated or
// connected to.
func (c completer) configNames(l line, what string) []string {
	data, err := os.ReadFile(c.configPath(l))
	if err != nil {
		return nil
	}
	var doc struct {
		Sources  yaml.Node `yaml:"sources"`
		Contract struct {
			Fields yaml.Node `yaml:"fields"`
		} `yaml:"contract"`
	}
	if yaml.Unmarshal(data, &doc) != nil {
		return nil
	}
	node := doc.Sources
	if what == "fields" {
		node = doc.Contract.Fields
	}
	var names []string
	for i := 0; i+1 < len(node.Content); i += 2 {
		names = append(names, node.Content[i].Value)
	}
	return names
}

func (c completer) configPath(l line) string {
	if p := l.values["config"]; p != "" {
		return p
	}
	return "drift.yaml"
}

// runIDs are the runs of the config's state store, newest first, when
// that store is a SQLite file that exists: completing never creates a
// store or reaches a server.
func (c completer) runIDs(l line) []candidate {
	where := l.values["state"]
	if where == "" {
		where, _ = c.getenv("DRIFT_STATE")
	}
	where = stateWhere(where, filepath.Dir(c.configPath(l)))
	if strings.Contains(where, "://") {
		return nil
	}
	if _, err := os.Stat(where); err != nil {
		return nil
	}
	st, err := state.Open(context.Background(), where)
	if err != nil {
		return nil
	}
	defer st.Close()
	runs, err := st.Runs(context.Background(), 50)
	if err != nil {
		return nil
	}
	var out []candidate
	for _, r := range runs {
		out = append(out, candidate{r.ID, string(r.Kind) + " " + r.StartedAt.Format("2006-01-02 15:04") + " " + string(r.Status)})
	}
	return out
}
