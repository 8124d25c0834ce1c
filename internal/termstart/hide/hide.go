// Package hide keeps standard output away from the terminal libraries while
// the program initialises.
//
// Bubble Tea v1's package initialisation asks the terminal for its
// background colour (ESC ]11;? then ESC [6n) through termenv's default
// output, and waits up to five seconds for an answer that a pseudo-terminal
// under script, expect, a git hook or some CI runners never gives. Go
// initialises packages in import-path order among those whose imports are
// done, so this package, which imports only os, runs before termenv builds
// its default output on os.Stdout: it sets os.Stdout to nil, termenv then
// sees no terminal and nothing asks. Package termstart, initialised after
// Bubble Tea, gives os.Stdout back.
package hide

import "os"

// Stdout is the process's standard output while os.Stdout is hidden.
var Stdout *os.File

func init() {
	Stdout, os.Stdout = os.Stdout, nil
}
