package billing_test

import (
	"os"
	"testing"

	"github.com/igny8/igny8/testapp"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testapp.Cleanup()
	os.Exit(code)
}
