// Package hugeheap backs the Go heap of a large run with transparent huge
// pages. A page fault costs about 9 µs on a virtual machine (the kernel's
// zeroing of the page and the hypervisor's exit), so a command that fills
// a heap of hundreds of MiB spends a large part of its time faulting it in,
// 4 KiB at a time: re-applying a plan of 100,000 ops took 135,000 faults,
// about 1.2 s of CPU. Linux backs memory with 2 MiB pages where the
// process asks for them (madvise mode, the usual default), but the Go
// runtime no longer asks. Grow makes the runtime map a large part of the
// heap at once and asks for huge pages over it; the runtime then hands
// that memory out, lowest addresses first, as the heap grows.
package hugeheap

import (
	"os"
	"strings"
	"sync"
)

// Size is how much of the heap Grow prepares: address space only, since a
// page becomes memory when it is first written.
const Size = 1 << 30

// Env names the environment variable that turns Grow off:
// DRIFT_HUGEPAGES=off (or 0, or false).
const Env = "DRIFT_HUGEPAGES"

var (
	once    sync.Once
	advised int
)

// Grow prepares the heap once per process and returns how many bytes of it
// were advised: 0 when nothing was (not 64-bit Linux, huge pages off or
// already used for all memory, the address space or data segment limited,
// strict overcommit, a GOMEMLIMIT or GODEBUG=disablethp=1 set,
// DRIFT_HUGEPAGES=off, less than 256 MiB of memory, or a build with the
// race detector).
func Grow() int {
	once.Do(func() { advised = prepare(os.Getenv(Env)) })
	return advised
}

// prepare is Grow's work, given the value of DRIFT_HUGEPAGES.
func prepare(setting string) int {
	switch strings.ToLower(strings.TrimSpace(setting)) {
	case "off", "0", "false":
		return 0
	}
	_, n := grow(Size)
	return n
}
