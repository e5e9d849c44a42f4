package wordpress

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/igny8/igny8/tools/safehttp"
	"github.com/igny8/igny8/tools/wpclient"
)

// reachable checks the address, HTTPS and the REST API; false when the
// site does not answer as WordPress (nothing after it can be checked).
func (d *diagnosis) reachable(ctx context.Context) bool {
	r, c := d.r, d.c
	u, err := url.Parse(c.URL())
	if err != nil || u.Host == "" {
		r.add(CheckReachable, Fail, "The site URL is not a valid URL.", "Enter the site's address, like https://example.com.")
		return false
	}
	var index struct {
		Name       string   `json:"name"`
		Namespaces []string `json:"namespaces"`
	}
	_, err = c.Do(ctx, wpclient.Call{Method: http.MethodGet, Route: "/"}, &index)
	var ae *wpclient.APIError
	var notAPI *wpclient.AnswerError
	switch {
	case errors.As(err, &notAPI):
		r.add(CheckReachable, Pass, "The address answers.", "")
		r.add(CheckREST, Fail, "This address answers, but it is not a WordPress REST API: /wp-json/ answered "+wpclient.DescribeAnswer(notAPI.Status, notAPI.ContentType, notAPI.Size)+".",
			fixNotWordPress)
		return false
	case err != nil && !errors.As(err, &ae):
		detail, fix := unreachable(c.URL(), err)
		r.add(CheckReachable, Fail, detail, fix)
		return false
	default:
		r.add(CheckReachable, Pass, "The site answers.", "")
	}
	if u.Scheme == "https" {
		r.add(CheckHTTPS, Pass, "The connection is encrypted.", "")
	} else {
		r.add(CheckHTTPS, Warn, "The site uses plain HTTP: the application password, the plugin's link token and every signed request travel unencrypted.", "Enable HTTPS on the site (most hosts offer a free Let's Encrypt certificate) and change the URL to https://.")
	}
	r.RestRoute = c.RestRoute()
	switch {
	case err != nil && ae.Foreign != "":
		r.add(CheckREST, Fail, "This address answers, but it is not a WordPress REST API: /wp-json/ and ?rest_route=/ answered "+ae.Foreign+".",
			fixNotWordPress+" If it is WordPress, a security plugin or the host blocks the REST API: allow it (at least for logged-in users).")
		return false
	case err != nil:
		r.add(CheckREST, Fail, fmt.Sprintf("The REST API answered %d (%s).", ae.Status, ae.Code), "A security plugin or the host blocks /wp-json/. Allow the REST API (at least for logged-in users), or install the igny8 plugin.")
		return false
	case !slices.Contains(index.Namespaces, "wp/v2"):
		r.add(CheckREST, Fail, "The REST API answers but without the wp/v2 routes.", "Re-enable the WordPress REST API (a plugin disabled it).")
		return false
	case r.RestRoute:
		r.add(CheckREST, Pass, "The REST API works through ?rest_route= (pretty permalinks are off, /wp-json/ is not routed).", "Optional: Settings > Permalinks > Post name.")
	default:
		r.add(CheckREST, Pass, "The REST API is enabled.", "")
	}
	d.hasPlugin = slices.Contains(index.Namespaces, "igny8/v1")
	return true
}

// credentials checks the application password (or that the linked plugin
// makes it unnecessary) and that the Authorization header arrives.
func (d *diagnosis) credentials(ctx context.Context) {
	r, c, conn := d.r, d.c, d.conn
	var ae *wpclient.APIError
	d.pluginOnly = (conn.Username == "" || conn.AppPassword == "") && d.hasPlugin && conn.BridgeSecret != ""
	switch {
	case d.pluginOnly:
		// A linked plugin is enough: every request is signed, none needs the password.
		r.add(CheckCredentials, Skip, "No application password is saved; none is needed: igny8 publishes through the linked igny8 plugin.", "")
	case conn.Username == "" || conn.AppPassword == "":
		r.add(CheckCredentials, Fail, "No username or application password is saved for this site.", "In WordPress: Users > Profile > Application Passwords, add one named igny8, and paste it here with your username.")
	default:
		_, err := c.Do(ctx, wpclient.Call{Method: http.MethodGet, Route: "/wp/v2/users/me", Query: map[string]string{"context": "edit"}, Auth: "basic"}, &d.me)
		switch {
		case err == nil:
			r.add(CheckAuthorization, Pass, "The Authorization header reaches WordPress.", "")
			r.add(CheckCredentials, Pass, "Signed in as "+d.me.Username+".", "")
		case errors.As(err, &ae) && ae.Status == http.StatusUnauthorized:
			diagnoseUnauthorized(ctx, c, conn, r)
		default:
			r.add(CheckCredentials, Fail, "Signing in failed: "+err.Error(), "Run the check again; if it persists, look at the site's error log.")
		}
	}
}

