package ai

import (
	"regexp"
	"strings"
)

// Chat models wrap text answers in conversation: a sentence presenting the
// answer before it and an offer of more help after it. They are recognised
// sentence by sentence: a block is a wrapper only when every one of its
// sentences is, and each pattern needs what makes it talk about the exchange
// rather than the topic (the deliverable — "the section", "the text you asked
// for" — or the model offering to change it — "let me know if you would like
// any changes"). Words an article could use with its reader ("Let us know in
// the comments", "Here are three rules every barista follows:") match none.

const (
	affirm      = `(?:sure(?: thing)?|certainly|of course|absolutely|okay|ok|alright|all right|great|gladly|no problem|definitely|you got it|got it|perfect|understood)`
	sep         = `\s*[,!.—–-]?\s*`
	deliverable = `(?:section|text|article|html|content|introduction|intro|conclusion|faq|draft|version|post|blog post|paragraphs?|copy|rewrite|revision|piece|markup|outline|write-?up|requested|what you asked for)`
)

var (
	reSentence = regexp.MustCompile(`[^.!?:]+(?:[.!?:]+|$)`)

	leadSentences = []*regexp.Regexp{
		// "Sure!", "Certainly.", "Of course, here you go!"
		regexp.MustCompile(`^(?:` + affirm + sep + `)?(?:here you go|here it is|here you are|happy to help|glad to help|i can do that|i can help with that)\s*[!.,:]*$`),
		regexp.MustCompile(`^` + affirm + `\s*[!.,]*$`),
		// "I'd be happy to help.", "I would be glad to write that for you."
		regexp.MustCompile(`^(?:` + affirm + sep + `)?i(?:'d| would)? (?:be )?(?:happy|glad|delighted) to (?:help|write|do|assist|create)\b.*$`),
		// "Here is the section you asked for:", "Below is the HTML for the introduction:", "I've written the conclusion below."
		regexp.MustCompile(`^(?:` + affirm + sep + `)?(?:here(?:'s| is| are)|below (?:is|are)|i(?:'ve| have) (?:written|drafted|created|prepared|put together|rewritten|revised)|as (?:you )?requested,?)\b.*\b` + deliverable + `\b.*$`),
	}

	tailSentences = []*regexp.Regexp{
		// "Let me know if you would like any changes.", "Please tell me whether you want it shorter."
		regexp.MustCompile(`^(?:please )?(?:let me know|tell me|do let me know)\b.*\b(?:if|whether|what|how)\b.*\b(?:change|changes|adjust\w*|edit\w*|tweak\w*|revis\w*|modif\w*|anything else|more|further|expand\w*|shorter|longer|different|help|alter\w*|improve\w*)\b[^,;]*$`),
		// "Feel free to ask for adjustments.", "Don't hesitate to reach out if you need more."
		regexp.MustCompile(`^(?:please )?(?:feel free|don'?t hesitate|do not hesitate) to (?:ask|let me know|reach out|request|tell me)\b.*$`),
		// "I hope this helps!", "Hope that helps you."
		regexp.MustCompile(`^(?:i )?hope (?:this|that|it) (?:helps|is helpful|was helpful|works)(?: you)?(?: out)?[!.]*$`),
		// "Would you like me to expand any section?", "Shall I add an FAQ?"
		regexp.MustCompile(`^(?:would you like me|do you want me|shall i|should i|can i help|is there anything else)\b.*$`),
		// "If you'd like, I can make it longer.", "I can also adjust the tone if needed."
		regexp.MustCompile(`^if you(?:'d| would)? (?:like|want|prefer|need)(?: any)?\b.*\bi (?:can|could|will|would)\b.*$`),
		regexp.MustCompile(`^i (?:can|could) (?:also )?(?:adjust|expand|shorten|lengthen|rewrite|revise|tweak|change|modify|add|make)\b.*\b(?:if you|for you|if needed|if necessary|as needed)\b.*$`),
		// "Happy to help with any revisions!"
		regexp.MustCompile(`^(?:i'm |i am )?(?:happy|glad) to (?:help|adjust|revise|make)\b.*$`),
	}
)

// normaliseSentence lower-cases s and unifies apostrophes.
func normaliseSentence(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer("’", "'", "‘", "'").Replace(s)
}

func allSentences(block string, pats []*regexp.Regexp) bool {
	block = normaliseSentence(block)
	if block == "" || len(strings.Fields(block)) > 60 {
		return false
	}
	sentences := reSentence.FindAllString(block, -1)
	if len(sentences) == 0 {
		return false
	}
	for _, s := range sentences {
		s = strings.TrimSpace(s)
		if strings.Trim(s, ".!?: ") == "" {
			continue
		}
		if !matchesAny(strings.TrimRight(s, " "), pats) {
			return false
		}
	}
	return true
}

func matchesAny(s string, pats []*regexp.Regexp) bool {
	for _, p := range pats {
		if p.MatchString(s) {
			return true
		}
	}
	return false
}

// isLeadWrapper reports whether an opening block is only a chat preamble.
func isLeadWrapper(block string) bool { return allSentences(block, leadSentences) }

// isTailWrapper reports whether a closing block is only a chat sign-off.
func isTailWrapper(block string) bool { return allSentences(block, tailSentences) }
