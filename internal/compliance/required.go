package compliance

import (
	"fmt"
	"strings"
)

// checkRequired looks for the brief's hashtags (whole tags: #chorusfit is not
// found in #chorusfitness) and keywords (whole words, in order).
func checkRequired(caption string, toks []token, brief Brief) Result {
	res := Result{Check: CheckRequired}
	for _, h := range brief.RequiredHashtags {
		want := fold(strings.TrimLeft(strings.TrimSpace(h), "#＃"))
		if want == "" {
			continue
		}
		found := false
		for _, t := range toks {
			if t.hashtag && t.text == want {
				res.Spans = append(res.Spans, Span{t.start, t.end})
				found = true
			}
		}
		if !found {
			res.Missing = append(res.Missing, "#"+strings.TrimLeft(strings.TrimSpace(h), "#＃"))
		}
	}
	for _, k := range brief.RequiredKeywords {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		sps, ok := phraseSpans(toks, k)
		res.Spans = append(res.Spans, sps...)
		if !ok || len(sps) == 0 {
			res.Missing = append(res.Missing, k)
		}
	}
	switch {
	case len(res.Missing) > 0:
		res.Status = Fail
		res.Reason = "missing what the brief requires: " + strings.Join(res.Missing, ", ")
	case len(res.Spans) > 0:
		res.Reason = fmt.Sprintf("has all %d required hashtags and keywords", len(brief.RequiredHashtags)+len(brief.RequiredKeywords))
	default:
		res.Reason = "the brief requires no hashtags or keywords"
	}
	return res
}