// capabilities checks what the signed-in user may do.
func (d *diagnosis) capabilities() {
	r, me := d.r, &d.me
	if me.Capabilities == nil {
		return
	}
	var missing []string
	for _, cp := range RequiredCaps {
		if !me.Capabilities[cp] {
			missing = append(missing, cp)
		}
	}
	switch {
	case len(missing) == 0:
		r.add(CheckCapabilities, Pass, "The user may publish posts, upload files, manage categories and post any HTML.", "")
	case len(missing) == 1 && missing[0] == "unfiltered_html":
		r.add(CheckCapabilities, Warn, "The user lacks unfiltered_html: WordPress will strip some markup (embeds, some attributes).", "Use an Administrator account (or an Editor on a single site).")
	default:
		r.add(CheckCapabilities, Fail, "The user "+me.Username+" lacks "+strings.Join(missing, ", ")+".", "Use an Administrator or Editor account: Users > All Users > change role, or create the application password as such a user.")
	}
}

// plugin checks the igny8 Bridge plugin: present, linked, and answering a
// signed request (which also reports its SEO plugin and upload limits).
func (d *diagnosis) plugin(ctx context.Context) {
	r, c, conn := d.r, d.c, d.conn
	var ae *wpclient.APIError
	switch {
	case !d.hasPlugin && d.wantBridge:
		r.add(CheckPlugin, Fail, "The igny8 plugin is not active on the site.", "Install and activate the igny8 Bridge plugin (Plugins > Add New > Upload), then paste the link token.")
	case !d.hasPlugin:
		r.add(CheckPlugin, Skip, "The igny8 plugin is not installed (optional: core REST is used).", "Install it to publish SEO plugin fields and to work on hosts that strip the Authorization header.")
	case conn.BridgeSecret == "":
		r.add(CheckPlugin, Warn, "The igny8 plugin is active but not linked to igny8.", "Create a link token in igny8 and paste it into Settings > igny8.")
	default:
		_, err := c.Do(ctx, wpclient.Call{Method: http.MethodGet, Route: RouteStatus, Auth: "signed"}, &d.st)
		if err != nil {
			fix := "Create a new link token in igny8 and paste it into Settings > igny8."
			if errors.As(err, &ae) && ae.Code == "igny8_expired" {
				fix = "The clocks of igny8 and the site differ by more than 5 minutes: fix the server time."
			}
			r.add(CheckPlugin, Fail, "The igny8 plugin refused igny8's signed request: "+err.Error(), fix)
		} else {
			r.Plugin = d.st.PluginVersion
			r.add(CheckPlugin, Pass, "igny8 Bridge "+d.st.PluginVersion+" is active and linked.", "")
			if d.pluginOnly {
				bridgeCapabilities(r, d.st.User.Login, d.st.User.Capabilities)
			}
		}
	}
}

// seo says which SEO plugin is active and where igny8 writes its fields.
func (d *diagnosis) seo(ctx context.Context) {
	r, c, st := d.r, d.c, &d.st
	hasPlugin, conn := d.hasPlugin, d.conn
	if st.SEOPlugin == "" && d.me.Capabilities != nil {
		st.SEOPlugin = detectSEOPlugin(ctx, c)
	}
	r.SEOPlugin = st.SEOPlugin
	switch st.SEOPlugin {
	case "":
		r.add(CheckSEO, Skip, "Could not tell which SEO plugin is active.", "")
	case "none":
		if !hasPlugin || conn.BridgeSecret == "" {
			r.add(CheckSEO, Pass, "No SEO plugin is active. Over core REST igny8 stores the meta description as the post excerpt; the meta title and focus keyword are not stored (the post title is the page title).",
				"For a meta title, description and focus keyword in the page head, install and link the igny8 Bridge plugin (it prints igny8's own SEO meta, or fills Yoast, Rank Math, SEOPress or AIOSEO when one is active).")
		} else {
			r.add(CheckSEO, Pass, "No SEO plugin is active; igny8 stores its own meta title, description and focus keyword through the igny8 plugin, which prints them in the page head.", "")
		}
	default:
		how := "through the igny8 plugin"
		if !hasPlugin || conn.BridgeSecret == "" {
			how = "only with the igny8 plugin (core REST cannot write SEO plugin fields; the description goes to the excerpt)"
		}
		r.add(CheckSEO, Pass, "SEO plugin "+st.SEOPlugin+" is active; igny8 writes its fields "+how+".", "")
	}
}

