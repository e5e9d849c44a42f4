package grouping

import (
	"math"
	"strings"

	"github.com/igny8/igny8/tools/keywordfile"
)

// Feature weights and bounds of the TF-IDF space.
const (
	// pairWeight scales a stem pair ("espresso machin") against a single
	// stem: pairs sharpen a match, single stems carry it.
	pairWeight = 0.7
	// defaultEmbeddingWeight is GroupOptions.EmbeddingWeight when unset.
	defaultEmbeddingWeight = 0.5
)

// build makes the map's feature space, step by step: the documents, each
// one's language, its tokens (near-identical stems counted as one), its
// features and their TF-IDF weights, and the embeddings when given.
func (g *grouper) build(keywords []string) {
	texts, langs, extra := g.documents(keywords)
	codes := g.languages(texts, langs)
	toks, near := tokenise(texts, codes)
	docs := g.features(texts, codes, toks, near, extra)
	g.weigh(docs)
	g.embeddings(keywords, len(texts))
	// common features do not propose candidates (a cost bound for large maps);
	// below 250 documents every feature may, which costs nothing there and
	// lets a small site's "cheap espresso machine" find its cluster by
	// "espresso" even when half its keywords say "espresso"
	g.rareLimit = int(math.Max(minRareLimit, maxFeatureShare*float64(len(texts))))
	g.unit = make([]int, len(texts))
	g.score = make([]float64, len(texts))
}

// documents lists the map's documents: the new keywords, then every seed's
// keywords and one document for its name, with each document's declared
// language ("" when none) and the pre-made features of the seeds' name
// documents (their receipt terms).
func (g *grouper) documents(keywords []string) (texts, langs []string, extra [][]string) {
	texts = append(texts, keywords...)
	for i := range keywords {
		langs = append(langs, at(g.opts.Languages, i))
	}
	extra = make([][]string, len(keywords))
	for _, s := range g.opts.Seeds {
		for j, k := range s.Keywords {
			texts = append(texts, k)
			langs = append(langs, at(s.Languages, j))
			extra = append(extra, nil)
		}
		texts = append(texts, s.Name)
		langs = append(langs, "")
		extra = append(extra, s.Terms)
	}
	return texts, langs, extra
}

// at is list[i], or "" past its end.
func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

// languages is each document's language code. A keyword nothing tells the
// language of ("laufschuhe herren") is read in opts.Language, else in the
// language most documents of the map are known to be in (by script, import
// or hints).
func (g *grouper) languages(texts, langs []string) []string {
	codes := make([]string, len(texts))
	sure := make([]bool, len(texts))
	known := map[string]int{}
	for i, t := range texts {
		codes[i], sure[i] = detectLanguage(t, langs[i])
		if sure[i] {
			known[codes[i]]++
		}
	}
	fallback := StemLanguage(g.opts.Language)
	if g.opts.Language == "" {
		for c, n := range known {
			if n > known[fallback] || n == known[fallback] && c < fallback {
				fallback = c
			}
		}
	}
	for i := range texts {
		if !sure[i] {
			codes[i] = fallback
		}
	}
	return codes
}

// tokenise is each document's tokens and, per language, the stems of the
// map that count as another (see nearStems; German compounds map to their
// parts joined by "|", see splitCompounds).
func tokenise(texts, codes []string) ([][]string, map[string]map[string]string) {
	toks := make([][]string, len(texts))
	distinct := map[string]map[string]bool{}
	for i, t := range texts {
		toks[i] = tokensOf(codes[i], t)
		if distinct[codes[i]] == nil {
			distinct[codes[i]] = map[string]bool{}
		}
		for _, w := range toks[i] {
			distinct[codes[i]][w] = true
		}
	}
	near := map[string]map[string]string{}
	for code, ws := range distinct {
		near[code] = nearStems(code, ws)
		if code == "de" {
			for t, parts := range splitCompounds(ws) {
				near[code][t] = parts
			}
		}
	}
	return toks, near
}

// features numbers every document's distinct features (stems, adjacent
// stem pairs, a compound's parts, a seed's terms) into g.names and counts
// their document frequency in g.df.
func (g *grouper) features(texts, codes []string, toks [][]string, near map[string]map[string]string, extra [][]string) [][]int {
	ids := map[string]int{}
	docs := make([][]int, len(texts))
	for i := range texts {
		d := docFeatures{g: g, ids: ids, seen: map[int]bool{}}
		var prev string
		for _, t := range toks[i] {
			if b, ok := near[codes[i]][t]; ok {
				// a compound adds its parts (kaffee|maschin) besides itself
				if strings.Contains(b, "|") {
					d.add(t)
					for _, p := range strings.Split(b, "|") {
						d.add(p)
					}
					prev = t
					continue
				}
				t = b
			}
			d.add(t)
			if prev != "" && !isGram(t) {
				d.add(prev + " " + t)
			}
			prev = t
		}
		for _, f := range extra[i] {
			d.add(f)
		}
		if len(d.doc) == 0 {
			d.add("#" + keywordfile.Normalize(texts[i])) // a keyword of stopwords only stands alone
		}
		docs[i] = d.doc
	}
	return docs
}

// docFeatures collects one document's distinct feature ids.
type docFeatures struct {
	g    *grouper
	ids  map[string]int // feature → id, for the whole map
	seen map[int]bool
	doc  []int
}

// add gives f an id (a new one the first time the map meets it) and counts
// it once for the document.
func (d *docFeatures) add(f string) {
	id, ok := d.ids[f]
	if !ok {
		id = len(d.g.names)
		d.ids[f] = id
		d.g.names = append(d.g.names, f)
		d.g.df = append(d.g.df, 0)
	}
	if !d.seen[id] {
		d.seen[id] = true
		d.g.df[id]++
		d.doc = append(d.doc, id)
	}
}

// weigh makes each document's unit TF-IDF vector; stem pairs weigh
// pairWeight of a stem.
func (g *grouper) weigh(docs [][]int) {
	total := len(docs)
	g.vecs = make([]sparse, total)
	for i, d := range docs {
		v := make(sparse, len(d))
		var norm float64
		for _, id := range d {
			w := math.Log(1 + float64(total)/float64(g.df[id]))
			if strings.Contains(g.names[id], " ") {
				w *= pairWeight
			}
			v[id] = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for id := range v {
			v[id] /= norm
		}
		g.vecs[i] = v
	}
}

// embeddings keeps the new keywords' embeddings, normalised, when there is
// one per keyword.
func (g *grouper) embeddings(keywords []string, total int) {
	g.useEmb = len(g.opts.Embeddings) == len(keywords) && len(keywords) > 0
	if !g.useEmb {
		return
	}
	if g.opts.EmbeddingWeight <= 0 {
		g.opts.EmbeddingWeight = defaultEmbeddingWeight
	}
	g.embs = make([][]float64, total)
	for i, e := range g.opts.Embeddings {
		g.embs[i] = normalized(e)
	}
}
