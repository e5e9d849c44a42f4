package bench

import (
	"testing"

	"github.com/igny8/igny8/testapp"
)

// TestMain runs the benchmarks through testapp.Main, which removes the
// template data dir the test apps are cloned from (without it every run left
// one igny8_testdata_* dir in the temp dir) and allows the fixture sites'
// loopback addresses as the other packages' tests do.
func TestMain(m *testing.M) { testapp.Main(m) }