// upload checks the site's upload limit (visible through the plugin only).
func (d *diagnosis) upload() {
	r, st := d.r, &d.st
	switch {
	case st.MaxUploadBytes == 0:
		r.add(CheckUpload, Skip, "The upload limit is only visible through the igny8 plugin.", "")
	case st.MaxUploadBytes < 2<<20:
		r.add(CheckUpload, Warn, fmt.Sprintf("The site accepts uploads up to %d KB; article images may be refused.", st.MaxUploadBytes>>10), "Raise upload_max_filesize and post_max_size in PHP to at least 8M.")
	default:
		r.add(CheckUpload, Pass, uploadLimits(st.MaxUploadBytes, st.MemoryLimitBytes), "")
	}
}

// bridgeCapabilities checks the plugin's own publishing user (the plugin
// gives it no unfiltered_html on purpose: WordPress filters the markup as
// for an editor without it).
func bridgeCapabilities(r *Report, login string, caps map[string]bool) {
	var missing []string
	for _, cp := range []string{"publish_posts", "upload_files", "manage_categories"} {
		if !caps[cp] {
			missing = append(missing, cp)
		}
	}
	if len(missing) > 0 {
		r.add(CheckCapabilities, Fail, "The plugin's user "+login+" lacks "+strings.Join(missing, ", ")+".", "Deactivate and activate the igny8 Bridge plugin: it repairs its user's role.")
		return
	}
	r.add(CheckCapabilities, Pass, "The plugin's user "+login+" may publish posts, upload files and manage categories (and nothing more).", "")
}

// uploadLimits says the upload limits the plugin reports: the request size
// (post_max_size: images travel as the raw body) and PHP's memory limit.
func uploadLimits(maxBytes, memory int64) string {
	s := fmt.Sprintf("Uploads up to %d MB (PHP post_max_size)", maxBytes>>20)
	switch {
	case memory < 0:
		s += "; PHP memory is unlimited"
	case memory > 0:
		s += fmt.Sprintf("; PHP memory limit %d MB (it must hold one copy of an image plus what WordPress needs to make its sizes)", memory>>20)
	}
	return s + "."
}

// fixNotWordPress is the fix for an address that answers as something else.
const fixNotWordPress = "Enter the WordPress site's own address (Settings > General > Site Address in WordPress), not another page or server."

// unreachable names why a request never got an answer, with the fix.
func unreachable(siteURL string, err error) (detail, fix string) {
	var be *safehttp.BlockedError
	var te *wpclient.TimeoutError
	switch {
	case errors.As(err, &be) && be.Loose:
		return "The site address " + siteURL + " writes its IP address as a number (" + be.Host + ").", "Use the site's host name, or its IP address in the usual dotted form."
	case errors.As(err, &be):
		return "igny8 did not connect: " + siteURL + " is at " + be.IP.Unmap().String() + ", a " + be.Kind + " address. igny8 does not connect to such addresses unless its operator allows them, so a site URL cannot reach the igny8 server's own network.",
			"If this WordPress runs on your own network, whoever runs igny8 can allow it by starting igny8 with " + safehttp.EnvAllowPrivateHosts + "=" + be.IP.Unmap().String() + " (a comma list of addresses and ranges, e.g. 192.168.1.20,10.0.0.0/8; see docs/WORDPRESS.md). Otherwise enter the site's public address."
	case errors.Is(err, safehttp.ErrScheme):
		return "The site address " + siteURL + " is not an http:// or https:// address.", "Enter the site's address, like https://example.com."
	case errors.Is(err, safehttp.ErrTooManyRedirects):
		return "The site redirects too many times (more than " + fmt.Sprint(safehttp.DefaultMaxRedirects) + ").", "Enter the address the site ends up at (open it in a browser and copy it from the address bar)."
	case errors.As(err, &te):
		return "The site accepted the connection but did not answer within " + te.After.String() + ".", "The server may be overloaded, or a firewall or security plugin holds igny8's requests: check the site's error log and its firewall."
	case errors.Is(err, wpclient.ErrBadAllowance):
		return "igny8 is not configured correctly: " + err.Error(), "Whoever runs igny8: fix " + safehttp.EnvAllowPrivateHosts + " (IP addresses and CIDR ranges only) and restart igny8."
	}
	return "igny8 could not reach " + siteURL + ": " + err.Error(), "Check the address, that the site is online, and that its firewall lets igny8 in."
}

