package overlap

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// embeddings are the vectors of one check: the subject's and one per
// candidate, all from the same model.
type embeddings struct {
	subject []float32
	cands   [][]float32
	model   string
	// fresh marks the candidates embedded by this check (their page's cache
	// is written); the others came from the cache.
	fresh []bool
}

// embedCached embeds the subject and the candidates. A page's vector is kept
// on its site_pages record (embedding, with embedding_key = model:hash of
// the embedded text), so a site's pages are embedded once and again only
// when their text changes: a check sends the subject and the pages not
// cached for that text. A cached vector of another model than the one that
// answered (the workspace changed its model, or a fallback answered) is
// embedded again in a second call, so cosines never mix models.
func embedCached(ctx context.Context, app core.App, tenant, subject string, cands []Finding, texts []string) (*embeddings, error) {
	e := &embeddings{cands: make([][]float32, len(cands)), fresh: make([]bool, len(cands))}
	cachedModel := make([]string, len(cands))
	in := []string{subject}
	var sent []int // candidates in the call, in order after the subject
	for i := range cands {
		if v, model, ok := cachedVector(cands[i].Page, texts[i]); ok {
			e.cands[i], cachedModel[i] = v, model
			continue
		}
		in = append(in, texts[i])
		sent = append(sent, i)
	}
	vecs, usage, err := ai.Embed(ctx, app, tenant, in)
	if err == nil && len(vecs) != len(in) {
		err = fmt.Errorf("%d vectors for %d texts", len(vecs), len(in))
	}
	if err != nil {
		return nil, err
	}
	e.model, e.subject = usage.Model, vecs[0]
	for k, i := range sent {
		e.cands[i], e.fresh[i] = vecs[k+1], true
	}
	var again []int
	var againText []string
	for i := range cands {
		if !e.fresh[i] && cachedModel[i] != e.model {
			again, againText = append(again, i), append(againText, texts[i])
		}
	}
	if len(again) == 0 {
		return e, nil
	}
	vecs, usage, err = ai.Embed(ctx, app, tenant, againText)
	switch {
	case err != nil:
		return nil, err
	case len(vecs) != len(againText):
		return nil, fmt.Errorf("%d vectors for %d texts", len(vecs), len(againText))
	case usage.Model != e.model:
		return nil, errors.New("two embedding models answered one check (" + e.model + ", " + usage.Model + ")")
	}
	for k, i := range again {
		e.cands[i], e.fresh[i] = vecs[k], true
	}
	return e, nil
}

// embeddingKey names what a cached vector was made of.
func embeddingKey(model, text string) string {
	sum := sha256.Sum256([]byte(text))
	return collections.Truncate(model+":"+hex.EncodeToString(sum[:8]), 200)
}

// cachedVector is a page's cached vector when it was made of text, with the
// model that made it.
func cachedVector(page *core.Record, text string) ([]float32, string, bool) {
	if page == nil {
		return nil, "", false
	}
	key := page.GetString("embedding_key")
	i := strings.LastIndex(key, ":")
	if i <= 0 || embeddingKey(key[:i], text) != key {
		return nil, "", false
	}
	var v []float32
	if page.UnmarshalJSONField("embedding", &v) != nil || len(v) == 0 {
		return nil, "", false
	}
	return v, key[:i], true
}

// cacheVector keeps a page's fresh vector; a failed save only costs a later
// check the call.
func cacheVector(app core.App, page *core.Record, model, text string, v []float32) {
	page.Set("embedding", v)
	page.Set("embedding_key", embeddingKey(model, text))
	if err := app.Save(page); err != nil {
		app.Logger().Warn("overlap: could not cache a page's embedding", "page", page.Id, "error", err)
	}
}
