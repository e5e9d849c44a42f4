package wpimport_test

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

// legacyDB creates a fresh igny8legacy_* database on the test MariaDB
// (scripts/test-setup.d/35-legacy-mariadb.sh) and drops it when the test
// ends. It returns the DSN igny8 reads it through and a connection for
// loading fixtures (zero dates allowed, as on old WordPress servers).
func legacyDB(t testing.TB) (string, *sql.DB) {
	t.Helper()
	base := os.Getenv("IGNY8_TEST_LEGACY_DSN")
	if base == "" {
		t.Fatal("IGNY8_TEST_LEGACY_DSN is not set: run scripts/test-setup.sh and source .test-env")
	}
	cfg, err := mysql.ParseDSN(base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "igny8legacy_" + hex.EncodeToString(b)
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE `" + name + "`")
		admin.Close()
	})
	cfg.DBName = name
	dsn := cfg.FormatDSN()
	load := cfg.Clone()
	load.MultiStatements = true
	load.Params = map[string]string{"sql_mode": "''"}
	db, err := sql.Open("mysql", load.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return dsn, db
}

// exec runs SQL statements (MultiStatements) and fails the test on error.
func exec(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("load fixture: %v\n%.300s", err, s)
		}
	}
}

// rowsSQL renders one multi-row INSERT per 500 rows.
func rowsSQL(table string, cols []string, rows [][]string) []string {
	var out []string
	for start := 0; start < len(rows); start += 500 {
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ","))
		for i, r := range rows[start:min(start+500, len(rows))] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(" + strings.Join(r, ",") + ")")
		}
		out = append(out, b.String())
	}
	return out
}

