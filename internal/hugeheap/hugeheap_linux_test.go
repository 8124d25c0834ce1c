package hugeheap

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

func TestPrepareOff(t *testing.T) {
	for _, v := range []string{"off", "OFF", "0", "false", " off "} {
		if n := prepare(v); n != 0 {
			t.Errorf("prepare(%q) advised %d bytes, want 0", v, n)
		}
	}
}

func TestThpDisabled(t *testing.T) {
	for _, tc := range []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"gctrace=1,disablethp=1", true},
		{"disablethp=0", false},
		{"madvdontneed=1", false},
	} {
		if got := thpDisabled(tc.godebug); got != tc.want {
			t.Errorf("thpDisabled(%q) = %v, want %v", tc.godebug, got, tc.want)
		}
	}
}

// needsGrow skips a test where grow does nothing.
func needsGrow(t *testing.T) {
	t.Helper()
	if !usable() || memLimit()/4 < 64<<20 {
		t.Skipf("transparent huge pages are %q here, or the race detector is on, GOMEMLIMIT is set, memory or the address space is limited; the advice needs madvise mode on a 64-bit build", thpMode())
	}
}

// TestGrowAdvisesTheHeap checks that the advised memory is where the heap
// grows next: a large slice allocated after grow lies in a mapping with
// the huge page advice (VmFlags hg in /proc/self/smaps).
func TestGrowAdvisesTheHeap(t *testing.T) {
	needsGrow(t)
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

var garbage [][]byte

// TestGrowWritesNothing checks that grow costs no memory even when the
// heap's top holds pages used and freed, which the runtime would zero in
// a large object laid over them: the peak RSS must not grow by anything
// near the reservation.
func TestGrowWritesNothing(t *testing.T) {
	needsGrow(t)
	for range 16 {
		b := make([]byte, 1<<20)
		for i := range b {
			b[i] = 1
		}
		garbage = append(garbage, b)
	}
	garbage = nil
	runtime.GC()
	before := peakRSS(t)
	_, n := grow(Size)
	if n == 0 {
		t.Fatal("grow advised nothing")
	}
	if after := peakRSS(t); after-before > 64<<20 {
		t.Fatalf("grow raised the peak RSS from %d to %d MiB: it wrote the %d MiB it reserves", before>>20, after>>20, n>>20)
	}
}

// peakRSS is the process's peak resident set (VmHWM) in bytes.
func peakRSS(t *testing.T) int {
	t.Helper()
	n, ok := procKB("/proc/self/status", "VmHWM:")
	if !ok {
		t.Fatal("no VmHWM in /proc/self/status")
	}
	return n
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
