package cmd

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// checkOutput makes sure `-o FILE` can be written before any source is
// read, so that a typo in the path costs a usage error (exit 2), not a
// whole scan thrown away at the end. The report is written to a temporary
// file beside FILE and renamed, so FILE's folder must exist and take a new
// file.
func checkOutput(path string) error {
	if path == "" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usagef("-o %s: is a folder; name a file in it; nothing was read", path)
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("-o %s: folder %s does not exist; create it or name another file; nothing was read", path, dir)
	case err != nil:
		return usagef("-o %s: %w; nothing was read", path, err)
	case !fi.IsDir():
		return usagef("-o %s: %s is not a folder; nothing was read", path, dir)
	}
	probe, err := os.CreateTemp(dir, ".drift-probe-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return usagef("-o %s: cannot create files in %s: %w; nothing was read", path, dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}
