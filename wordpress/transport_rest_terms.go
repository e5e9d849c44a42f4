package wordpress

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strings"

	"github.com/igny8/igny8/tools/wpclient"
)

func (t *RESTTransport) Terms(ctx context.Context, postID int, _ string, categories, tags []string) error {
	fields, err := t.termFields(ctx, categories, tags)
	if err != nil {
		return err
	}
	t.stage(postID, func(p *staged) {
		for k, v := range fields {
			p.fields[k] = v
		}
		p.categories, p.tags = categories, tags
	})
	return nil
}

func (t *RESTTransport) termFields(ctx context.Context, categories, tags []string) (map[string]any, error) {
	cats, err := t.termIDs(ctx, "categories", categories)
	if err != nil {
		return nil, err
	}
	tagIDs, err := t.termIDs(ctx, "tags", tags)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"tags": tagIDs}
	if len(cats) > 0 {
		out["categories"] = cats
	}
	return out, nil
}

type wpTerm struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// termIDs resolves names to term ids, creating missing terms.
func (t *RESTTransport) termIDs(ctx context.Context, taxonomy string, names []string) ([]int, error) {
	ids := make([]int, 0, len(names))
	for _, name := range names {
		key := taxonomy + "\x00" + strings.ToLower(name)
		t.terms.mu.Lock()
		id, ok := t.terms.ids[key]
		t.terms.mu.Unlock()
		if !ok {
			var err error
			if id, err = t.findOrCreateTerm(ctx, taxonomy, name); err != nil {
				return nil, err
			}
			t.terms.mu.Lock()
			t.terms.ids[key] = id
			t.terms.mu.Unlock()
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// findOrCreateTerm finds the term named name (text) or creates it. WordPress
// stores term names as HTML, so the name is sent and searched for escaped and
// compared unescaped.
func (t *RESTTransport) findOrCreateTerm(ctx context.Context, taxonomy, name string) (int, error) {
	var list []wpTerm
	if _, err := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/"+taxonomy, map[string]string{"search": Text(name), "per_page": "100", "_fields": "id,name", "hide_empty": "false"}, nil), &list); err != nil {
		return 0, err
	}
	for _, tm := range list {
		if strings.EqualFold(html.UnescapeString(tm.Name), name) {
			return tm.ID, nil
		}
	}
	var tm wpTerm
	_, err := t.c.Do(ctx, t.basic(http.MethodPost, "/wp/v2/"+taxonomy, map[string]string{"_fields": "id,name"}, map[string]any{"name": Text(name)}), &tm)
	var ae *wpclient.APIError
	if errors.As(err, &ae) && ae.Code == "term_exists" {
		// Created concurrently: WordPress names the existing term in the error data.
		var list2 []wpTerm
		if _, err2 := t.c.Do(ctx, t.basic(http.MethodGet, "/wp/v2/"+taxonomy, map[string]string{"search": Text(name), "per_page": "100", "_fields": "id,name", "hide_empty": "false"}, nil), &list2); err2 == nil {
			for _, x := range list2 {
				if strings.EqualFold(html.UnescapeString(x.Name), name) {
					return x.ID, nil
				}
			}
		}
	}
	if err != nil {
		return 0, fmt.Errorf("create %s %q: %w", taxonomy, name, err)
	}
	return tm.ID, nil
}
