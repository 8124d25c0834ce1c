package hugeheap

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"github.com/drift-sh/drift/internal/racecheck"
)

const hugePage = 2 << 20

// grow allocates one object of up to size bytes (at most a quarter of the
// memory the process may use), which the runtime maps from fresh address
// space, advises its whole huge pages and frees it, so that the heap grows
// into it. It returns where the advised part starts and its length.
//
// Nothing of the object is written. The runtime zeroes a large object
// unless its pages are known to be zero, which pages used and freed but
// not yet handed back to the system are not; so every free page is handed
// back first (debug.FreeOSMemory), and the object lies wholly in fresh or
// handed-back memory. Freeing it hands its pages back too, which leaves
// the advice in place and spares the heap's later allocations from it a
// zeroing. The two collections take a few milliseconds at this point, and
// the runtime's bookkeeping for the larger heap about 500 faults.
func grow(size int) (uintptr, int) {
	if !usable() {
		return 0, 0
	}
	size = min(size, memLimit()/4)
	if size < 64<<20 {
		return 0, 0
	}
	debug.FreeOSMemory()
	b := make([]byte, size)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	beg := (p + hugePage - 1) &^ (hugePage - 1)
	end := (p + uintptr(size)) &^ (hugePage - 1)
	err := syscall.Madvise(b[beg-p:end-p], syscall.MADV_HUGEPAGE)
	debug.FreeOSMemory() // b is dead here: this frees it
	if err != nil {
		return 0, 0
	}
	return beg, int(end - beg)
}

// usable reports whether advice can help and the reservation is safe: a
// 64-bit build without the race detector (whose shadow memory the
// reservation would fill), no GOMEMLIMIT (which counts the reservation),
// no GODEBUG=disablethp=1 (the runtime's own opt-out of huge pages),
// huge pages in madvise mode, and room for the address space.
func usable() bool {
	return unsafe.Sizeof(uintptr(0)) == 8 && !racecheck.Enabled &&
		debug.SetMemoryLimit(-1) == math.MaxInt64 && !thpDisabled(os.Getenv("GODEBUG")) &&
		thpMode() == "madvise" && roomFor()
}

// thpDisabled reports whether a GODEBUG value turns huge pages off.
func thpDisabled(godebug string) bool {
	for _, kv := range strings.Split(godebug, ",") {
		if k, v, _ := strings.Cut(strings.TrimSpace(kv), "="); k == "disablethp" && v != "0" {
			return true
		}
	}
	return false
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

// roomFor reports whether more address space is surely granted: no limit
// on the address space (ulimit -v) or the data segment (ulimit -d, which
// counts private writable mappings), and no strict overcommit
// (vm.overcommit_memory=2), under any of which the runtime's mapping of
// the reservation could fail, and the runtime fails hard.
func roomFor() bool {
	for _, r := range []int{syscall.RLIMIT_AS, syscall.RLIMIT_DATA} {
		var lim syscall.Rlimit
		if err := syscall.Getrlimit(r, &lim); err != nil || lim.Cur != math.MaxUint64 {
			return false
		}
	}
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err == nil && len(b) > 0 && b[0] != '2'
}

// memLimit is the memory the process may use in bytes: the machine's, or
// its cgroup's limit when lower (0 when unknown). A quarter of it caps the
// reservation, so that the kernel's overcommit heuristic grants it and a
// mistake could not fill a container.
func memLimit() int {
	n := memTotal()
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if limit, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && limit < n {
			n = limit
		}
	}
	return n
}

// memTotal is the machine's memory in bytes (0 when unknown).
func memTotal() int {
	n, _ := procKB("/proc/meminfo", "MemTotal:")
	return n
}

// procKB reads the "key N kB" line of a /proc file such as /proc/meminfo
// or /proc/self/status, in bytes; false when the file has no such line.
func procKB(path, key string) (int, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte(key))
		if !ok {
			continue
		}
		kb, err := strconv.Atoi(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))))
		if err != nil {
			return 0, false
		}
		return kb << 10, true
	}
	return 0, false
}
