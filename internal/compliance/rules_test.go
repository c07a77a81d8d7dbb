package compliance

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseRules(t *testing.T) {
	list := `# comment
cure~

clinically proven ; unless-cited
detox ; warn
lose {n} lbs|kg
`
	rules, err := ParseRules("health", "h.txt", strings.NewReader(list))
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		pattern   string
		line      int
		sev       Status
		cited     bool
		positions int
	}
	var g []got
	for _, r := range rules {
		g = append(g, got{r.Pattern, r.Line, r.Severity, r.UnlessCited, len(r.words)})
	}
	want := []got{
		{"cure~", 2, Fail, false, 1},
		{"clinically proven", 4, Fail, true, 2},
		{"detox", 5, Warn, false, 1},
		{"lose {n} lbs|kg", 6, Fail, false, 3},
	}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("got %+v\nwant %+v", g, want)
	}
	if rules[0].Category != "health" || rules[0].File != "h.txt" {
		t.Errorf("category, file = %q, %q", rules[0].Category, rules[0].File)
	}
}

func TestParseRulesErrors(t *testing.T) {
	tests := []struct {
		list string
		want []string // one per bad line, in order
	}{
		{"ok\n cure ; loud\n", []string{`f.txt:2: unknown option "loud" (want warn, fail or unless-cited)`}},
		{"!!!\n", []string{`f.txt:1: "!!!" has no word in it`}},
		{"; warn\n", []string{"f.txt:1: no words to match"}},
		{"lose {x} lbs\n", []string{`f.txt:1: "{x}": the only placeholder is {n}`}},
		{"cu~re\n", []string{`f.txt:1: "cu~re": '~' goes only at the end of a word`}},
		{"a||b\n", []string{`f.txt:1: "a||b": each of a|b and word~ must be a single word`}},
		{"#x\nfine\n% off\nbad|100%\n", []string{
			`f.txt:3: pattern "% off" starts with a sign; start with a word or {n}`,
			`f.txt:4: "bad|100%": each of a|b and word~ must be a single word`,
		}},
	}
	for _, tt := range tests {
		_, err := ParseRules("x", "f.txt", strings.NewReader(tt.list))
		if err == nil {
			t.Errorf("%q: no error", tt.list)
			continue
		}
		var got []string
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var pe *ParseError
			if !errors.As(e, &pe) {
				t.Errorf("%q: %v is not a *ParseError", tt.list, e)
			}
			got = append(got, e.Error())
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q:\n got %q\nwant %q", tt.list, got, tt.want)
		}
	}
}

func TestInflections(t *testing.T) {
	tests := []struct {
		word string
		want []string
	}{
		{"cure", []string{"cure", "cures", "cured", "curing"}},
		{"heal", []string{"heal", "heals", "healed", "healing"}},
		{"remedy", []string{"remedy", "remedies", "remedied", "remedying"}},
		{"slim", []string{"slim", "slims", "slimed", "sliming", "slimmed", "slimming"}},
		{"detox", []string{"detox", "detoxs", "detoxed", "detoxing", "detoxes"}},
		{"melt", []string{"melt", "melts", "melted", "melting"}},
	}
	for _, tt := range tests {
		if got := inflections(tt.word); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("inflections(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestRuleFind(t *testing.T) {
	tests := []struct {
		rule, text string
		want       []string
	}{
		{"cure~", "It CURED my skin, cures all, curing; not secure or curling", []string{"CURED", "cures", "curing"}},
		{"lose {n} lbs|kg", "lose 10 lbs, lose 4.5 kg, lose ten lbs", []string{"lose 10 lbs", "lose 4.5 kg"}},
		{"can't lose", "you CAN’T lose!", []string{"CAN’T lose"}},
		{"100 % results", "100% results, 100 % Results", []string{"100% results", "100 % Results"}},
		{"melt~ fat", "melting   fat #melt #fat", []string{"melting   fat", "#melt #fat"}},
		{"ad", "bad adverts", nil},
		{"risk free", "Risk-free!", []string{"Risk-free"}},
	}
	for _, tt := range tests {
		rules, err := ParseRules("x", "t", strings.NewReader(tt.rule))
		if err != nil {
			t.Fatal(err)
		}
		toks := tokenize(tt.text)
		var got []string
		for _, h := range rules[0].find(toks) {
			got = append(got, tt.text[toks[h[0]].start:toks[h[1]-1].end])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q in %q = %q, want %q", tt.rule, tt.text, got, tt.want)
		}
	}
}

// FuzzParseRules checks that any list either parses into rules that can be
// matched or fails with line-numbered errors, and never panics.
func FuzzParseRules(f *testing.F) {
	for _, c := range DefaultCategories() {
		text, err := DefaultListText(c)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(text)
	}
	for _, s := range []string{"", "~", "|", "{n}", "a|~", "{n} %", "x ; warn,,unless-cited", "é~\n\x00", "#\n;", "’~", "a\rb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		rules, err := ParseRules("fuzz", "f", strings.NewReader(list))
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var pe *ParseError
				if errors.As(e, &pe) && pe.Line < 1 {
					t.Errorf("error without a line: %v", e)
				}
			}
		}
		toks := tokenize(list)
		for i := range rules {
			if len(rules[i].words) == 0 {
				t.Fatalf("rule %q has no words", rules[i].Pattern)
			}
			for _, h := range rules[i].find(toks) {
				if h[0] >= h[1] || h[1] > len(toks) {
					t.Fatalf("bad hit %v", h)
				}
			}
		}
	})
}
