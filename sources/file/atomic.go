package file

import (
	"io"

	"github.com/drift-sh/drift/internal/atomicfile"
)

// writeAtomic replaces the file at path with data, so that a crash leaves
// either the old file or the new one.
func writeAtomic(path string, data []byte) error {
	return atomicfile.WriteBytes(path, data)
}

// writeAtomicWith is writeAtomic for content that write produces; when
// write fails, the file is left as it was and its error is returned,
// wrapped.
func writeAtomicWith(path string, write func(io.Writer) error) error {
	return atomicfile.Write(path, write)
}
