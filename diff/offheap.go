package diff

import (
	"math"
	"runtime"
	"unsafe"
)

// The index's large arrays (a source's entries, its duplicate filter) are
// pointer-free, and live outside the Go heap when the system can map
// memory for them. The garbage collector paces itself on the live heap:
// with the index in the heap, a scan's heap would grow by half the index
// again in garbage before each collection (GOGC 50), and that half is most
// of the scan's peak memory beyond the index. Outside, the index costs the
// pages its entries were written to, no more (a reservation larger than
// the source costs address space only), and goes back to the system when
// it is freed; the heap the collector paces is the small rest.

// offHeapMin is the size below which an array stays in the heap.
const offHeapMin = 1 << 20

// offHeap is memory mapped for one array. It is unmapped by free, or by a
// cleanup once nothing references it.
type offHeap struct {
	mem     []byte
	cleanup runtime.Cleanup
}

// makeArray returns n zero values of a pointer-free T, mapped outside the
// heap when they are large and the system can (then with their offHeap,
// to free), else from the heap.
func makeArray[T any](n int) ([]T, *offHeap) {
	var zero T
	if n > math.MaxInt/int(unsafe.Sizeof(zero)) {
		return make([]T, n), nil // too large to size: make says so
	}
	size := n * int(unsafe.Sizeof(zero))
	if size < offHeapMin {
		return make([]T, n), nil
	}
	mem, ok := mapMemory(size)
	if !ok {
		return make([]T, n), nil
	}
	h := &offHeap{mem: mem}
	h.cleanup = runtime.AddCleanup(h, unmapMemory, mem)
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(mem))), n), h
}

// free unmaps the array at once; nothing may use it after. A nil offHeap
// (an array in the heap) has nothing to free.
func (h *offHeap) free() {
	if h == nil {
		return
	}
	h.cleanup.Stop()
	unmapMemory(h.mem)
}
