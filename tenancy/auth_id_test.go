package tenancy_test

import (
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

// A workspace user's id is recorded; a guest and a superuser (not a member
// of any workspace) record none.
func TestAuthId(t *testing.T) {
	app := testapp.New(t)
	user, err := app.FindAuthRecordByEmail(collections.Users, testapp.Email(testapp.A, "editor"))
	if err != nil {
		t.Fatal(err)
	}
	super, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, testapp.SuperuserEmail)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		auth *core.Record
		want string
	}{{"guest", nil, ""}, {"superuser", super, ""}, {"user", user, user.Id}} {
		if got := tenancy.AuthId(&core.RequestEvent{Auth: c.auth}); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
