package compliance

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// A Rule is one line of a banned-claims list. The syntax, one rule a line:
//
//	# a comment; blank lines are ignored
//	cure~                        a word and its forms: cures, cured, curing
//	clinically proven ; unless-cited
//	lose {n} lbs|pounds|kg       {n} is any number; a|b is either word
//	detox~ ; warn                a warning, not a failure
//
// Words match whole words, ignoring case and common accents, across any
// spacing or punctuation (a hashtag's words included). Options follow a ';':
// "warn" (the default is fail) and "unless-cited" (allowed when the same line
// carries a link or a [1]-style citation marker).
type Rule struct {
	Category    string // "health", "finance", "beauty", "workspace"
	Pattern     string // as written, without options
	File        string
	Line        int
	Severity    Status // Fail or Warn
	UnlessCited bool
	words       []wordSet
}

// wordSet is what one position in a pattern accepts.
type wordSet struct {
	forms  []string // folded
	number bool
}

func (w wordSet) accepts(t token) bool {
	if w.number {
		r := []rune(t.text)
		return !t.symbol && unicode.IsDigit(r[0])
	}
	for _, f := range w.forms {
		if t.text == f {
			return true
		}
	}
	return false
}

// ParseError is a bad line in a rule list.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ParseRules reads a rule list. file names the list in errors; every bad line
// is reported, each as a *ParseError, joined.
func ParseRules(category, file string, r io.Reader) ([]Rule, error) {
	var rules []Rule
	var errs []error
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rule, err := parseRule(line)
		if err != nil {
			errs = append(errs, &ParseError{File: file, Line: n, Msg: err.Error()})
			continue
		}
		rule.Category, rule.File, rule.Line = category, file, n
		rules = append(rules, rule)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read %s: %w", file, err))
	}
	return rules, errors.Join(errs...)
}

func parseRule(line string) (Rule, error) {
	pattern, opts, _ := strings.Cut(line, ";")
	rule := Rule{Pattern: strings.TrimSpace(pattern), Severity: Fail}
	for o := range strings.SplitSeq(opts, ",") {
		switch o = strings.TrimSpace(o); o {
		case "":
		case "warn":
			rule.Severity = Warn
		case "fail":
			rule.Severity = Fail
		case "unless-cited":
			rule.UnlessCited = true
		default:
			return Rule{}, fmt.Errorf("unknown option %q (want warn, fail or unless-cited)", o)
		}
	}
	for chunk := range strings.FieldsSeq(rule.Pattern) {
		ws, err := parseChunk(chunk)
		if err != nil {
			return Rule{}, err
		}
		rule.words = append(rule.words, ws...)
	}
	if len(rule.words) == 0 {
		return Rule{}, errors.New("no words to match")
	}
	if w := rule.words[0]; !w.number && len(w.forms) == 1 && strings.ContainsRune(symbols, []rune(w.forms[0])[0]) {
		return Rule{}, fmt.Errorf("pattern %q starts with a sign; start with a word or {n}", rule.Pattern)
	}
	return rule, nil
}

// parseChunk turns one space-separated piece of a pattern into the positions
// it matches: "{n}", "word~", "a|b|c", or literal text such as "100%".
func parseChunk(chunk string) ([]wordSet, error) {
	if chunk == "{n}" {
		return []wordSet{{number: true}}, nil
	}
	if strings.ContainsAny(chunk, "{}") {
		return nil, fmt.Errorf("%q: the only placeholder is {n}", chunk)
	}
	if !strings.ContainsAny(chunk, "|~") {
		toks := tokenize(chunk)
		if len(toks) == 0 {
			return nil, fmt.Errorf("%q has no word in it", chunk)
		}
		ws := make([]wordSet, len(toks))
		for i, t := range toks {
			ws[i] = wordSet{forms: []string{t.text}}
		}
		return ws, nil
	}
	var ws wordSet
	for alt := range strings.SplitSeq(chunk, "|") {
		body, inflect := strings.CutSuffix(alt, "~")
		if strings.Contains(body, "~") {
			return nil, fmt.Errorf("%q: '~' goes only at the end of a word", chunk)
		}
		toks := tokenize(body)
		if len(toks) != 1 || toks[0].symbol || toks[0].hashtag || toks[0].mention {
			return nil, fmt.Errorf("%q: each of a|b and word~ must be a single word", chunk)
		}
		if inflect {
			ws.forms = append(ws.forms, inflections(toks[0].text)...)
		} else {
			ws.forms = append(ws.forms, toks[0].text)
		}
	}
	return []wordSet{ws}, nil
}

// inflections returns w with its common English endings: enough for
// cure/cures/cured/curing, heal/healed, slim/slimming, remedy/remedies. It
// is deliberately light; a list can spell out irregular forms with a|b.
func inflections(w string) []string {
	forms := []string{w}
	r := []rune(w)
	n := len(r)
	isVowel := func(c rune) bool { return strings.ContainsRune("aeiou", c) }
	switch {
	case n >= 2 && r[n-1] == 'e':
		forms = append(forms, w+"s", w+"d", string(r[:n-1])+"ing")
	case n >= 2 && r[n-1] == 'y' && !isVowel(r[n-2]):
		stem := string(r[:n-1])
		forms = append(forms, stem+"ies", stem+"ied", w+"ing")
	default:
		forms = append(forms, w+"s", w+"ed", w+"ing")
		if strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") ||
			strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh") {
			forms = append(forms, w+"es")
		}
		// One syllable ending consonant-vowel-consonant doubles: slim, slimmed.
		if n >= 3 && !isVowel(r[n-1]) && !strings.ContainsRune("wxy", r[n-1]) &&
			isVowel(r[n-2]) && !isVowel(r[n-3]) && vowelGroups(r) == 1 {
			d := w + string(r[n-1])
			forms = append(forms, d+"ed", d+"ing")
		}
	}
	return forms
}

func vowelGroups(r []rune) int {
	groups, in := 0, false
	for _, c := range r {
		v := strings.ContainsRune("aeiouy", c)
		if v && !in {
			groups++
		}
		in = v
	}
	return groups
}

// matchAt reports whether the rule matches the tokens starting at i, and
// where the match ends (exclusive token index).
func (rule *Rule) matchAt(toks []token, i int) (int, bool) {
	if i+len(rule.words) > len(toks) {
		return 0, false
	}
	for k, w := range rule.words {
		if !w.accepts(toks[i+k]) {
			return 0, false
		}
	}
	return i + len(rule.words), true
}

// find returns the token ranges the rule matches, without overlaps.
func (rule *Rule) find(toks []token) [][2]int {
	var hits [][2]int
	for i := 0; i < len(toks); i++ {
		if j, ok := rule.matchAt(toks, i); ok {
			hits = append(hits, [2]int{i, j})
			i = j - 1
		}
	}
	return hits
}

// phraseSpans returns where a plain phrase occurs as whole words. Rule
// syntax in the phrase is taken literally. ok is false when the phrase has
// no word to match, such as "!!!".
func phraseSpans(toks []token, phrase string) (sps []Span, ok bool) {
	rule, err := parseRule(strings.NewReplacer("|", " ", "~", " ", ";", " ", "{", " ", "}", " ").Replace(phrase))
	if err != nil {
		return nil, false
	}
	for _, h := range rule.find(toks) {
		sps = append(sps, Span{toks[h[0]].start, toks[h[1]-1].end})
	}
	return sps, true
}
