package planner

import (
	"errors"
	"io"
	"sync"

	"github.com/igny8/igny8/tools/keywordfile"
)

// readAheadChunk is how many rows the reader hands over at a time;
// readAheadDepth how many chunks may wait, so at most about
// (depth+2)*chunk rows are in memory.
const (
	readAheadChunk = 256
	readAheadDepth = 4
)

type parsedRow struct {
	keywordfile.Row
	rej *keywordfile.RowError
}

// chunk is a run of rows in file order; err, if set, is the fatal error
// that ended the source after these rows.
type chunk struct {
	rows []parsedRow
	err  error
}

// readAhead reads src on a goroutine so parsing overlaps the database writes.
// The channel closes after the last chunk (the one with err, if src failed).
// stop must be called; it ends the reader early when the writer gives up.
func readAhead(src keywordfile.Source) (<-chan chunk, func()) {
	out := make(chan chunk, readAheadDepth)
	done := make(chan struct{})
	go func() {
		defer close(out)
		c := chunk{rows: make([]parsedRow, 0, readAheadChunk)}
		for {
			row, rej, err := src.Next()
			end := err != nil
			if !end {
				c.rows = append(c.rows, parsedRow{Row: row, rej: rej})
			} else if !errors.Is(err, io.EOF) {
				c.err = err
			}
			if end || len(c.rows) == readAheadChunk {
				select {
				case out <- c:
				case <-done:
					return
				}
				if end {
					return
				}
				c = chunk{rows: make([]parsedRow, 0, readAheadChunk)}
			}
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() { close(done) })
		for range out { // wait for the reader to finish with src
		}
	}
}
