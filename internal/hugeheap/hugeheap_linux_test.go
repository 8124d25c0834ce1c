package hugeheap

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

func TestPrepareOff(t *testing.T) {
	if n := prepare("off"); n != 0 {
		t.Fatalf("prepare(off) advised %d bytes, want 0", n)
	}
}

// TestGrowAdvisesTheHeap checks that the advised memory is where the heap
// grows next: a large slice allocated after grow lies in a mapping with
// the huge page advice (VmFlags hg in /proc/self/smaps).
func TestGrowAdvisesTheHeap(t *testing.T) {
	if !usable() {
		t.Skipf("transparent huge pages are %q here (or the race detector is on, GOMEMLIMIT is set, or the address space is limited); the advice needs madvise mode", thpMode())
	}
	start, n := grow(Size)
	if n < 64<<20 {
		t.Fatalf("grow advised %d bytes from %#x; want at least 64 MiB", n, start)
	}
	flags, err := vmFlags(start)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Fatalf("the mapping at %#x has VmFlags %q, without hg (MADV_HUGEPAGE)", start, flags)
	}
	// The freed object's first partial huge page is not advised, so the
	// slice may start there: its middle must be in advised memory.
	b := make([]byte, 32<<20)
	b[len(b)/2] = 1
	at := uintptr(unsafe.Pointer(&b[len(b)/2]))
	flags, err = vmFlags(at)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Fatalf("the mapping at %#x, the middle of a slice allocated after grow, has VmFlags %q, without hg", at, flags)
	}
}

// vmFlags returns the VmFlags of the mapping that holds addr.
func vmFlags(addr uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		first, rest, _ := strings.Cut(sc.Text(), " ")
		if !strings.HasSuffix(first, ":") { // a mapping's header: lo-hi perms ...
			var lo, hi uintptr
			_, err := fmt.Sscanf(first, "%x-%x", &lo, &hi)
			in = err == nil && lo <= addr && addr < hi
			continue
		}
		if in && first == "VmFlags:" {
			return strings.TrimSpace(rest), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping in /proc/self/smaps holds %#x", addr)
}
