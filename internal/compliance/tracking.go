package compliance

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// checkTracking looks for the collaboration's tracked link, its slug or its
// discount code. Instagram captions cannot hold a working link, so "link in
// bio" with neither code nor link only warns: the reviewer checks the bio.
func checkTracking(caption string, toks []token, brief Brief) Result {
	res := Result{Check: CheckTracking}
	lower := asciiLower(caption)
	var what []string
	if u := trimScheme(asciiLower(strings.TrimSpace(brief.LinkURL))); u != "" {
		what = append(what, "link "+brief.LinkURL)
		res.Spans = append(res.Spans, findBounded(lower, u, '/')...)
	}
	if s := strings.Trim(asciiLower(strings.TrimSpace(brief.LinkSlug)), "/"); s != "" {
		what = append(what, "link /"+brief.LinkSlug)
		for _, sp := range findBounded(lower, s, 0) {
			if sp.Start > 0 && caption[sp.Start-1] == '/' && !covered(res.Spans, sp) {
				res.Spans = append(res.Spans, sp)
			}
		}
	}
	if c := asciiLower(strings.TrimSpace(brief.DiscountCode)); c != "" {
		what = append(what, "code "+brief.DiscountCode)
		res.Spans = append(res.Spans, findBounded(lower, c, 0)...)
	}
	switch {
	case len(what) == 0:
		res.Reason = "the collaboration has no tracked link or code to show"
	case len(res.Spans) > 0:
		res.Reason = fmt.Sprintf("shows %q", caption[res.Spans[0].Start:res.Spans[0].End])
	default:
		bio, _ := phraseSpans(toks, "link in bio")
		if bio != nil {
			res.Status = Warn
			res.Spans = bio
			res.Reason = "points to the link in bio but shows no " + strings.Join(what, " or ") + "; check the bio"
		} else {
			res.Status = Fail
			res.Reason = "shows no " + strings.Join(what, " or ")
		}
	}
	return res
}

func trimScheme(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	return strings.TrimSuffix(strings.TrimPrefix(u, "www."), "/")
}

// findBounded returns where needle occurs in haystack as a whole: not inside a
// longer word, so code MAYA10 is not found in MAYA100. A following allowed
// byte (such as '/' after a URL) does not break the bound.
func findBounded(haystack, needle string, allowed byte) []Span {
	var out []Span
	for from := 0; ; {
		i := strings.Index(haystack[from:], needle)
		if i < 0 {
			return out
		}
		start, end := from+i, from+i+len(needle)
		from = start + 1
		before, _ := utf8.DecodeLastRuneInString(haystack[:start])
		after, _ := utf8.DecodeRuneInString(haystack[end:])
		if start > 0 && isWordRune(before) && isWordRune(rune(needle[0])) {
			continue
		}
		if end < len(haystack) && (isWordRune(after) || after == '-' || after == '/' && allowed != '/') {
			continue
		}
		out = append(out, Span{start, end})
	}
}

func covered(sps []Span, sp Span) bool {
	for _, s := range sps {
		if s.Start <= sp.Start && sp.End <= s.End {
			return true
		}
	}
	return false
}
