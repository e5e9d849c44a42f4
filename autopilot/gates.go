package autopilot

import (
	"fmt"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/overlap"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/pocketbase/core"
)

// Gate names (contents.gates results and autopilots.gates settings).
const (
	GateWordCount     = "word_count"
	GateOutline       = "outline"
	GateMeta          = "meta"
	GateFeaturedImage = "featured_image"
	GateBannedWords   = "banned_words"
	GateDuplicate     = "duplicate"
	GateReadingLevel  = "reading_level"
	GateCannibal      = "cannibalisation"
)

// GateNames lists the gates in the order they are checked and reported.
var GateNames = []string{GateWordCount, GateOutline, GateMeta, GateFeaturedImage, GateBannedWords, GateDuplicate, GateReadingLevel, GateCannibal}

// Gate defaults (docs/AUTOMATION.md "Quality gates").
const (
	DefaultWordTolerance   = 0.25 // word count within ±25 % of the task's target
	DefaultTitleMin        = 20
	DefaultDescriptionMin  = 70
	DefaultMaxSimilarity   = 0.5 // Jaccard similarity of 5-word shingles
	DefaultMaxGrade        = 14.0
	maxDuplicateCandidates = 500
	shingleSize            = 5
)

// Gates are a site's gate settings. Every gate is on unless Off; zero limits
// take the defaults.
type Gates struct {
	WordCount struct {
		Off       bool    `json:"off"`
		Tolerance float64 `json:"tolerance"` // share of the target, e.g. 0.25
	} `json:"word_count"`
	Outline struct {
		Off bool `json:"off"`
	} `json:"outline"`
	Meta struct {
		Off            bool `json:"off"`
		TitleMin       int  `json:"title_min"`
		TitleMax       int  `json:"title_max"`
		DescriptionMin int  `json:"description_min"`
		DescriptionMax int  `json:"description_max"`
	} `json:"meta"`
	FeaturedImage struct {
		Off bool `json:"off"`
	} `json:"featured_image"`
	BannedWords struct {
		Off   bool     `json:"off"`
		Words []string `json:"words"` // besides the active strategies' never_mention terms
	} `json:"banned_words"`
	Duplicate struct {
		Off           bool    `json:"off"`
		MaxSimilarity float64 `json:"max_similarity"`
	} `json:"duplicate"`
	ReadingLevel struct {
		Off      bool    `json:"off"`
		MaxGrade float64 `json:"max_grade"` // Flesch-Kincaid grade
	} `json:"reading_level"`
	// Cannibalisation reads the overlap check's findings (package overlap,
	// run by the review before the gates): the gate fails while a page of the
	// live site overlaps the article undecided or decided "skip".
	Cannibalisation struct {
		Off bool `json:"off"`
	} `json:"cannibalisation"`
}

// Validate checks the settings' ranges.
func (g Gates) Validate() error {
	switch {
	case g.WordCount.Tolerance < 0 || g.WordCount.Tolerance > 1:
		return fmt.Errorf("word_count.tolerance must be between 0 and 1")
	case g.Meta.TitleMin < 0 || g.Meta.TitleMax < 0 || g.Meta.TitleMax > writer.MetaTitleMax*2 || (g.Meta.TitleMax > 0 && g.Meta.TitleMin > g.Meta.TitleMax):
		return fmt.Errorf("meta title limits must satisfy 0 <= title_min <= title_max <= %d", writer.MetaTitleMax*2)
	case g.Meta.DescriptionMin < 0 || g.Meta.DescriptionMax < 0 || g.Meta.DescriptionMax > 320 || (g.Meta.DescriptionMax > 0 && g.Meta.DescriptionMin > g.Meta.DescriptionMax):
		return fmt.Errorf("meta description limits must satisfy 0 <= description_min <= description_max <= 320")
	case len(g.BannedWords.Words) > 500:
		return fmt.Errorf("at most 500 banned words")
	case g.Duplicate.MaxSimilarity < 0 || g.Duplicate.MaxSimilarity > 1:
		return fmt.Errorf("duplicate.max_similarity must be between 0 and 1")
	case g.ReadingLevel.MaxGrade < 0 || g.ReadingLevel.MaxGrade > 30:
		return fmt.Errorf("reading_level.max_grade must be between 0 and 30")
	}
	for _, w := range g.BannedWords.Words {
		if len(w) > 200 {
			return fmt.Errorf("a banned word is longer than 200 characters")
		}
	}
	return nil
}

// GateResult is one gate's verdict on an article.
type GateResult struct {
	Gate   string `json:"gate"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail"`
}

// Review is what contents.gates holds: when the gates ran, whether all
// passed, the names of the failed ones and every gate's verdict.
type Review struct {
	CheckedAt string       `json:"checked_at"`
	Passed    bool         `json:"passed"`
	Failed    []string     `json:"failed"`
	Results   []GateResult `json:"results"`
}

// Check runs every enabled gate on content (its task, idea, images and the
// site's other igny8 articles are read from app).
func Check(app core.App, content *core.Record, g Gates, now time.Time) (Review, error) {
	r := Review{CheckedAt: now.UTC().Format(time.RFC3339), Passed: true, Failed: []string{}}
	text := plainText(content.GetString("html"))
	var task, idea *core.Record
	if id := content.GetString("task"); id != "" {
		task, _ = app.FindRecordById(collections.Tasks, id)
	}
	if task != nil && task.GetString("idea") != "" {
		idea, _ = app.FindRecordById(collections.Ideas, task.GetString("idea"))
	}
	add := func(gate string, passed bool, detail string) {
		r.Results = append(r.Results, GateResult{Gate: gate, Passed: passed, Detail: detail})
		if !passed {
			r.Passed = false
			r.Failed = append(r.Failed, gate)
		}
	}
	if !g.WordCount.Off {
		ok, detail := checkWordCount(content, task, g)
		add(GateWordCount, ok, detail)
	}
	if !g.Outline.Off {
		ok, detail := checkOutline(content, task, idea)
		add(GateOutline, ok, detail)
	}
	if !g.Meta.Off {
		ok, detail := checkMeta(content, g)
		add(GateMeta, ok, detail)
	}
	if !g.FeaturedImage.Off {
		ok, detail, err := checkFeatured(app, content)
		if err != nil {
			return r, err
		}
		add(GateFeaturedImage, ok, detail)
	}
	if !g.BannedWords.Off {
		ok, detail, err := checkBanned(app, content, text, g)
		if err != nil {
			return r, err
		}
		add(GateBannedWords, ok, detail)
	}
	if !g.Duplicate.Off {
		ok, detail, err := checkDuplicate(app, content, text, g)
		if err != nil {
			return r, err
		}
		add(GateDuplicate, ok, detail)
	}
	if !g.ReadingLevel.Off {
		ok, detail := checkReading(text, task, g)
		add(GateReadingLevel, ok, detail)
	}
	if !g.Cannibalisation.Off {
		block, err := overlap.Blocking(app, content.Id)
		if err != nil {
			return r, fmt.Errorf("overlaps: %w", err)
		}
		if len(block) > 0 {
			var pages []string
			for _, b := range block {
				pages = append(pages, fmt.Sprintf("%s (%.0f %%)", b.GetString("url"), b.GetFloat("score")*100))
			}
			add(GateCannibal, false, "overlaps "+quoteList(pages, 5)+" on the live site: decide each overlap (skip, merge or go ahead)")
		} else {
			add(GateCannibal, true, "no undecided overlap with the site's indexed pages")
		}
	}
	return r, nil
}
