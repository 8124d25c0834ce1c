// Package padded holds values written for every record by one goroutine
// while others run, each alone on its cache lines.
package padded

// Count is a count written for every record, alone on its cache lines: as
// a small object of its own it would share a line with other small
// objects that other goroutines read or write, and each write would take
// the line from their cores (false sharing). Allocate it with new.
type Count struct {
	_ [64]byte
	N int
	_ [56]byte
}
