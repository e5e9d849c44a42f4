package exports

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// pageSize is how many rows the job reads per query: every table streams
// into the zip one page at a time, so memory does not grow with the workspace.
var pageSize = 1000

// Counts is what one export holds (exports.counts, the job's result).
type Counts struct {
	Keywords int `json:"keywords"`
	Clusters int `json:"clusters"`
	Articles int `json:"articles"`
	Images   int `json:"images"`
}

// runExport is the export.workspace handler: it writes the zip into a
// temporary file, then stores it on the exports record (PocketBase copies it
// into storage from the file, not from memory) and deletes the temporary one.
func runExport(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	rec, err := app.FindRecordById(collections.Exports, job.Target())
	if err != nil || rec.GetString("tenant") != job.Tenant() {
		return jobs.Permanent(fmt.Errorf("export %s not found in its workspace", job.Target()))
	}
	tenant, err := app.FindRecordById(collections.Tenants, job.Tenant())
	if err != nil {
		return jobs.Permanent(fmt.Errorf("workspace %s: %w", job.Tenant(), err))
	}
	rec.Set("status", collections.ExportRunning)
	if err := app.Save(rec); err != nil {
		return err
	}
	counts, size, tmp, err := build(ctx, app, job, tenant)
	if tmp != "" {
		defer os.Remove(tmp)
	}
	if err != nil {
		rec.Set("error", collections.Truncate(err.Error(), 2000))
		if job.Attempt() >= job.Record.GetInt("max_attempts") {
			rec.Set("status", collections.ExportFailed)
		} else {
			rec.Set("status", collections.ExportQueued)
		}
		return errorsJoin(err, app.Save(rec))
	}
	f, err := filesystem.NewFileFromPath(tmp)
	if err != nil {
		return fmt.Errorf("export: open the zip: %w", err)
	}
	f.OriginalName = "igny8-export-" + tenant.GetString("slug") + "-" + jobs.Now(app).Format("2006-01-02") + ".zip"
	rec.Set("file", f)
	rec.Set("size", size)
	rec.Set("counts", counts)
	rec.Set("status", collections.ExportReady)
	rec.Set("error", "")
	rec.Set("expires", jobs.Now(app).Add(TTL))
	if err := app.Save(rec); err != nil {
		return fmt.Errorf("export: store the zip: %w", err)
	}
	job.SetResult(counts)
	return nil
}

func errorsJoin(err, saveErr error) error {
	if saveErr != nil {
		return fmt.Errorf("%w (and the export record: %v)", err, saveErr)
	}
	return err
}

// build writes the zip into a temporary file and answers its path and size.
func build(ctx context.Context, app core.App, job *jobs.Job, tenant *core.Record) (Counts, int64, string, error) {
	var counts Counts
	f, err := os.CreateTemp("", "igny8-export-*.zip")
	if err != nil {
		return counts, 0, "", fmt.Errorf("export: temporary file: %w", err)
	}
	tmp := f.Name()
	defer f.Close()
	z := zip.NewWriter(f)
	x := &exporter{ctx: ctx, app: app, job: job, tenant: tenant.Id, z: z, counts: &counts}
	for _, step := range []func() error{x.readme, x.keywords, x.clusters, x.articles} {
		if err := step(); err != nil {
			return counts, 0, tmp, err
		}
	}
	if err := z.Close(); err != nil {
		return counts, 0, tmp, fmt.Errorf("export: finish the zip: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		return counts, 0, tmp, fmt.Errorf("export: %w", err)
	}
	return counts, info.Size(), tmp, nil
}

type exporter struct {
	ctx    context.Context
	app    core.App
	job    *jobs.Job
	tenant string
	z      *zip.Writer
	counts *Counts
}

func (x *exporter) create(name string, method uint16) (io.Writer, error) {
	if err := x.ctx.Err(); err != nil {
		return nil, err
	}
	return x.z.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: jobs.Now(x.app)})
}

func (x *exporter) readme() error {
	w, err := x.create("README.txt", zip.Deflate)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "igny8 workspace export\n\n"+
		"keywords.csv  every keyword of every site (the columns the Planner import reads back)\n"+
		"clusters.csv  every cluster with its figures\n"+
		"articles/<site>/<article>.html and .md  every article as HTML and Markdown;\n"+
		"articles/<site>/images/  their images, referenced from both\n")
	return err
}

