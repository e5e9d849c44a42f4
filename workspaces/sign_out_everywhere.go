package workspaces

import (
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// signOutEverywhere invalidates every token of the signed-in user (each
// browser, each API client) by refreshing the record's tokenKey, which every
// PocketBase auth token is signed with, and hands this session a new token
// so it stays signed in. File tokens and links in mails (verification,
// reset, email change) are signed with it too and stop working.
func signOutEverywhere(e *core.RequestEvent) error {
	u := e.Auth
	u.RefreshTokenKey()
	if err := e.App.Save(u); err != nil {
		return apis.NewBadRequestError("Could not sign out the other sessions.", err)
	}
	token, err := u.NewAuthToken()
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"token": token, "record": u})
}
