package compliance

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

//go:embed rules/*.txt
var defaultLists embed.FS

// DefaultCategories returns the names of the banned-claims lists that ship
// with Chorus.
func DefaultCategories() []string { return []string{"health", "finance", "beauty"} }

// DefaultRules returns the rules with the shipped banned-claims lists of the
// given categories, all of them when none is given. The lists are embedded
// and a test parses them, so a parse error here is a bug and panics.
func DefaultRules(categories ...string) Rules {
	if len(categories) == 0 {
		categories = DefaultCategories()
	}
	var rules Rules
	for _, c := range categories {
		rs, err := DefaultList(c)
		if err != nil {
			panic(err)
		}
		rules.Claims = append(rules.Claims, rs...)
	}
	return rules
}

// DefaultList parses one shipped list, "health" for rules/health.txt. An
// editor can start a workspace's own list from its text (see DefaultListText).
func DefaultList(category string) ([]Rule, error) {
	f, err := defaultLists.Open(path.Join("rules", category+".txt"))
	if err != nil {
		return nil, fmt.Errorf("default claims list %q: %w", category, err)
	}
	defer f.Close()
	return ParseRules(category, category+".txt", f)
}

// DefaultListText returns the text of one shipped list.
func DefaultListText(category string) (string, error) {
	b, err := fs.ReadFile(defaultLists, path.Join("rules", category+".txt"))
	if err != nil {
		return "", fmt.Errorf("default claims list %q: %w", category, err)
	}
	return string(b), nil
}

// citation is a link or a numbered reference marker such as [1] or [12].
var citation = regexp.MustCompile(`(?i)https?://|www\.|doi:|\[\d+\]`)

// cited reports whether the line of caption holding span carries a citation.
func cited(caption string, sp Span) bool {
	start := strings.LastIndexByte(caption[:sp.Start], '\n') + 1
	end := strings.IndexByte(caption[sp.End:], '\n')
	if end < 0 {
		end = len(caption)
	} else {
		end += sp.End
	}
	return citation.MatchString(caption[start:end])
}

func checkClaims(caption string, toks []token, rules []Rule) []Result {
	var rs []Result
	for i := range rules {
		rule := &rules[i]
		for _, h := range rule.find(toks) {
			sp := Span{toks[h[0]].start, toks[h[1]-1].end}
			if rule.UnlessCited && cited(caption, sp) {
				continue
			}
			reason := fmt.Sprintf("%q is a banned %s claim (rule %q, %s:%d)",
				caption[sp.Start:sp.End], rule.Category, rule.Pattern, rule.File, rule.Line)
			if rule.UnlessCited {
				reason = fmt.Sprintf("%q is a %s claim that needs a source on the same line, a link or a [1] marker (rule %s:%d)",
					caption[sp.Start:sp.End], rule.Category, rule.File, rule.Line)
			}
			r := Result{Check: CheckClaims, Status: rule.Severity, Reason: reason, Spans: []Span{sp}}
			// Lists overlap (guaranteed returns, guarantee~ returns): one
			// result per span, the worst.
			if k := slices.IndexFunc(rs, func(o Result) bool { return o.Spans[0] == sp }); k >= 0 {
				if r.Status > rs[k].Status {
					rs[k] = r
				}
				continue
			}
			rs = append(rs, r)
		}
	}
	if len(rs) > 0 {
		slices.SortStableFunc(rs, func(a, b Result) int { return a.Spans[0].Start - b.Spans[0].Start })
		return rs
	}
	reason := "no banned claims found"
	if len(rules) == 0 {
		reason = "no banned-claims list applies"
	}
	return []Result{{Check: CheckClaims, Status: Pass, Reason: reason}}
}
