package wpimport

import (
	"regexp"
	"testing"
)

// TestSeqIds: mapping row ids have PocketBase's id shape, are unique and
// sort in the order they were handed out (also past a counter digit).
func TestSeqIds(t *testing.T) {
	shape := regexp.MustCompile(`^[a-z0-9]{15}$`)
	s := newSeqIds()
	s.n = 36*36 - 3
	prev := ""
	for range 10 {
		id := s.next()
		if !shape.MatchString(id) {
			t.Fatalf("id %q is not a PocketBase id", id)
		}
		if id <= prev {
			t.Fatalf("id %q does not sort after %q", id, prev)
		}
		prev = id
	}
	if a, b := newSeqIds().next(), newSeqIds().next(); a == b {
		t.Fatalf("two runs start with the same id %q", a)
	}
}
