package wordpress

import "sync"

// contentLocks holds one lock per content while a publish (or a conflict
// resolution) of it holds or waits for it; the last release removes it, so
// the map stays as small as the work in flight.
var contentLocks = struct {
	sync.Mutex
	m map[string]*contentLock
}{m: map[string]*contentLock{}}

type contentLock struct {
	mu sync.Mutex
	// users counts the holder and the waiters (guarded by contentLocks).
	users int
}

// lockContent serialises publishes of one content inside this process; the
// transports' look-ups (and the plugin's named lock) cover the rest. The
// returned func releases the lock.
func lockContent(id string) func() {
	contentLocks.Lock()
	l := contentLocks.m[id]
	if l == nil {
		l = &contentLock{}
		contentLocks.m[id] = l
	}
	l.users++
	contentLocks.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		contentLocks.Lock()
		if l.users--; l.users == 0 {
			delete(contentLocks.m, id)
		}
		contentLocks.Unlock()
	}
}
