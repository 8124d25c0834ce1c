// Command drift finds and repairs divergence between replicas of the same
// state. See README.md.
package main

import (
	"os"

	"github.com/drift-sh/drift/cmd"
)

func main() {
	os.Exit(cmd.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
