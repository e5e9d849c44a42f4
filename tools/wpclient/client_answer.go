package wpclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"unicode"

	"github.com/go-resty/resty/v2"
)

// What igny8 repeats of a site's answer. A site URL is user input: the
// address may be anything that speaks HTTP, and whatever igny8 copies into an
// error ends up in job errors, publish errors and sites.last_check_result,
// which every member of the workspace reads. So igny8 never echoes a body:
// it describes an answer by status, content type and size, and keeps only
// the code and message of an answer shaped like a WordPress REST error,
// validated and cut.

// maxMessageRunes bounds a WordPress error message repeated in an error.
const maxMessageRunes = 200

// wpErrorCode is the shape of a WordPress REST error code (rest_forbidden,
// igny8_bad_signature).
var wpErrorCode = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

var tagRe = regexp.MustCompile(`<[^>]*>`)

// AnswerError is a 2xx answer that is not the JSON the route returns: the
// address answers, but not as a WordPress REST API does.
type AnswerError struct {
	Method, Route string
	Status        int
	ContentType   string
	Size          int
	// Why says where decoding failed, in igny8's words (no answer text).
	Why string
}

func (e *AnswerError) Error() string {
	msg := fmt.Sprintf("wordpress %s %s: the site answered %s, not the JSON a WordPress REST API returns", e.Method, e.Route, DescribeAnswer(e.Status, e.ContentType, e.Size))
	if e.Why != "" {
		msg += " (" + e.Why + ")"
	}
	return msg
}

// decodeFailure describes a JSON decoding error without the answer's text:
// the position of a syntax error, or the field and the JSON kind found.
func decodeFailure(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("not valid JSON at byte %d", se.Offset)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the answer"
		}
		return fmt.Sprintf("%s is a JSON %s where igny8 expects %s", field, te.Value, te.Type)
	}
	return "not the expected JSON"
}

// DescribeAnswer says what an answer was without repeating it.
func DescribeAnswer(status int, contentType string, size int) string {
	ct := contentType
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("HTTP %d with %s (%d bytes)", status, ct, size)
}

// answerType is the answer's media type alone (no parameters), or "" when
// it is missing or malformed.
func answerType(r *resty.Response) string {
	mt, _, err := mime.ParseMediaType(r.Header().Get("Content-Type"))
	if err != nil || len(mt) > 80 {
		return ""
	}
	return mt
}

// apiErrorOf builds the error of a non-2xx answer from what can be trusted
// of it: the status, and the code and message of a WordPress-shaped error.
func apiErrorOf(cl Call, resp *resty.Response) *APIError {
	ae := &APIError{Method: cl.Method, Route: cl.Route, Status: resp.StatusCode()}
	var body struct {
		Code    any `json:"code"`
		Message any `json:"message"`
	}
	if json.Unmarshal(resp.Body(), &body) == nil {
		code, _ := body.Code.(string)
		msg, _ := body.Message.(string)
		if wpErrorCode.MatchString(code) {
			ae.Code, ae.Message = code, CleanText(msg, maxMessageRunes)
		}
	}
	if ae.Code == "" {
		ae.Foreign = DescribeAnswer(resp.StatusCode(), answerType(resp), len(resp.Body()))
	}
	if cl.Auth == "basic" && resp.StatusCode() == http.StatusUnauthorized {
		// WordPress 6.1 answers a wrong application password and a stripped
		// Authorization header alike; the connection check tells them apart.
		ae.Hint = HintUnauthorized
	}
	return ae
}

// CleanText makes s one line of plain text of at most n runes: tags and
// control characters dropped, whitespace collapsed, cut at a word boundary.
func CleanText(s string, n int) string {
	s = tagRe.ReplaceAllString(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		cut := string(r[:n])
		if i := strings.LastIndexByte(cut, ' '); i > n/2 {
			cut = cut[:i]
		}
		s = cut + "…"
	}
	return s
}