// q quotes a string literal for MariaDB.
func q(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// Awkward values both fixtures carry.
const (
	emojiKeyword   = "best running shoes 🏃 2026"
	oversized      = 600                   // characters: igny8 keeps keywords up to 500
	doubleEncodedK = "café au lait recipe" // stored as UTF-8 bytes in a latin1 column
)

// The plan's shape (igny8_* tables), prefix p: clusters 1..nc, keywords
// 1..nk (some awkward), ideas, tasks (a few linked to posts), images,
// prompts, schedules, settings, links, metrics, logs, accounts, variations,
// plus wp_posts and wp_options.
func loadTablesShape(t testing.TB, db *sql.DB, p string, nc, nk int) {
	t.Helper()
	loadTablesShapeAt(t, db, p, nc, nk, 1000, false)
}

// loadTablesShapeAt is loadTablesShape with the posts the tasks are linked
// to numbered from base+1 and, inWordPress, into a real WordPress database:
// its posts and options tables exist already (and hold other posts and a
// blogname), so they are neither created nor given the fixture's blogname.
func loadTablesShapeAt(t testing.TB, db *sql.DB, p string, nc, nk, base int, inWordPress bool) {
	t.Helper()
	if !inWordPress {
		exec(t, db,
			"CREATE TABLE "+p+"posts (ID BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_title TEXT, post_content LONGTEXT, post_status VARCHAR(20) DEFAULT 'publish', post_type VARCHAR(20) DEFAULT 'post', post_name VARCHAR(200), post_date DATETIME DEFAULT '0000-00-00 00:00:00')",
			"CREATE TABLE "+p+"options (option_id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, option_name VARCHAR(191) UNIQUE, option_value LONGTEXT, autoload VARCHAR(20) DEFAULT 'yes')",
			"INSERT INTO "+p+"options (option_name, option_value) VALUES ('blogname','Old blog')",
		)
	}
	exec(t, db,
		"CREATE TABLE "+p+"igny8_clusters (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, cluster_name VARCHAR(255) NOT NULL, description TEXT, status ENUM('active','inactive','archived') DEFAULT 'active', sector VARCHAR(100), keyword_count INT DEFAULT 0, created_at DATETIME DEFAULT CURRENT_TIMESTAMP, updated_at DATETIME, user_id BIGINT, tenant_id BIGINT, legacy_flag TINYINT)",
		"CREATE TABLE "+p+"igny8_keywords (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, keyword TEXT NOT NULL, keyword_latin1 VARCHAR(255) CHARACTER SET latin1, search_volume INT, difficulty VARCHAR(20), cpc DECIMAL(10,2), intent VARCHAR(50), cluster_id BIGINT, status VARCHAR(30), created_at DATETIME, updated_at DATETIME, user_id BIGINT, tenant_id BIGINT)",
		"CREATE TABLE "+p+"igny8_content_ideas (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, idea_title VARCHAR(500), idea_description LONGTEXT, cluster_id BIGINT, status VARCHAR(30), content_type VARCHAR(50), target_keywords LONGTEXT, estimated_word_count INT, created_at DATETIME)",
		"CREATE TABLE "+p+"igny8_tasks (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, cluster_id BIGINT, idea_id BIGINT, task_type VARCHAR(50), ai_model VARCHAR(100), prompt LONGTEXT, raw_ai_response LONGTEXT, status VARCHAR(30), result LONGTEXT, created_at DATETIME, updated_at DATETIME, user_id BIGINT, tenant_id BIGINT, title VARCHAR(500))",
		"CREATE TABLE "+p+"igny8_images (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, task_id BIGINT, image_url TEXT, prompt TEXT, alt_text VARCHAR(500), image_type VARCHAR(30), attachment_id BIGINT, created_at DATETIME)",
		"CREATE TABLE "+p+"igny8_prompts (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, prompt_type VARCHAR(50), prompt_name VARCHAR(200), prompt_text LONGTEXT, created_at DATETIME)",
		"CREATE TABLE "+p+"igny8_schedules (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, schedule_type VARCHAR(50), frequency VARCHAR(50), enabled TINYINT, batch_size INT)",
		"CREATE TABLE "+p+"igny8_settings (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, setting_key VARCHAR(191), setting_value LONGTEXT, scope VARCHAR(20))",
		"CREATE TABLE "+p+"igny8_links (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, source_post BIGINT, target_post BIGINT, anchor_text VARCHAR(255), status VARCHAR(20))",
		"CREATE TABLE "+p+"igny8_metrics (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_id BIGINT, metric VARCHAR(50), value DOUBLE, recorded_at DATETIME)",
		"CREATE TABLE "+p+"igny8_logs (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, level VARCHAR(10), message TEXT, created_at DATETIME)",
		"CREATE TABLE "+p+"igny8_accounts (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), plan VARCHAR(30))",
		"CREATE TABLE "+p+"igny8_variations (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_id BIGINT UNSIGNED NOT NULL, fields_hash CHAR(64) NOT NULL, fields_json LONGTEXT NOT NULL, content LONGTEXT NOT NULL, created_at DATETIME DEFAULT CURRENT_TIMESTAMP, UNIQUE KEY unique_variation (post_id, fields_hash))",
	)
	var rows [][]string
	for i := 1; i <= nc; i++ {
		status := "'active'"
		if i%50 == 0 {
			status = "'archived'"
		}
		created := q(fmt.Sprintf("2024-%02d-%02d 10:00:00", i%12+1, i%28+1))
		if i == 3 {
			created = "'0000-00-00 00:00:00'"
		}
		rows = append(rows, []string{itoa(i), q(fmt.Sprintf("Cluster %d topic", i)), q("About topic " + itoa(i)), status, q("Sector " + itoa(i%5)), created})
	}
	exec(t, db, rowsSQL(p+"igny8_clusters", []string{"id", "cluster_name", "description", "status", "sector", "created_at"}, rows)...)
	rows = nil
	for i := 1; i <= nk; i++ {
		kw := fmt.Sprintf("keyword number %d topic %d", i, i%nc)
		cluster := itoa(i%nc + 1)
		created := q("2024-06-01 12:00:00")
		diff := itoa(i % 101)
		status := "'active'"
		switch i {
		case 1:
			kw = emojiKeyword
		case 2:
			kw = strings.Repeat("x", oversized)
		case 3:
			kw = fmt.Sprintf(" KEYWORD  number %d topic %d", 4, 4%nc) // normalises like keyword 4: a duplicate
		case 5:
			cluster = "99999" // a deleted cluster
		case 6:
			created = "'0000-00-00 00:00:00'"
		case 7:
			diff = "'very hard'"
		case 8:
			kw = "!!!"
		case 9:
			status = "'trash'"
		}
		if !strings.HasPrefix(diff, "'") {
			diff = q(diff)
		}
		rows = append(rows, []string{itoa(i), q(kw), "NULL", itoa(i * 10 % 5000), diff, fmt.Sprintf("%d.%02d", i%7, i%100), q([]string{"informational", "commercial", "transactional"}[i%3]), cluster, status, created})
	}
	exec(t, db, rowsSQL(p+"igny8_keywords", []string{"id", "keyword", "keyword_latin1", "search_volume", "difficulty", "cpc", "intent", "cluster_id", "status", "created_at"}, rows)...)
	// Double-encoded text as old sites have it: the UTF-8 bytes of the text
	// stored in a latin1 column (read back through a UTF-8 connection as
	// "cafÃ©"). The keyword column is made latin1 for row 10 only by moving
	// the row's text through a latin1 column.
	exec(t, db,
		fmt.Sprintf("UPDATE %signy8_keywords SET keyword_latin1 = CONVERT(BINARY %s USING latin1) WHERE id = 10", p, q(doubleEncodedK)),
		fmt.Sprintf("UPDATE %signy8_keywords SET keyword = keyword_latin1 WHERE id = 10", p),
	)
	rows = nil
	for i := 1; i <= nk/10; i++ {
		status := []string{"new", "approved", "queued", "done", "mystery"}[i%5]
		tk := fmt.Sprintf(`a:2:{i:0;s:%d:"%s";i:1;s:5:"extra";}`, len("kw"+itoa(i)), "kw"+itoa(i))
		rows = append(rows, []string{itoa(i), q(fmt.Sprintf("Idea %d: how to do %d things", i, i)), q("A plan for idea " + itoa(i)), itoa(i%nc + 1), q(status),
			q([]string{"Blog", "Hub Page", "Product Page", "Sub Page"}[i%4]), q(tk), itoa(800 + i), q("2024-07-01 00:00:00")})
	}
	exec(t, db, rowsSQL(p+"igny8_content_ideas", []string{"id", "idea_title", "idea_description", "cluster_id", "status", "content_type", "target_keywords", "estimated_word_count", "created_at"}, rows)...)
	rows = nil
	var posts [][]string
	for i := 1; i <= 60; i++ {
		status := []string{"pending", "completed", "failed", "processing", "weird"}[i%5]
		result := "NULL"
		if i <= 20 {
			result = q(fmt.Sprintf(`{"post_id": %d, "words": 1200}`, base+i))
			posts = append(posts, []string{itoa(base + i), q(fmt.Sprintf("Published article %d", i)), q("<p>Body of article " + itoa(i) + " — déjà vu</p>"), "'publish'", "'post'", q("article-" + itoa(i))})
		}
		if i == 21 {
			result = q(fmt.Sprintf(`{"post_id": %d}`, base+4555)) // no such post
		}
		rows = append(rows, []string{itoa(i), itoa(i%nc + 1), itoa(i%(nk/10) + 1), "'content'", "'gpt-4o'", q("Write about " + itoa(i)), q("raw " + itoa(i)), q(status), result, q("2024-08-01 00:00:00"), q("Task " + itoa(i))})
	}
	exec(t, db, rowsSQL(p+"igny8_tasks", []string{"id", "cluster_id", "idea_id", "task_type", "ai_model", "prompt", "raw_ai_response", "status", "result", "created_at", "title"}, rows)...)
	exec(t, db, rowsSQL(p+"posts", []string{"ID", "post_title", "post_content", "post_status", "post_type", "post_name"}, posts)...)
	rows = nil
	for i := 1; i <= 30; i++ {
		rows = append(rows, []string{itoa(i), itoa(i), q(fmt.Sprintf("https://old.example.com/wp-content/uploads/img%d.png", i)), q("A photo " + itoa(i)), q("Alt " + itoa(i)), q([]string{"featured", "in_article"}[i%2]), itoa(9000 + i)})
	}
	exec(t, db, rowsSQL(p+"igny8_images", []string{"id", "task_id", "image_url", "prompt", "alt_text", "image_type", "attachment_id"}, rows)...)
	exec(t, db,
		"INSERT INTO "+p+"igny8_prompts (prompt_type, prompt_name, prompt_text) VALUES ('clustering','My clustering','Group these: [keywords]'),('ideas','Ideas v2','Ideas for [cluster]'),('content','Long form','Write [title]'),('seo_audit','Audit','Audit [url]')",
		"INSERT INTO "+p+"igny8_schedules (schedule_type, frequency, enabled, batch_size) VALUES ('clustering','daily',1,50),('content_generation','hourly',0,3),('publish','twicedaily',1,NULL),('backup','daily',1,1)",
		"INSERT INTO "+p+"igny8_settings (setting_key, setting_value, scope) VALUES ('igny8_model','gpt-4o-mini','user'),('igny8_content_engine_language','en','user'),"+
			"('igny8_content_engine_sections',"+q(`a:3:{i:0;s:5:"intro";i:1;s:4:"body";i:2;s:3:"faq";}`)+",'user'),('igny8_flux_display_color','blue','system'),('igny8_db_version','3.1','system'),('igny8_api_key','sk-legacy-tables-key','system')",
		"INSERT INTO "+p+"options (option_name, option_value) VALUES ('igny8_content_engine_tone','friendly'),('igny8_cron_last_run','1700000000')",
		fmt.Sprintf("INSERT INTO "+p+"igny8_links (source_post, target_post, anchor_text, status) VALUES (%d,%d,'read more','Suggested'),(%[2]d,%d,'guide','Inserted')", base+1, base+2, base+3),
		// one row per post, metric and day: post base+1's four figures of
		// 2024-09-01 become one page_metrics record, its clicks of the 2nd
		// another; a zero date, a post without a known address (base+2: no
		// site index entry, adopted only where the site answers), a row
		// without a post and a metric igny8 has no field for are skipped
		fmt.Sprintf("INSERT INTO "+p+"igny8_metrics (post_id, metric, value, recorded_at) VALUES (%d,'clicks',12,'2024-09-01'),(%[1]d,'impressions',400,'2024-09-01 00:00:00'),"+
			"(%[1]d,'ctr',3,'2024-09-01'),(%[1]d,'position',8.5,'2024-09-01'),(%[1]d,'clicks',5,'2024-09-02'),(%[1]d,'impressions',420,'0000-00-00 00:00:00'),"+
			"(%d,'clicks',7,'2024-09-01'),(NULL,'clicks',1,'2024-09-01'),(%[1]d,'bounce_rate',40,'2024-09-01'),(%[2]d,'impressions',70,'2024-09-01')", base+1, base+2),
		"INSERT INTO "+p+"igny8_logs (level, message, created_at) VALUES ('info','generated 3 articles','2024-09-01'),('error','OpenAI timeout','2024-09-02')",
		"INSERT INTO "+p+"igny8_accounts (name, plan) VALUES ('Old account','pro')",
		// variations of a linked post (two input sets), one whose inputs are
		// no JSON object, one without text
		fmt.Sprintf("INSERT INTO "+p+"igny8_variations (post_id, fields_hash, fields_json, content) VALUES (%d, REPEAT('a',64), '{\"city\":\"Berlin\"}', '<p>Hallo Berlin</p>'),"+
			"(%[1]d, REPEAT('c',64), '{\"city\":\"Wien\",\"job_title\":\"Koch\"}', '<p>Servus Wien</p>'),(%[1]d, REPEAT('d',64), 'city=Graz', '<p>Graz</p>'),(%[1]d, REPEAT('e',64), '{}', '')", base+1),
	)
}

func itoa(i int) string { return fmt.Sprint(i) }

// The published plugin's shape (post types with _igny8_* meta, taxonomies,
// igny8_data and igny8_variations), prefix p: clusters are posts 1..nc,
// keywords follow, then planner items (cut post type name, as real rows
// are), context profiles, internal links and performance logs, and the
// ordinary posts the planner items are linked to.
func loadPostsShape(t testing.TB, db *sql.DB, p string, nc, nk int) (linked []int) {
	t.Helper()
	exec(t, db,
		"CREATE TABLE "+p+"posts (ID BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_author BIGINT DEFAULT 1, post_date DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00', post_content LONGTEXT NOT NULL, post_title TEXT NOT NULL, post_status VARCHAR(20) NOT NULL DEFAULT 'publish', post_name VARCHAR(200) NOT NULL DEFAULT '', post_type VARCHAR(20) NOT NULL DEFAULT 'post', KEY type_status_date (post_type, post_status, post_date, ID)) DEFAULT CHARSET=utf8mb4",
		"CREATE TABLE "+p+"postmeta (meta_id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_id BIGINT UNSIGNED NOT NULL DEFAULT 0, meta_key VARCHAR(255), meta_value LONGTEXT, KEY post_id (post_id), KEY meta_key (meta_key(191))) DEFAULT CHARSET=utf8mb4",
		"CREATE TABLE "+p+"terms (term_id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL, slug VARCHAR(200) NOT NULL)",
		"CREATE TABLE "+p+"term_taxonomy (term_taxonomy_id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, term_id BIGINT UNSIGNED NOT NULL, taxonomy VARCHAR(32) NOT NULL)",
		"CREATE TABLE "+p+"term_relationships (object_id BIGINT UNSIGNED NOT NULL, term_taxonomy_id BIGINT UNSIGNED NOT NULL, PRIMARY KEY (object_id, term_taxonomy_id))",
		"CREATE TABLE "+p+"options (option_id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, option_name VARCHAR(191) UNIQUE, option_value LONGTEXT NOT NULL, autoload VARCHAR(20) DEFAULT 'yes')",
		"CREATE TABLE "+p+"igny8_data (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_id BIGINT UNSIGNED NOT NULL, data_type VARCHAR(50) NOT NULL, data JSON NOT NULL, created_at DATETIME DEFAULT CURRENT_TIMESTAMP, updated_at DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, INDEX (post_id), INDEX (data_type))",
		"CREATE TABLE "+p+"igny8_variations (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_id BIGINT UNSIGNED NOT NULL, fields_hash CHAR(64) NOT NULL, fields_json LONGTEXT NOT NULL, content LONGTEXT NOT NULL, created_at DATETIME DEFAULT CURRENT_TIMESTAMP, INDEX (post_id, fields_hash), UNIQUE KEY unique_variation (post_id, fields_hash))",
		// taxonomy terms
		"INSERT INTO "+p+"terms (term_id, name, slug) VALUES (1,'Informational','informational'),(2,'Commercial','commercial'),(3,'Hub Page','hub-page'),(4,'Blog','blog'),(5,'Friendly','friendly'),(6,'Outdoor','outdoor')",
		"INSERT INTO "+p+"term_taxonomy (term_taxonomy_id, term_id, taxonomy) VALUES (1,1,'igny8_intent'),(2,2,'igny8_intent'),(3,3,'igny8_content_type'),(4,4,'igny8_content_type'),(5,5,'igny8_voice_tone'),(6,6,'igny8_sector')",
	)
	var posts, meta, rels [][]string
	id := 0
	post := func(typ, title, content, status, date string) int {
		id++
		posts = append(posts, []string{itoa(id), q(title), q(content), q(status), q(typ), q(fmt.Sprintf("slug-%d", id)), date})
		return id
	}
	m := func(post int, key, val string) { meta = append(meta, []string{itoa(post), q(key), q(val)}) }
	for i := 1; i <= nc; i++ {
		c := post("igny8_clusters", fmt.Sprintf("Hiking cluster %d", i), "About hiking "+itoa(i), "publish", "'2024-01-02 03:04:05'")
		m(c, "_igny8_cluster_page_title", fmt.Sprintf("Hiking %d: the guide", i))
		m(c, "_igny8_target_url", fmt.Sprintf("https://old.example.com/hiking-%d/", i))
		m(c, "_igny8_priority", []string{"high", "medium", "low"}[i%3])
		rels = append(rels, []string{itoa(c), "6"})
	}
	for i := 1; i <= nk; i++ {
		title := fmt.Sprintf("hiking boots model %d", i)
		date := "'2024-03-01 00:00:00'"
		cluster := itoa(i%nc + 1)
		switch i {
		case 1:
			title = "wanderschuhe für männer größe 45" // ends up double-encoded below
		case 2:
			title = strings.Repeat("long ", 130) // 650 characters
		case 3:
			title = "Hiking Boots Model 4" // a duplicate of keyword 4
		case 4:
			title = "hiking boots model 4"
		case 5:
			cluster = "777777" // a deleted cluster
		case 6:
			date = "'0000-00-00 00:00:00'"
		case 7:
			cluster = fmt.Sprintf(`a:1:{i:0;s:%d:"%s";}`, len(itoa(2)), itoa(2)) // serialized relation
		}
		k := post("igny8_keywords", title, "", "publish", date)
		m(k, "_igny8_search_volume", itoa(i*3))
		if i%2 == 0 {
			m(k, "_igny8_difficulty", itoa(i%100))
		} else {
			m(k, "_igny8_difficulty_level", itoa(i%100)) // the sample seeder's key
		}
		m(k, "_igny8_cpc", "0.75")
		m(k, "_igny8_cluster_relation", cluster)
		rels = append(rels, []string{itoa(k), []string{"1", "2"}[i%2]})
	}
	planners := []int{}
	for i := 1; i <= 100; i++ {
		status := []string{"Pending", "Queued", "Generated", "Published", "Refresh Scheduled", "refresh-scheduled", "Exploded"}[i%7]
		pl := post("igny8_content_planne", fmt.Sprintf("Planned article %d", i), "Outline "+itoa(i), "publish", "'2024-04-01 00:00:00'")
		m(pl, "_igny8_related_cluster", itoa(i%nc+1))
		m(pl, "_igny8_status", status)
		m(pl, "_igny8_schedule_date", "2025-01-15T09:30")
		rels = append(rels, []string{itoa(pl), []string{"3", "4"}[i%2]})
		planners = append(planners, pl)
	}
	for i := 1; i <= 3; i++ {
		pr := post("igny8_context_profil", fmt.Sprintf("Profile %d", i), "You are writing for hikers. Mention {product}.", "publish", "'2024-05-01 00:00:00'")
		m(pr, "_igny8_schema_hints", "Outdoor people aged 25-45")
		m(pr, "_igny8_product_facts", `a:2:{i:0;s:10:"waterproof";i:1;s:11:"lightweight";}`)
		rels = append(rels, []string{itoa(pr), "5"})
	}
	var links []int
	for i := 1; i <= 20; i++ {
		l := post("igny8_internal_links", fmt.Sprintf("Source %d → Target %d", i, i+1), "", "publish", "'2024-06-01 00:00:00'")
		m(l, "_igny8_anchor_text", "read more")
		m(l, "_igny8_status", []string{"Suggested", "Approved", "Inserted"}[i%3])
		m(l, "_igny8_priority", []string{"high", "medium", "low"}[i%3])
		links = append(links, l)
	}
	// performance logs: about their cluster's target page, one day each; 9
	// repeats 1's page and day (merged), 10 names no cluster (skipped)
	for i := 1; i <= 10; i++ {
		day := fmt.Sprintf("'2024-06-%02d 00:00:00'", i)
		if i == 9 {
			day = "'2024-06-01 08:00:00'"
		}
		pf := post("igny8_performance_lo", fmt.Sprintf("Performance %d", i), "", "publish", day)
		m(pf, "_igny8_generation_count", itoa(i))
		m(pf, "_igny8_search_console_data", `a:2:{s:6:"clicks";i:12;s:11:"impressions";i:340;}`)
		if i < 10 {
			m(pf, "_igny8_cluster_reference", itoa(i%2+1))
		}
	}
	// the posts the planner items were published as (the first 30 items);
	// item 31 points at a post that was deleted
	for i := 0; i < 30; i++ {
		wp := post("post", fmt.Sprintf("Planned article %d — published", i+1), "<h2>Hello</h2><p>Text "+itoa(i)+"</p>", "publish", "'2024-07-01 00:00:00'")
		m(planners[i], "_igny8_linked_wp_post", itoa(wp))
		linked = append(linked, wp)
	}
	m(planners[30], "_igny8_linked_wp_post", "999999")
	// the links join the published posts: 18 pairs of them, one without a
	// source (skipped) and one repeating the first pair (skipped as a duplicate)
	for i, l := range links {
		switch i {
		case 18:
			m(l, "_igny8_target_page", itoa(linked[0]))
		case 19:
			m(l, "_igny8_source_page", itoa(linked[0]))
			m(l, "_igny8_target_page", itoa(linked[1]))
		default:
			m(l, "_igny8_source_page", itoa(linked[i]))
			m(l, "_igny8_target_page", itoa(linked[i+1]))
		}
	}
	exec(t, db, rowsSQL(p+"posts", []string{"ID", "post_title", "post_content", "post_status", "post_type", "post_name", "post_date"}, posts)...)
	exec(t, db, rowsSQL(p+"postmeta", []string{"post_id", "meta_key", "meta_value"}, meta)...)
	exec(t, db, rowsSQL(p+"term_relationships", []string{"object_id", "term_taxonomy_id"}, rels)...)
	// keyword 1's title as old sites hold it: its UTF-8 bytes read as latin1
	exec(t, db,
		fmt.Sprintf("UPDATE %sposts SET post_title = CONVERT(CONVERT(CONVERT(post_title USING utf8mb4) USING binary) USING latin1) WHERE ID = %d", p, nc+1),
		"INSERT INTO "+p+"options (option_name, option_value) VALUES ('igny8_api_key','sk-legacy-posts-key'),('igny8_model','gpt-4.1'),"+
			"('igny8_flux_display_position','bottom'),('igny8_content_engine_rules',"+q(`a:2:{s:3:"faq";b:1;s:5:"words";i:1500;}`)+"),('igny8_bridge_secret','not-the-old-plugin'),('igny8_defaults','a:1:{s:6:\"author\";i:3;}'),('igny8_site_id','igny8-site-record'),('siteurl','https://old.example.com')",
		"INSERT INTO "+p+"igny8_data (post_id, data_type, data) VALUES (5, 'field_schema', '{\"fields\":[\"city\"]}')",
		"INSERT INTO "+p+"igny8_variations (post_id, fields_hash, fields_json, content) VALUES (5, REPEAT('b',64), '{\"city\":\"Wien\"}', '<p>Servus</p>')",
	)
	return linked
}

// newBenchApp is a test app for a benchmark (testapp.New takes testing.TB).
func newBenchApp(b *testing.B) core.App { return testapp.New(b) }
