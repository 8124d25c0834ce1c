package diff

import "syscall"

// mapMemory maps size bytes of zeroed private memory, asking for huge pages:
// the index is written once in order and then read at random, so fewer,
// larger pages save page faults and TLB misses.
func mapMemory(size int) ([]byte, bool) {
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS)
	if err != nil {
		return nil, false
	}
	_ = syscall.Madvise(mem, syscall.MADV_HUGEPAGE)
	return mem, true
}

func unmapMemory(mem []byte) { _ = syscall.Munmap(mem) }