// diagnoseUnauthorized tells a stripped Authorization header from wrong
// credentials: XML-RPC takes the same application password in the request
// body, where no host strips it.
func diagnoseUnauthorized(ctx context.Context, c *wpclient.Client, conn wpclient.Conn, r *Report) {
	if !appPasswordShape.MatchString(strings.ReplaceAll(conn.AppPassword, " ", "")) {
		r.add(CheckCredentials, Fail, "WordPress refused the password, and it is not an application password (those are 24 letters and digits, shown in groups of 4).",
			"Your login password does not work here. In WordPress: Users > Profile > Application Passwords, add one named igny8 and paste it.")
		return
	}
	ok, reachable := xmlrpcLogin(ctx, c, conn)
	switch {
	case ok:
		r.add(CheckAuthorization, Fail, "The username and application password are right, but the Authorization header does not reach WordPress: the web server or host strips it.",
			"Add to .htaccess: SetEnvIf Authorization \"(.*)\" HTTP_AUTHORIZATION=$1 — or install the igny8 plugin, which signs requests in its own headers.")
		r.add(CheckCredentials, Pass, "XML-RPC accepted the same username and application password.", "")
	case reachable:
		r.add(CheckAuthorization, Skip, "Not known until the credentials work.", "")
		r.add(CheckCredentials, Fail, "WordPress refused the username or the application password.",
			"Re-create the application password (Users > Profile > Application Passwords) and paste it again; check the username.")
		if strings.Contains(conn.Username, " ") || strings.EqualFold(conn.Username, "igny8") {
			r.add(CheckUsername, Fail, "\""+conn.Username+"\" looks like the application password's name, not a WordPress username.",
				"Enter the username you sign in to WordPress with; the name you gave the application password is only a label.")
		}
	default:
		r.add(CheckAuthorization, Warn, "WordPress did not accept the credentials; igny8 cannot tell whether they are wrong or the host strips the Authorization header (XML-RPC is off).",
			"Check the username and application password; if they are right, add SetEnvIf Authorization \"(.*)\" HTTP_AUTHORIZATION=$1 to .htaccess or install the igny8 plugin.")
		r.add(CheckCredentials, Fail, "WordPress did not accept the username and application password.", "Re-create the application password and paste it with your username.")
	}
}

// xmlrpcLogin asks XML-RPC whether the credentials are valid. reachable is
// false when XML-RPC is off or blocked.
func xmlrpcLogin(ctx context.Context, c *wpclient.Client, conn wpclient.Conn) (ok, reachable bool) {
	esc := func(s string) string { return html.EscapeString(s) }
	body := `<?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value><string>` +
		esc(conn.Username) + `</string></value></param><param><value><string>` + esc(conn.AppPassword) + `</string></value></param></params></methodCall>`
	resp, err := c.PostXMLRPC(ctx, body)
	if err != nil || resp.StatusCode() != http.StatusOK {
		return false, false
	}
	var out struct {
		Fault *struct{} `xml:"fault"`
		Param *struct{} `xml:"params"`
	}
	if xml.Unmarshal(resp.Body(), &out) != nil {
		return false, false
	}
	return out.Param != nil && out.Fault == nil, true
}

// detectSEOPlugin reads the active plugins through core REST (administrators only).
func detectSEOPlugin(ctx context.Context, c *wpclient.Client) string {
	var plugins []struct {
		Plugin string `json:"plugin"`
		Status string `json:"status"`
	}
	if _, err := c.Do(ctx, wpclient.Call{Method: http.MethodGet, Route: "/wp/v2/plugins", Query: map[string]string{"status": "active", "_fields": "plugin,status"}, Auth: "basic"}, &plugins); err != nil {
		return ""
	}
	known := map[string]string{"wordpress-seo/wp-seo": "yoast", "seo-by-rank-math/rank-math": "rankmath", "wp-seopress/seopress": "seopress", "all-in-one-seo-pack/all_in_one_seo_pack": "aioseo"}
	for _, p := range plugins {
		if name, ok := known[p.Plugin]; ok {
			return name
		}
	}
	return "none"
}
