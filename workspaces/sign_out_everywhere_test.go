package workspaces_test

import (
	"net/http"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// TestSignOutEverywhere: every token the user had stops working (another
// browser's, this one's old token), the answer's new token works, and other
// users' sessions are untouched.
func TestSignOutEverywhere(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	other := testapp.Token(t, app, testapp.A, collections.RoleEditor) // another browser
	this := testapp.Token(t, app, testapp.A, collections.RoleEditor)
	colleague := testapp.Token(t, app, testapp.A, collections.RoleViewer)
	me := "/api/collections/users/records/" + testapp.UserId(testapp.A, collections.RoleEditor)
	c.Must(http.MethodGet, me, other, "", 200)
	c.Must(http.MethodPost, "/api/igny8/auth/sign-out-everywhere", "", "", 401)
	res := c.Must(http.MethodPost, "/api/igny8/auth/sign-out-everywhere", this, "", 200)
	fresh, _ := res["token"].(string)
	if fresh == "" {
		t.Fatalf("no new token: %v", res)
	}
	for name, tok := range map[string]string{"the other browser's": other, "this browser's old": this} {
		if r := c.Do(http.MethodPost, "/api/collections/users/auth-refresh", tok, ""); r.Status != 401 {
			t.Errorf("%s token still refreshes: %d %s", name, r.Status, r.Body)
		}
	}
	c.Must(http.MethodGet, me, fresh, "", 200)
	c.Must(http.MethodPost, "/api/collections/users/auth-refresh", colleague, "", 200)
}
