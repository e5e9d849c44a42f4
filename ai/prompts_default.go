package ai

// DefaultPrompt is a system default prompt seeded into `prompts` (tenant empty).
type DefaultPrompt struct {
	Type     string
	Name     string
	System   string
	Template string
}

const seoSystem = `You are a senior SEO content strategist and writer for igny8. You write for people first, ` +
	`in clear, natural English, with accurate facts and no filler. You never invent statistics, quotes or sources.`

// DefaultPrompts are igny8's own prompts for its pipeline. Lines of the form
// "Title: x", "Keyword: x", "Count: n", "Target length: n words" and "- item"
// bullets are kept so the offline dev provider can read the same hints.
var DefaultPrompts = []DefaultPrompt{
	{Type: PromptClustering, Name: "Keyword clustering",
		System: seoSystem + ` You group search keywords by shared search intent so that one article can rank for every keyword of a group.`,
		Template: `Group the keywords below into topic clusters for the site "{{.Site}}"{{if .Niche}} (niche: {{.Niche}}){{end}}.

Rules:
- Put keywords in the same cluster only when one article can satisfy all of them (same intent, same topic).
- Every keyword appears in exactly one cluster, spelled exactly as given. Do not add keywords.
- Use at most {{.MaxClusters}} clusters; a keyword that fits nowhere gets its own cluster.
- Name each cluster with a short, human topic name (2-5 words) and give a one-sentence description of the intent.
{{- if .Existing}}
- Prefer these existing cluster names when a group matches one of them:
{{bullets .Existing}}
{{- end}}

Keywords ({{len .Keywords}}):
{{bullets .Keywords}}`},
	{Type: PromptIdeas, Name: "Content ideas",
		System: seoSystem + ` You plan articles that cover a topic cluster completely without two articles competing for the same query.`,
		Template: `Propose {{.Count}} ideas for articles for the site "{{.Site}}"{{if .Niche}} (niche: {{.Niche}}){{end}}.
Cluster: {{.Cluster}}
{{- if .Description}}
Cluster intent: {{.Description}}
{{- end}}
Count: {{.Count}}

Keywords of the cluster:
{{bullets .Keywords}}
{{- if .Existing}}

Do not repeat or closely overlap these existing titles:
{{bullets .Existing}}
{{- end}}

For each idea give a compelling title (under 70 characters), its primary keyword (one of the cluster keywords), the ` +
			`other keywords it covers, the search intent (informational, commercial, transactional or navigational), ` +
			`a two-sentence description, an outline of 4-8 H2 headings, and a target length in words (800-2500).`},
	{Type: PromptContentOutline, Name: "Article outline",
		System: seoSystem,
		Template: `Write a detailed outline for the article below.
Title: {{.Title}}
Keyword: {{.Keyword}}
Target length: {{.Words}} words
{{- if .Tone}}
Tone: {{.Tone}}
{{- end}}
{{- if .Audience}}
Audience: {{.Audience}}
{{- end}}

Secondary keywords to cover naturally:
{{bullets .Keywords}}

Give 4-8 sections. Each section has an H2 heading, 0-3 H3 subheadings, the key points to make, and its share of the ` +
			`target length in words. Start with an introduction that answers the main question directly and end with a conclusion.`},
	{Type: PromptContentSection, Name: "Article section",
		System: seoSystem + ` You write one section of a longer article; it must read well on its own and fit the whole.`,
		Template: `Write the section "{{.Heading}}" of the article "{{.Title}}".
Title: {{.Title}}
Keyword: {{.Keyword}}
Target length: {{.Words}} words
{{- if .Tone}}
Tone: {{.Tone}}
{{- end}}

Full outline of the article (for context; write only this section):
{{bullets .Outline}}
{{- if .Subheadings}}

Use these H3 subheadings in this order:
{{bullets .Subheadings}}
{{- end}}

Return HTML only: start with <h2>{{.Heading}}</h2>, then paragraphs (<p>), <h3> subheadings, and lists (<ul>/<ol>) ` +
			`where they help. No <html>, <body>, inline styles, scripts or images.`},
	{Type: PromptContent, Name: "Article (single pass)",
		System: seoSystem,
		Template: `Write a complete article.
Title: {{.Title}}
Keyword: {{.Keyword}}
Target length: {{.Words}} words
{{- if .Site}}
Site: {{.Site}}
{{- end}}
{{- if .Tone}}
Tone: {{.Tone}}
{{- end}}
{{- if .Audience}}
Audience: {{.Audience}}
{{- end}}

Secondary keywords to cover naturally:
{{bullets .Keywords}}
{{- if .Outline}}

Follow this outline (H2 headings):
{{bullets .Outline}}
{{- end}}

Return HTML only: an introduction paragraph that answers the main question directly, then sections with <h2> ` +
			`headings and <h3> subheadings, paragraphs (<p>) and lists (<ul>/<ol>) where they help, and a conclusion. Use the ` +
			`keyword in the introduction and at least one H2. No <h1>, <html>, <body>, inline styles, scripts or images.`},
	{Type: PromptImagePrompts, Name: "Image prompts",
		System: `You are an art director. You write prompts for an image generation model: concrete scenes, subject, ` +
			`setting, light and composition, never text, logos or watermarks in the image.`,
		Template: `Write {{.Count}} image prompts for the article below: the first is the featured image, the rest illustrate sections.
Title: {{.Title}}
Keyword: {{.Keyword}}
Count: {{.Count}}
{{- if .Style}}
Style: {{.Style}}
{{- end}}
{{- if .Excerpt}}

Article summary:
{{.Excerpt}}
{{- end}}

For each prompt also give a short alt text (under 125 characters) that describes the image for screen readers.`},
	{Type: PromptReparse, Name: "Reparse article HTML",
		System: `You clean up article HTML for WordPress without changing its meaning or wording.`,
		Template: `Clean up the HTML of the article "{{.Title}}".
Title: {{.Title}}

Keep the text. Fix the structure: one topic per <h2> section, <h3> for subsections, paragraphs in <p>, lists in ` +
			`<ul>/<ol>, no <h1>, no empty tags, no inline styles, scripts, classes or ids. Return the cleaned HTML only.

{{.HTML}}`},
	{Type: PromptMeta, Name: "SEO meta",
		System: seoSystem,
		Template: `Write the SEO metadata for this article.
Title: {{.Title}}
Keyword: {{.Keyword}}
{{- if .Excerpt}}

Summary:
{{.Excerpt}}
{{- end}}

Give a meta title (under 60 characters, containing the keyword), a meta description (120-155 characters, ` +
			`containing the keyword, with a reason to click), a URL slug (lowercase words joined by hyphens) and an excerpt ` +
			`of one or two sentences.`},
}
