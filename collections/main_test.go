package collections_test

import (
	"testing"

	"github.com/igny8/igny8/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }
