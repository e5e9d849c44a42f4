package wpimport

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Errors of Open.
var (
	ErrBadDSN    = errors.New("the database address is not a valid MySQL DSN (user:pass@tcp(host:port)/db)")
	ErrBadPrefix = errors.New("the table prefix may hold only letters, digits and _")
	ErrNoLegacy  = errors.New("no IGNY8 plugin data found with that table prefix")
)

var prefixRe = regexp.MustCompile(`^[A-Za-z0-9_]{0,60}$`)

// Dialer connects to the database server; the in-app import passes the
// outbound guard's dialer so the DSN's host obeys the same policy as every
// other address a user supplies.
type Dialer func(ctx context.Context, network, addr string) (net.Conn, error)

// DBSource is an open legacy WordPress database: its tables with prefix, read
// through a read-only session (the --dsn import).
type DBSource struct {
	db     *sql.DB
	prefix string
	// Addr and Database name the source in reports (never the password).
	Addr, Database string
	tables         map[string]bool // names without the prefix, lower case
}

// ParseDSN checks a go-sql-driver DSN and returns its config.
func ParseDSN(dsn string) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(strings.TrimSpace(dsn))
	if err != nil || cfg.DBName == "" {
		return nil, ErrBadDSN
	}
	if cfg.Net == "" {
		cfg.Net = "tcp"
	}
	if cfg.Net != "tcp" {
		return nil, fmt.Errorf("%w: only tcp(host:port) addresses are supported", ErrBadDSN)
	}
	return cfg, nil
}

// Open connects to the database dsn names (dial nil: a plain dialer) and
// lists the tables with prefix.
func Open(ctx context.Context, dsn, prefix string, dial Dialer) (*DBSource, error) {
	if !prefixRe.MatchString(prefix) {
		return nil, ErrBadPrefix
	}
	cfg, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	cfg.ParseTime = false // zero dates and odd formats are read as text (legacyTime)
	cfg.MultiStatements = false
	cfg.InterpolateParams = false
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = 5 * time.Minute
	}
	cfg.DialFunc = dial
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadDSN, err)
	}
	db := sql.OpenDB(conn)
	db.SetMaxOpenConns(4)
	s := &DBSource{db: db, prefix: prefix, Addr: cfg.Addr, Database: cfg.DBName, tables: map[string]bool{}}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", cfg.Addr, err)
	}
	rows, err := db.QueryContext(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			db.Close()
			return nil, fmt.Errorf("list tables: %w", err)
		}
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			s.tables[strings.ToLower(rest)] = true
		}
	}
	if err := rows.Err(); err != nil {
		db.Close()
		return nil, fmt.Errorf("list tables: %w", err)
	}
	return s, nil
}

// Close closes the connection pool.
func (s *DBSource) Close() error { return s.db.Close() }

// Describe names the source for reports: host, database and prefix.
func (s *DBSource) Describe() string {
	return fmt.Sprintf("mysql://%s/%s prefix %s", s.Addr, s.Database, s.prefix)
}

// Has reports whether the prefixed table exists.
func (s *DBSource) Has(table string) bool { return s.tables[table] }

func (s *DBSource) table(name string) string { return "`" + s.prefix + name + "`" }

// scanTable streams every row of a prefixed table, ordered by id when it has
// one.
func (s *DBSource) scanTable(ctx context.Context, table string, fn func(r row) error) error {
	q := "SELECT * FROM " + s.table(table)
	colRows, err := s.db.QueryContext(ctx, "SELECT * FROM "+s.table(table)+" LIMIT 0")
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	names, err := colRows.Columns()
	colRows.Close()
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	for i := range names {
		names[i] = strings.ToLower(names[i])
	}
	if slices.Contains(names, "id") {
		q += " ORDER BY id"
	}
	return s.query(ctx, q, nil, fn)
}

// query streams rows of q as text maps.
func (s *DBSource) query(ctx context.Context, q string, args []any, fn func(r row) error) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("query legacy database: %w", err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return err
	}
	for i := range names {
		names[i] = strings.ToLower(names[i])
	}
	raw := make([]sql.RawBytes, len(names))
	ptrs := make([]any, len(names))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read legacy row: %w", err)
		}
		r := make(row, len(names))
		for i, n := range names {
			if raw[i] != nil {
				r[n] = string(raw[i])
			}
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// postTypeCounts counts the plugin's posts per group (posts table present).
func (s *DBSource) postTypeCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	if !s.Has("posts") {
		return out, nil
	}
	err := s.query(ctx, "SELECT post_type, COUNT(*) AS n FROM "+s.table("posts")+" WHERE post_type LIKE 'igny8\\_%' GROUP BY post_type", nil, func(r row) error {
		n, _ := strconv.Atoi(r["n"])
		if g := groupOf(r["post_type"]); g != "" {
			out[g] += n
		}
		return nil
	})
	return out, err
}

// scanPosts streams the plugin's posts of one group with their _igny8_* meta
// (keys without the prefix) and igny8_* taxonomy terms ("tax:igny8_intent",
// names joined by |): three ordered queries merged by post id, so memory
// stays flat however many posts there are.
func (s *DBSource) scanPosts(ctx context.Context, group string, fn func(r row) error) error {
	types := postTypes[group]
	in := "('" + strings.Join(types, "','") + "')"
	posts := s.table("posts")
	type kv struct {
		id   int64
		k, v string
	}
	stream := func(q string, key, val string) (<-chan kv, func() error) {
		ch := make(chan kv, 256)
		errc := make(chan error, 1)
		cctx, cancel := context.WithCancel(ctx)
		go func() {
			defer close(ch)
			errc <- s.query(cctx, q, nil, func(r row) error {
				id, _ := strconv.ParseInt(r["id"], 10, 64)
				select {
				case ch <- kv{id, r[key], r[val]}:
					return nil
				case <-cctx.Done():
					return cctx.Err()
				}
			})
		}()
		return ch, func() error {
			cancel()
			for range ch {
			}
			err := <-errc
			if errors.Is(err, context.Canceled) && ctx.Err() == nil {
				return nil
			}
			return err
		}
	}
	var metaCh, termCh <-chan kv
	var stops []func() error
	if s.Has("postmeta") {
		ch, stop := stream("SELECT m.post_id AS id, m.meta_key AS k, m.meta_value AS v FROM "+s.table("postmeta")+" m JOIN "+posts+
			" p ON p.ID = m.post_id WHERE p.post_type IN "+in+" AND m.meta_key LIKE '\\_igny8\\_%' ORDER BY m.post_id, m.meta_id", "k", "v")
		metaCh, stops = ch, append(stops, stop)
	}
	if s.Has("term_relationships") && s.Has("term_taxonomy") && s.Has("terms") {
		ch, stop := stream("SELECT tr.object_id AS id, tt.taxonomy AS k, t.name AS v FROM "+s.table("term_relationships")+" tr JOIN "+
			s.table("term_taxonomy")+" tt ON tt.term_taxonomy_id = tr.term_taxonomy_id JOIN "+s.table("terms")+" t ON t.term_id = tt.term_id JOIN "+
			posts+" p ON p.ID = tr.object_id WHERE p.post_type IN "+in+" AND tt.taxonomy LIKE 'igny8\\_%' ORDER BY tr.object_id, t.name", "k", "v")
		termCh, stops = ch, append(stops, stop)
	}
	stopAll := func(err error) error {
		for _, stop := range stops {
			if e := stop(); e != nil && err == nil {
				err = e
			}
		}
		return err
	}
	var meta, term *kv
	next := func(ch <-chan kv) *kv {
		if ch == nil {
			return nil
		}
		if x, ok := <-ch; ok {
			return &x
		}
		return nil
	}
	meta, term = next(metaCh), next(termCh)
	err := s.query(ctx, "SELECT ID AS id, post_title AS title, post_content AS content, post_status AS status, post_type, post_name AS slug, post_date AS date FROM "+
		posts+" WHERE post_type IN "+in+" ORDER BY ID", nil, func(r row) error {
		id, _ := strconv.ParseInt(r["id"], 10, 64)
		for meta != nil && meta.id < id {
			meta = next(metaCh)
		}
		for meta != nil && meta.id == id {
			r[strings.TrimPrefix(meta.k, "_igny8_")] = meta.v
			meta = next(metaCh)
		}
		for term != nil && term.id < id {
			term = next(termCh)
		}
		for term != nil && term.id == id {
			k := "tax:" + term.k
			if r[k] != "" {
				r[k] += "|"
			}
			r[k] += term.v
			term = next(termCh)
		}
		return fn(r)
	})
	return stopAll(err)
}

// posts reads wp_posts rows by id (the posts igny8 content is linked to).
func (s *DBSource) posts(ctx context.Context, ids []int64, fn func(r row) error) error {
	if !s.Has("posts") || len(ids) == 0 {
		return nil
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		marks := make([]string, len(chunk))
		for i, id := range chunk {
			args[i], marks[i] = id, "?"
		}
		err := s.query(ctx, "SELECT ID AS id, post_title AS title, post_content AS content, post_status AS status, post_type, post_name AS slug, post_date AS date FROM "+
			s.table("posts")+" WHERE ID IN ("+strings.Join(marks, ",")+") ORDER BY ID", args, fn)
		if err != nil {
			return err
		}
	}
	return nil
}

// options streams the plugin's wp_options rows (igny8_*), the Bridge's own
// among them (the import lists those as skipped); the key's value is read
// whatever withAPIKey says (the import leaves it behind without the flag).
func (s *DBSource) options(ctx context.Context, _ bool, fn func(r row) error) error {
	if !s.Has("options") {
		return nil
	}
	return s.query(ctx, "SELECT option_id AS id, option_name AS name, option_value AS value FROM "+s.table("options")+
		" WHERE option_name LIKE 'igny8\\_%' ORDER BY option_id", nil, fn)
}