// keywordHeader: the planner's export columns behind the site's name, so the
// file imports back per site.
var keywordHeader = []string{"Site", "Keyword", "Volume", "Keyword Difficulty", "CPC", "Intent", "Country", "Language", "Status", "Cluster"}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (x *exporter) keywords() error {
	if err := x.job.Step("keywords"); err != nil {
		return err
	}
	w, err := x.create("keywords.csv", zip.Deflate)
	if err != nil {
		return err
	}
	io.WriteString(w, "\ufeff")
	c := csv.NewWriter(w)
	c.Write(keywordHeader)
	type row struct {
		Id         string  `db:"id"`
		Site       string  `db:"site_name"`
		Keyword    string  `db:"keyword"`
		Volume     float64 `db:"volume"`
		VolumeRaw  string  `db:"volume_raw"`
		Difficulty float64 `db:"difficulty"`
		CPC        float64 `db:"cpc"`
		Intent     string  `db:"intent"`
		Country    string  `db:"country"`
		Language   string  `db:"language"`
		Status     string  `db:"status"`
		Cluster    string  `db:"cluster_name"`
	}
	after := ""
	for {
		var page []row
		err := x.app.DB().NewQuery("SELECT k.id, COALESCE(s.name, '') AS site_name, k.keyword, k.volume, k.volume_raw, k.difficulty, k.cpc, " +
			"k.intent, k.country, k.language, k.status, COALESCE(c.name, '') AS cluster_name FROM " + collections.Keywords + " k " +
			"LEFT JOIN " + collections.Sites + " s ON s.id = k.site LEFT JOIN " + collections.Clusters + " c ON c.id = k.cluster " +
			"WHERE k.tenant = {:t} AND k.id > {:after} ORDER BY k.id LIMIT {:n}").
			Bind(dbx.Params{"t": x.tenant, "after": after, "n": pageSize}).All(&page)
		if err != nil {
			return fmt.Errorf("export keywords: %w", err)
		}
		for _, k := range page {
			vol := num(k.Volume)
			if k.VolumeRaw != "" && k.Volume == 0 {
				vol = safe(k.VolumeRaw)
			}
			c.Write([]string{safe(k.Site), safe(k.Keyword), vol, num(k.Difficulty), num(k.CPC), safe(k.Intent),
				safe(k.Country), safe(k.Language), k.Status, safe(k.Cluster)})
		}
		x.counts.Keywords += len(page)
		c.Flush()
		if err := c.Error(); err != nil {
			return fmt.Errorf("export keywords: %w", err)
		}
		if len(page) < pageSize {
			return nil
		}
		after = page[len(page)-1].Id
	}
}

var clusterHeader = []string{"Site", "Cluster", "Description", "Intent", "Status", "Keywords", "Total volume", "Average difficulty"}

func (x *exporter) clusters() error {
	if err := x.job.Step("clusters"); err != nil {
		return err
	}
	w, err := x.create("clusters.csv", zip.Deflate)
	if err != nil {
		return err
	}
	io.WriteString(w, "\ufeff")
	c := csv.NewWriter(w)
	c.Write(clusterHeader)
	type row struct {
		Id          string  `db:"id"`
		Site        string  `db:"site_name"`
		Name        string  `db:"name"`
		Description string  `db:"description"`
		Intent      string  `db:"intent"`
		Status      string  `db:"status"`
		Keywords    int     `db:"keyword_count"`
		Volume      float64 `db:"total_volume"`
		Difficulty  float64 `db:"avg_difficulty"`
	}
	after := ""
	for {
		var page []row
		err := x.app.DB().NewQuery("SELECT c.id, COALESCE(s.name, '') AS site_name, c.name, c.description, c.intent, c.status, " +
			"c.keyword_count, c.total_volume, c.avg_difficulty FROM " + collections.Clusters + " c LEFT JOIN " + collections.Sites +
			" s ON s.id = c.site WHERE c.tenant = {:t} AND c.id > {:after} ORDER BY c.id LIMIT {:n}").
			Bind(dbx.Params{"t": x.tenant, "after": after, "n": pageSize}).All(&page)
		if err != nil {
			return fmt.Errorf("export clusters: %w", err)
		}
		for _, r := range page {
			c.Write([]string{safe(r.Site), safe(r.Name), safe(r.Description), safe(r.Intent), r.Status,
				strconv.Itoa(r.Keywords), num(r.Volume), num(r.Difficulty)})
		}
		x.counts.Clusters += len(page)
		c.Flush()
		if err := c.Error(); err != nil {
			return fmt.Errorf("export clusters: %w", err)
		}
		if len(page) < pageSize {
			return nil
		}
		after = page[len(page)-1].Id
	}
}

