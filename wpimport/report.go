package wpimport

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/bits"
	"sort"
	"strings"
	"text/tabwriter"
)

// maxListedIssues bounds the rows listed per reason kind in a report; the
// counts stay exact.
const maxListedIssues = 2000

// Issue is one legacy row the import could not map (Skipped) or changed on
// the way (a note): the table, the row's legacy id and the reason in words.
type Issue struct {
	Table  string `json:"table"`
	Legacy string `json:"legacy"`
	Reason string `json:"reason"`
}

// Table is the validation line of one legacy table (one igny8 kind): what the
// source held and what became of each row. Hashes are over the mapped fields
// of the rows that were imported, updated or unchanged: SourceHash as read and
// transformed, TargetHash as read back from igny8 afterwards.
type Table struct {
	Name       string `json:"table"`
	Collection string `json:"collection,omitempty"`
	Source     int    `json:"source"`
	Imported   int    `json:"imported"`
	Updated    int    `json:"updated"`
	Unchanged  int    `json:"unchanged"`
	Skipped    int    `json:"skipped"`
	Carried    int    `json:"carried"`
	// Merged counts the rows folded into another row's record (metrics: one
	// page_metrics record per page and day holds that day's rows of every
	// metric); the first row of each record counts as imported, updated or
	// unchanged, so the counts still add up to Source.
	Merged     int    `json:"merged"`
	Notes      int    `json:"notes"`
	SourceHash string `json:"sourceHash,omitempty"`
	TargetHash string `json:"targetHash,omitempty"`
	Match      bool   `json:"hashesMatch"`
	// Columns names the legacy columns the import does not read.
	Unknown []string `json:"unknownColumns,omitempty"`

	src, dst setHash
}

// Report is what an import (or dry run) did, per table, with every row it
// could not map and why. It is printed as a table and stored on the batch.
type Report struct {
	Batch    string   `json:"batch,omitempty"`
	DryRun   bool     `json:"dryRun"`
	Source   string   `json:"source"`
	Shape    string   `json:"shape"`
	Tables   []*Table `json:"tables"`
	Skipped  []Issue  `json:"skipped"`
	Notes    []Issue  `json:"notes"`
	Warnings []string `json:"warnings"`
	// SkippedTotal and NotesTotal are exact; the lists stop at maxListedIssues.
	SkippedTotal int `json:"skippedTotal"`
	NotesTotal   int `json:"notesTotal"`
	// Rows and RowsPerSec describe the run (read + written rows).
	Rows int     `json:"rows"`
	Secs float64 `json:"seconds"`
}

func (r *Report) table(name, collection string) *Table {
	for _, t := range r.Tables {
		if t.Name == name {
			return t
		}
	}
	t := &Table{Name: name, Collection: collection}
	r.Tables = append(r.Tables, t)
	return t
}

func (r *Report) skip(t *Table, legacy, reason string) {
	t.Skipped++
	r.SkippedTotal++
	if len(r.Skipped) < maxListedIssues {
		r.Skipped = append(r.Skipped, Issue{t.Name, legacy, reason})
	}
}

func (r *Report) note(t *Table, legacy, reason string) {
	t.Notes++
	r.NotesTotal++
	if len(r.Notes) < maxListedIssues {
		r.Notes = append(r.Notes, Issue{t.Name, legacy, reason})
	}
}

func (r *Report) warn(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

// OK reports whether every table's hashes matched and its rows add up.
func (r *Report) OK() bool {
	for _, t := range r.Tables {
		if !t.Match || t.Imported+t.Updated+t.Unchanged+t.Skipped+t.Carried+t.Merged != t.Source {
			return false
		}
	}
	return true
}

func (r *Report) finish() {
	for _, t := range r.Tables {
		if t.Collection == "" {
			t.Match = t.Imported+t.Updated+t.Unchanged == 0
			continue
		}
		t.SourceHash, t.TargetHash = t.src.String(), t.dst.String()
		t.Match = t.SourceHash == t.TargetHash
	}
}

// Print writes the validation table and the rows that were skipped.
func (r *Report) Print(w io.Writer) {
	mode := "import"
	if r.DryRun {
		mode = "dry run (nothing written)"
	}
	fmt.Fprintf(w, "%s from %s, shape %s", mode, r.Source, r.Shape)
	if r.Batch != "" && !r.DryRun {
		fmt.Fprintf(w, ", batch %s", r.Batch)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\tsource\timported\tupdated\tunchanged\tmerged\tskipped\tcarried\tnotes\thash (source = igny8)\t")
	for _, t := range r.Tables {
		h := "-"
		switch {
		case t.SourceHash != "" && t.Match:
			h = t.SourceHash[:12] + " ok"
		case t.SourceHash != "":
			h = t.SourceHash[:12] + " != " + t.TargetHash[:12]
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n", t.Name, t.Source, t.Imported, t.Updated, t.Unchanged, t.Merged, t.Skipped, t.Carried, t.Notes, h)
	}
	tw.Flush()
	for _, t := range r.Tables {
		if len(t.Unknown) > 0 {
			fmt.Fprintf(w, "%s: columns not read: %s\n", t.Name, strings.Join(t.Unknown, ", "))
		}
	}
	if r.SkippedTotal > 0 {
		fmt.Fprintf(w, "skipped rows (%d):\n", r.SkippedTotal)
		for _, i := range r.Skipped {
			fmt.Fprintf(w, "  %s %s: %s\n", i.Table, i.Legacy, i.Reason)
		}
	}
	if r.NotesTotal > 0 {
		fmt.Fprintf(w, "rows changed on the way in (%d):\n", r.NotesTotal)
		for _, i := range r.Notes {
			fmt.Fprintf(w, "  %s %s: %s\n", i.Table, i.Legacy, i.Reason)
		}
	}
	for _, s := range r.Warnings {
		fmt.Fprintln(w, "warning:", s)
	}
	if r.Secs > 0 {
		fmt.Fprintf(w, "%d rows in %.2f s (%.0f rows/s)\n", r.Rows, r.Secs, float64(r.Rows)/r.Secs)
	}
}

// setHash is an order-independent hash of a set of lines: the sum of their
// SHA-256 prefixes (128 bits) plus their count, so the source can be hashed
// as it streams in its own order and igny8's records as they are read back.
type setHash struct {
	hi, lo uint64
	n      int
}

func (h *setHash) add(line []byte) {
	sum := sha256.Sum256(line)
	lo, carry := bits.Add64(h.lo, binary.BigEndian.Uint64(sum[8:16]), 0)
	h.hi, _ = bits.Add64(h.hi, binary.BigEndian.Uint64(sum[0:8]), carry)
	h.lo = lo
	h.n++
}

func (h setHash) String() string {
	var b [24]byte
	binary.BigEndian.PutUint64(b[0:], h.hi)
	binary.BigEndian.PutUint64(b[8:], h.lo)
	binary.BigEndian.PutUint64(b[16:], uint64(h.n))
	s := sha256.Sum256(b[:])
	return hex.EncodeToString(s[:])
}

// canonical renders mapped values as one stable line: keys sorted, JSON
// values re-encoded compactly.
func canonical(legacy string, values map[string]any) []byte {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b := []byte(legacy)
	for _, k := range keys {
		b = append(b, '\t')
		b = append(b, k...)
		b = append(b, '=')
		b = appendValue(b, values[k])
	}
	return b
}

func lineHash(line []byte) string {
	s := sha256.Sum256(line)
	return hex.EncodeToString(s[:])
}
