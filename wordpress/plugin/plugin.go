// Package plugin embeds the igny8 Bridge WordPress plugin's sources, so the
// binary can hand a customer the installable zip (Sites > Connect with the
// plugin) without a build step or a download from elsewhere.
package plugin

import (
	"archive/zip"
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"time"
)

//go:embed all:igny8-bridge
var files embed.FS

// Dir is the plugin's folder name inside the zip (WordPress installs it as
// wp-content/plugins/igny8-bridge).
const Dir = "igny8-bridge"

var versionRe = regexp.MustCompile(`(?m)^ \* Version: *(\S+)`)

// Version is the version in the plugin's header.
func Version() string {
	b, err := files.ReadFile(Dir + "/igny8-bridge.php")
	if err != nil {
		return ""
	}
	if m := versionRe.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}

// Zip builds the installable zip (Plugins > Add New > Upload) of the embedded
// sources, every file under igny8-bridge/, dated modified so the same build
// always gives the same bytes.
func Zip(modified time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := fs.WalkDir(files, Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: path, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("plugin zip: %w", err)
	}
	return buf.Bytes(), nil
}
