package planner

import (
	"errors"
	"testing"

	"github.com/igny8/igny8/tools/keywordfile"
)

// endless is a source that never ends.
type endless struct{ n int }

func (s *endless) Next() (keywordfile.Row, *keywordfile.RowError, error) {
	s.n++
	return keywordfile.Row{Line: s.n, Keyword: "k", Normalized: "k"}, nil, nil
}

// failing yields n rows and then a fatal error.
type failing struct{ n, i int }

func (s *failing) Next() (keywordfile.Row, *keywordfile.RowError, error) {
	if s.i == s.n {
		return keywordfile.Row{}, nil, errors.New("boom")
	}
	s.i++
	return keywordfile.Row{Line: s.i}, nil, nil
}

// stop ends the reader even when the source would go on forever (a writer
// that fails mid-file must not leave a goroutine reading the upload).
func TestReadAheadStop(t *testing.T) {
	t.Parallel()
	src := &endless{}
	chunks, stop := readAhead(src)
	if c := <-chunks; len(c.rows) != readAheadChunk {
		t.Fatalf("first chunk has %d rows", len(c.rows))
	}
	stop()
	stop() // idempotent
	n := src.n
	if n > (readAheadDepth+3)*readAheadChunk {
		t.Fatalf("reader ran ahead %d rows", n)
	}
	if _, open := <-chunks; open {
		t.Fatal("channel still open after stop")
	}
}

// Rows read before a fatal error arrive in order, followed by the error.
func TestReadAheadDeliversRowsThenError(t *testing.T) {
	t.Parallel()
	chunks, stop := readAhead(&failing{n: 3*readAheadChunk + 7})
	defer stop()
	line := 0
	var fatal error
	for c := range chunks {
		for _, r := range c.rows {
			line++
			if r.Line != line {
				t.Fatalf("row %d out of order: %d", line, r.Line)
			}
		}
		if c.err != nil {
			fatal = c.err
		}
	}
	if line != 3*readAheadChunk+7 || fatal == nil || fatal.Error() != "boom" {
		t.Fatalf("got %d rows, err %v", line, fatal)
	}
}
