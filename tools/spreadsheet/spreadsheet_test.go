package spreadsheet_test

import (
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/igny8/igny8/tools/spreadsheet"
)

func TestSafe(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "\r=1": "'\r=1", "＠x": "'＠x",
		"best = cheap": "best = cheap", "espresso": "espresso", "": "", "1K – 10K": "1K – 10K", "'quoted": "'quoted",
	} {
		if got := spreadsheet.Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSafe: whatever a user stored, the cell igny8 writes into a CSV reads
// back (through a CSV reader) as the same text, apostrophe aside, and never
// starts with a character a spreadsheet runs as a formula. The seed corpus is
// under testdata/fuzz/FuzzSafe.
func FuzzSafe(f *testing.F) {
	for _, s := range []string{"=1+1", "+cmd|' /C calc'!A0", "-2", "@SUM(A1)", "\t=1", "\r=1", "＝1", "plain", "", "\"=1\"", "a,b\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsRune(s, '\r') {
			return // stored keywords are valid UTF-8 and single-line (cleanText)
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		w.Write([]string{spreadsheet.Safe(s), "x"})
		w.Flush()
		rec, err := csv.NewReader(strings.NewReader(b.String())).Read()
		if err != nil {
			t.Fatalf("CSV of %q unreadable: %v", s, err)
		}
		cell := rec[0]
		for _, r := range spreadsheet.FormulaLeads {
			if strings.HasPrefix(cell, string(r)) {
				t.Fatalf("cell %q starts with %q", cell, r)
			}
		}
		if cell != s && cell != "'"+s {
			t.Fatalf("cell %q does not carry %q", cell, s)
		}
	})
}
