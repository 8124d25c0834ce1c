package file

import (
	"errors"
	"io"

	"github.com/drift-sh/drift/internal/atomicfile"
)

// errNotRegular refuses a write to a data file that is not a regular file
// (a device, a named pipe): drift rewrites a file atomically, by a rename
// over it, which such a path cannot take, and what a device takes in is
// not kept to be read back.
var errNotRegular = errors.New("the path is not a regular file, which drift rewrites atomically; point `path` at a regular file to repair it")

// writeAtomic replaces the file at path with data, so that a crash leaves
// either the old file or the new one.
func writeAtomic(path string, data []byte) error {
	return writeAtomicWith(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomicWith is writeAtomic for content that write produces; when
// write fails, the file is left as it was and its error is returned,
// wrapped.
func writeAtomicWith(path string, write func(io.Writer) error) error {
	if !atomicfile.Regular(path) {
		return errNotRegular
	}
	return atomicfile.Write(path, write)
}
