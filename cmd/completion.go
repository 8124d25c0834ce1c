package cmd

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// completionShells are the shells drift completion writes a script for.
var completionShells = []string{"bash", "zsh", "fish"}

func completionCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: "bash: source <(drift completion bash), in ~/.bashrc\n" +
			"zsh:  source <(drift completion zsh), in ~/.zshrc (or save it as _drift in a folder of $fpath)\n" +
			"fish: drift completion fish > ~/.config/fish/completions/drift.fish",
		Action: func(c *cli.Context) error {
			shell, err := oneArg(c, "the shell: drift completion bash, zsh or fish")
			if err != nil {
				return err
			}
			script, ok := completionScripts[shell]
			if !ok {
				return usagef("drift completion %q: use bash, zsh or fish", shell)
			}
			_, err = fmt.Fprint(sio.Out, script)
			return err
		},
	}
}

// completeCommand is the hidden command behind the scripts: it reads the
// words as they are, flags included, and prints the candidates.
func completeCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:            completeCommandName,
		Hidden:          true,
		SkipFlagParsing: true,
		HideHelp:        true, // "help" and "--help" are words to complete
		HideHelpCommand: true,
		Action: func(c *cli.Context) error {
			cands, files := completer{app: newApp(&IO{}), getenv: sio.Getenv}.complete(c.Args().Slice())
			if files {
				fmt.Fprintln(sio.Out, filesDirective)
				return nil
			}
			for _, k := range cands {
				fmt.Fprintf(sio.Out, "%s\t%s\n", k.word, k.desc)
			}
			return nil
		},
	}
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

func findFlag(flags []cli.Flag, name string) cli.Flag {
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

func takesValue(f cli.Flag) bool {
	d, ok := f.(cli.DocGenerationFlag)
	return ok && d.TakesValue()
}

// usageOf is a flag's usage with urfave/cli's `PLACEHOLDER` quotes dropped.
func usageOf(f cli.Flag) string {
	d, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return ""
	}
	return strings.ReplaceAll(d.GetUsage(), "`", "")
}

func flagCandidates(flags []cli.Flag) []candidate {
	var out []candidate
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		for _, n := range f.Names() {
			dash := "--"
			if len(n) == 1 {
				dash = "-"
			}
			out = append(out, candidate{dash + n, usageOf(f)})
		}
	}
	return append(out, candidate{"--help", "show help"})
}

func commandCandidates(cmds []*cli.Command) []candidate {
	var out []candidate
	for _, c := range cmds {
		if !c.Hidden {
			out = append(out, candidate{c.Name, c.Usage})
		}
	}
	return out
}

func words(ws ...string) []candidate {
	out := make([]candidate, len(ws))
	for i, w := range ws {
		out[i] = candidate{word: w}
	}
	return out
}

// completionScripts hold each shell's script. Each asks drift itself
// (drift __complete WORDS...) what may come next.
var completionScripts = map[string]string{
	"bash": `# bash completion for drift. Load it with: source <(drift completion bash)
_drift() {
    local cur=${COMP_WORDS[COMP_CWORD]} out
    [[ $cur == "=" ]] && cur=""
    out=$("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return
    if [[ $out == ":files" ]]; then
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -f -- "$cur"))
        return
    fi
    local line
    COMPREPLY=()
    while IFS= read -r line; do
        [[ -n $line ]] && COMPREPLY+=("${line%%$'\t'*}")
    done <<<"$out"
}
complete -F _drift drift
`,
	"zsh": `#compdef drift
# zsh completion for drift. Load it with: source <(drift completion zsh),
# or save it as _drift in a folder of $fpath.
_drift() {
    local -a lines cands
    local line word desc
    lines=("${(@f)$(${words[1]} __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ "${lines[1]}" == ":files" ]]; then
        _files
        return
    fi
    for line in "${lines[@]}"; do
        [[ -z "$line" ]] && continue
        word=${line%%$'\t'*}
        desc=${line#*$'\t'}
        cands+=("${word//:/\\:}:${desc}")
    done
    (( ${#cands} )) && _describe -t values drift cands
}
if [[ "${funcstack[1]}" == "_drift" ]]; then
    _drift "$@"
else
    compdef _drift drift
fi
`,
	"fish": `# fish completion for drift. Load it with: drift completion fish | source,
# or save it as ~/.config/fish/completions/drift.fish
function __drift_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l prog $words[1]
    set -e words[1]
    set -l out ($prog __complete $words $cur 2>/dev/null)
    if test "$out[1]" = ":files"
        __fish_complete_path $cur
        return
    end
    printf '%s\n' $out
end
complete -c drift -f -a '(__drift_complete)'
`,
}
