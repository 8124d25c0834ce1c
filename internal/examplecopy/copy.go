// Package examplecopy copies an example folder for a test to work in,
// leaving out what running drift in it leaves behind, so that a test sees
// the example as committed whatever a user ran there before.
package examplecopy

import (
	"io/fs"
	"os"
)

// StateDir is the folder drift keeps its state store in, beside a config.
const StateDir = ".drift"

// Copy copies the folder src into dst (created if needed), leaving out every
// .drift folder: a scan or apply run in the example writes its history
// there, and a test must start with none.
func Copy(dst, src string) error {
	return os.CopyFS(dst, withoutState{os.DirFS(src)})
}

// withoutState is a file system with every .drift folder left out.
type withoutState struct{ fs.FS }

// ReadDir lists a folder without its .drift entries; os.CopyFS walks with it.
func (w withoutState) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(w.FS, name)
	if err != nil {
		return nil, err
	}
	kept := entries[:0]
	for _, e := range entries {
		if e.Name() != StateDir {
			kept = append(kept, e)
		}
	}
	return kept, nil
}
