package diff

import "syscall"

// mapMemory maps size bytes of zeroed private memory, asking for huge pages:
// the index is written once in order and then read at random, so fewer,
// larger pages save page faults and TLB misses. The size is rounded up to
// whole huge pages (2 MiB), for which Linux places a mapping at a huge
// page's start: otherwise the mapping's first and last partial 2 MiB
// fault in 4 KiB pages, up to a thousand faults of 10 µs each on a
// virtual machine (BenchmarkAddCells, whose arrays are small: 234 to
// 217 ns an entry; a 1M-row scan takes about 300 faults fewer). The
// rounding costs address space only: a page is memory once written.
func mapMemory(size int) ([]byte, bool) {
	const huge = 2 << 20
	size = (size + huge - 1) &^ (huge - 1)
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS)
	if err != nil {
		return nil, false
	}
	_ = syscall.Madvise(mem, syscall.MADV_HUGEPAGE)
	return mem, true
}

func unmapMemory(mem []byte) { _ = syscall.Munmap(mem) }
