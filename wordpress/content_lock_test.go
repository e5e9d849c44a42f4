package wordpress

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// heldContentLocks is how many contents have a lock entry.
func heldContentLocks() int {
	contentLocks.Lock()
	defer contentLocks.Unlock()
	return len(contentLocks.m)
}

func TestLockContentSerialisesOneContent(t *testing.T) {
	var inside, most atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			unlock := lockContent("serialise")
			defer unlock()
			n := inside.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			inside.Add(-1)
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Fatalf("%d publishes of one content held its lock at once, want 1", most.Load())
	}
}

// Every content ever published used to keep its lock for the life of the
// process (a server publishing for months grew the map without bound).
func TestLockContentForgetsReleasedLocks(t *testing.T) {
	before := heldContentLocks()
	for i := range 200 {
		unlock := lockContent(fmt.Sprintf("forget-%d", i))
		unlock()
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { lockContent("forget-shared")() })
	}
	wg.Wait()
	if n := heldContentLocks() - before; n != 0 {
		t.Fatalf("%d content locks kept after every publish released its lock, want 0", n)
	}
}
