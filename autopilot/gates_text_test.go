package autopilot_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/autopilot"
)

func TestFleschKincaid(t *testing.T) {
	easy, ok := autopilot.FleschKincaid(strings.Repeat("The cat sat on the mat. ", 10))
	hard, ok2 := autopilot.FleschKincaid(strings.Repeat("Institutional considerations necessitate comprehensive organizational restructuring, notwithstanding considerable administrative complications. ", 5))
	if !ok || !ok2 || easy > 2 || hard < 18 {
		t.Fatalf("grades easy %.1f hard %.1f", easy, hard)
	}
	if _, ok := autopilot.FleschKincaid("Too short."); ok {
		t.Fatal("measured ten characters")
	}
}
