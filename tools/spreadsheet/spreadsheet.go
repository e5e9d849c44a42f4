// Package spreadsheet holds the cell rule of every CSV file igny8 writes:
// text a spreadsheet would run as a formula is written as text. It imports
// nothing of PocketBase, like the rest of tools/.
package spreadsheet

import "strings"

// FormulaLeads are the first characters that make Excel, LibreOffice or
// Google Sheets read a cell as a formula (including the full-width forms
// some of them accept, and tab/CR that they strip before looking).
var FormulaLeads = []rune{'=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'}

// Safe neutralises a text cell of a CSV igny8 writes: a cell that a
// spreadsheet would run as a formula (=HYPERLINK(…), +cmd|…, @SUM(…)) gets a
// leading apostrophe, which spreadsheets show as text and do not display.
// The stored value stays the user's text; only what leaves in a CSV changes
// (and a re-import lands on the same keyword, since the planner's keyword
// identity trims the apostrophe). Every CSV writer in igny8 passes its text
// cells through this.
func Safe(s string) string {
	for _, r := range FormulaLeads {
		if strings.HasPrefix(s, string(r)) {
			return "'" + s
		}
	}
	return s
}
