package tenancy_test

import (
	"fmt"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func TestIsolationProtectedFiles(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	file := testapp.ImageFile(app, testapp.A)
	if file == "" {
		t.Fatal("fixture image has no file")
	}
	path := fmt.Sprintf("/api/files/%s/%s/%s", collections.ImagesId, testapp.RecordId(collections.Images, testapp.A), file)
	cases := []struct {
		name, ws, role, thumb string
		status                int
	}{
		{"A viewer with file token", testapp.A, collections.RoleViewer, "", 200},
		{"A viewer thumb", testapp.A, collections.RoleViewer, "160x90", 200},
		{"B owner with its own file token", testapp.B, collections.RoleOwner, "", 404},
		{"B owner thumb", testapp.B, collections.RoleOwner, "160x90", 404},
		{"outsider", "outsider", "", "", 404},
		{"anonymous without token", "", "", "", 404},
	}
	for _, c := range cases {
		c := c
		s := tests.ApiScenario{Name: c.name, Method: "GET", ExpectedStatus: c.status, TestAppFactory: testapp.Factory}
		if c.status != 200 {
			s.ExpectedContent = []string{`"data":`}
		} else {
			s.ExpectedContent = []string{"PNG"}
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			token := ""
			switch c.ws {
			case "":
			case "outsider":
				token = fileToken(t, app, testapp.OutsiderEmail)
			default:
				token = fileToken(t, app, testapp.Email(c.ws, c.role))
			}
			s.URL = path + "?token=" + token
			if c.thumb != "" {
				s.URL += "&thumb=" + c.thumb
			}
		}
		casesChecked.Add(1)
		s.Test(t)
	}
}

// fileToken mints the protected-file token /api/files/token would return for email's user.
func fileToken(t testing.TB, app core.App, email string) string {
	t.Helper()
	u, err := app.FindAuthRecordByEmail(collections.Users, email)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := u.NewFileToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
