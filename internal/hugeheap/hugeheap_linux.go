package hugeheap

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"syscall"
	"unsafe"

	"github.com/drift-sh/drift/internal/racecheck"
)

const hugePage = 2 << 20

// grow allocates one object of up to size bytes (at most a quarter of the
// machine's memory), which the runtime maps from fresh address space,
// advises its whole huge pages and frees it by a collection, so that the
// heap grows into it. It returns where the advised part starts and its
// length. Nothing of the object is written, so it costs no memory; the
// collection takes about a millisecond at this point, and the runtime's
// bookkeeping for the larger heap about 800 faults (6–9 ms in all).
func grow(size int) (uintptr, int) {
	if !usable() {
		return 0, 0
	}
	size = min(size, memTotal()/4)
	if size < 64<<20 {
		return 0, 0
	}
	b := make([]byte, size)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	beg := (p + hugePage - 1) &^ (hugePage - 1)
	end := (p + uintptr(size)) &^ (hugePage - 1)
	err := syscall.Madvise(b[beg-p:end-p], syscall.MADV_HUGEPAGE)
	runtime.GC() // b is dead here: this frees it
	if err != nil {
		return 0, 0
	}
	return beg, int(end - beg)
}

// usable reports whether advice can help and the reservation is safe. A
// memory limit (GOMEMLIMIT) counts the freed reservation until the
// runtime hands it back, so with one set nothing is done either.
func usable() bool {
	return !racecheck.Enabled && debug.SetMemoryLimit(-1) == math.MaxInt64 && thpMode() == "madvise" && roomFor()
}

// thpMode is the system's transparent huge page mode: always, madvise or
// never ("" when unknown). Under always every mapping already gets huge
// pages; under never advice is ignored.
func thpMode() string {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return ""
	}
	i, j := bytes.IndexByte(b, '['), bytes.IndexByte(b, ']')
	if i < 0 || j < i {
		return ""
	}
	return string(b[i+1 : j])
}

// roomFor reports whether more address space is surely granted: no
// address-space limit (ulimit -v) and no strict overcommit
// (vm.overcommit_memory=2), under which the runtime would fail hard.
func roomFor() bool {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &lim); err != nil || lim.Cur != ^uint64(0) {
		return false
	}
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err == nil && len(b) > 0 && b[0] != '2'
}

// memTotal is the machine's memory in bytes (0 when unknown), which caps
// the reservation so that the kernel's overcommit heuristic grants it.
func memTotal() int {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("MemTotal:"))
		if !ok {
			continue
		}
		kb, err := strconv.Atoi(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))))
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}
