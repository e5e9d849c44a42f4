package wordpress

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/igny8/igny8/collections"
)

// TermNameMax is the longest category or tag name WordPress stores (its
// terms.name column), counted as sent: HTML-escaped (Text).
const TermNameMax = 200

// checkTermNames refuses a name longer than WordPress stores, naming the
// field and the name (cut), so the owner knows what to shorten.
func checkTermNames(field string, names []string) error {
	for _, n := range names {
		if utf8.RuneCountInString(Text(strings.TrimSpace(n))) > TermNameMax {
			return fmt.Errorf("%s: %q is longer than %d characters (WordPress stores at most %d): shorten it in the content's %s",
				field, collections.Truncate(n, 40), TermNameMax, TermNameMax, field)
		}
	}
	return nil
}