// articles writes every content of the workspace, one page of records at a
// time, each with its images copied from storage into the zip.
func (x *exporter) articles() error {
	total, err := x.app.CountRecords(collections.Contents, dbx.HashExp{"tenant": x.tenant})
	if err != nil {
		return fmt.Errorf("export articles: %w", err)
	}
	fsys, err := x.app.NewFilesystem()
	if err != nil {
		return fmt.Errorf("export: storage: %w", err)
	}
	defer fsys.Close()
	sites := map[string]string{} // site id -> folder name; a workspace has few sites
	after := ""
	for {
		page, err := x.app.FindRecordsByFilter(collections.Contents, "tenant = {:t} && id > {:after}", "id", pageSize, 0,
			dbx.Params{"t": x.tenant, "after": after})
		if err != nil {
			return fmt.Errorf("export articles: %w", err)
		}
		for _, content := range page {
			folder, ok := sites[content.GetString("site")]
			if !ok {
				folder = "site-" + content.GetString("site")
				if s, err := x.app.FindRecordById(collections.Sites, content.GetString("site")); err == nil {
					folder = fileSlug(s.GetString("name"), "site") + "-" + s.Id
				}
				sites[content.GetString("site")] = folder
			}
			if err := x.article(fsys, folder, content); err != nil {
				return err
			}
			x.counts.Articles++
		}
		if total > 0 {
			x.job.Step(fmt.Sprintf("articles %d / %d", x.counts.Articles, total))
			x.job.Progress(x.counts.Articles * 100 / int(total))
		}
		if len(page) < pageSize {
			return nil
		}
		after = page[len(page)-1].Id
	}
}

func (x *exporter) article(fsys *filesystem.System, folder string, content *core.Record) error {
	images, err := x.app.FindRecordsByFilter(collections.Images, "content = {:c} && tenant = {:t}", "position,id", 0, 0,
		dbx.Params{"c": content.Id, "t": x.tenant})
	if err != nil {
		return fmt.Errorf("export images of %s: %w", content.Id, err)
	}
	art := Article{Title: content.GetString("title"), Slug: content.GetString("slug"), MetaTitle: content.GetString("meta_title"),
		MetaDescription: content.GetString("meta_description"), Status: content.GetString("status"), URL: content.GetString("wp_url"),
		HTML: content.GetString("html"), Images: map[string]string{}}
	for _, img := range images {
		name := img.GetString("file")
		if name == "" {
			continue
		}
		local := "images/" + img.Id + "-" + name
		w, err := x.create(path.Join("articles", folder, local), zip.Store) // images are compressed already
		if err != nil {
			return err
		}
		r, err := fsys.GetReader(img.BaseFilesPath() + "/" + name)
		if err != nil {
			x.app.Logger().Warn("export: image file missing", "image", img.Id, "error", err)
			continue
		}
		_, err = io.Copy(w, r)
		r.Close()
		if err != nil {
			return fmt.Errorf("export image %s: %w", img.Id, err)
		}
		x.counts.Images++
		art.Images[img.Id] = local
		if img.GetString("kind") == collections.ImageFeatured && art.Featured == "" {
			art.Featured, art.FeaturedAlt = local, img.GetString("alt")
		}
	}
	base := path.Join("articles", folder, fileSlug(art.Slug, fileSlug(art.Title, "article"))+"-"+content.Id)
	doc, md, err := art.Render()
	if err != nil {
		return fmt.Errorf("export article %s: %w", content.Id, err)
	}
	for name, body := range map[string]string{base + ".html": doc, base + ".md": md} {
		w, err := x.create(name, zip.Deflate)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, body); err != nil {
			return fmt.Errorf("export article %s: %w", content.Id, err)
		}
	}
	return nil
}

// fileSlug makes a zip-safe file name part from s (letters, digits, dashes),
// or fallback when s has none of them.
func fileSlug(s, fallback string) string {
	if slug := collections.Slug(s, 60); slug != "" {
		return slug
	}
	return fallback
}
