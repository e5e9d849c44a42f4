package workspaces_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/igny8/igny8/testapp"
)

// Sign-up lowercases addresses, so sign-in must not care about case either.
func TestLoginIgnoresEmailCase(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	c.Must("POST", "/api/igny8/auth/signup", "", `{"email":"Mixed.Case@Example.com","password":"long-enough-1","name":"M","workspace":"M"}`, 200)
	for _, id := range []string{"Mixed.Case@Example.com", "MIXED.CASE@EXAMPLE.COM", "mixed.case@example.com"} {
		c.Must("POST", "/api/collections/users/auth-with-password", "", fmt.Sprintf(`{"identity":%q,"password":"long-enough-1"}`, id), 200)
	}
	c.Must("POST", "/api/collections/users/auth-with-password", "", fmt.Sprintf(`{"identity":%q,"password":%q}`, strings.ToUpper(testapp.Email(testapp.A, "owner")), testapp.Password), 200)
	// and no second account can differ only by case
	c.Must("POST", "/api/igny8/auth/signup", "", `{"email":"MIXED.case@example.com","password":"long-enough-1","name":"M","workspace":"M2"}`, 400)
}

// A person's name is text: markup is refused at sign-up and on every update.
func TestUserNameIsText(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	r := c.Must("POST", "/api/igny8/auth/signup", "", `{"email":"x@example.com","password":"long-enough-1","name":"<b>Ada</b>","workspace":"W"}`, 400)
	if !strings.Contains(fmt.Sprint(r["data"]), "name") {
		t.Fatalf("want a name field error, got %v", r)
	}
	me := testapp.Token(t, app, testapp.A, "editor")
	c.Must("PATCH", "/api/collections/users/records/"+testapp.UserId(testapp.A, "editor"), me, `{"name":"Eve <img src=x onerror=alert(1)>"}`, 400)
	c.Must("PATCH", "/api/collections/users/records/"+testapp.UserId(testapp.A, "editor"), me, `{"name":"Eve O'Neil & Co"}`, 200)
}
