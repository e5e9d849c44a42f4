package wpimport

import (
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/tools/security"
)

// seqIds hands out the ids of one run's import_records rows: PocketBase's
// 15-character [a-z0-9] shape, a random prefix per run followed by a
// counter, so the rows of a run sort in the order they are written. With
// random ids every mapping row went into a random place of the id index —
// the costliest part of writing 100k of them; in order, each lands at the
// end of its run's range.
type seqIds struct {
	prefix string
	n      uint64
}

const (
	seqPrefixLen  = 7
	seqCounterLen = 15 - seqPrefixLen // 36^8 ≈ 2.8e12 rows per run
)

func newSeqIds() *seqIds {
	return &seqIds{prefix: security.RandomStringWithAlphabet(seqPrefixLen, "abcdefghijklmnopqrstuvwxyz0123456789")}
}

func (s *seqIds) next() string {
	c := strconv.FormatUint(s.n, 36)
	s.n++
	return s.prefix + strings.Repeat("0", seqCounterLen-len(c)) + c
}
