package compliance

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	rules := DefaultRules()
	brief := Brief{RequiredHashtags: []string{"#glowco"}, RequiredKeywords: []string{"vitamin C"}, DiscountCode: "MAYA10"}
	tests := []struct {
		name    string
		caption string
		want    Status
		checks  map[string]Status // per check, the worst
	}{
		{"good", "#ad My glow routine with the new vitamin C serum from @glowco ✨ Code MAYA10 for 10% off #glowco #skincare",
			Pass, map[string]Status{CheckDisclosure: Pass, CheckClaims: Pass, CheckRequired: Pass, CheckTracking: Pass}},
		{"german claims", "Werbung | Dieses Vitamin C Serum heals everything! Code MAYA10 #glowco",
			Fail, map[string]Status{CheckDisclosure: Pass, CheckClaims: Fail, CheckRequired: Pass, CheckTracking: Pass}},
		{"no disclosure", "Vitamin C glow, code maya10 #glowco",
			Fail, map[string]Status{CheckDisclosure: Fail, CheckClaims: Pass, CheckRequired: Pass, CheckTracking: Pass}},
		{"warnings only", "Vitamin C detox vibes, link in bio #glowco #selfcare #skin #ad",
			Warn, map[string]Status{CheckDisclosure: Warn, CheckClaims: Warn, CheckRequired: Pass, CheckTracking: Warn}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Check(brief, Draft{Caption: tt.caption}, rules)
			got := map[string]Status{}
			for _, r := range rep.Results {
				got[r.Check] = max(got[r.Check], r.Status)
				for _, sp := range r.Spans {
					if sp.Start < 0 || sp.End > len(tt.caption) || sp.Start >= sp.End {
						t.Errorf("span %v out of caption", sp)
					}
				}
			}
			if rep.Status != tt.want {
				t.Errorf("status %v, want %v: %+v", rep.Status, tt.want, rep.Results)
			}
			for c, s := range tt.checks {
				if got[c] != s {
					t.Errorf("%s: %v, want %v", c, got[c], s)
				}
			}
		})
	}
}

func TestReportJSON(t *testing.T) {
	rep := Report{Status: Warn, Results: []Result{{Check: CheckDisclosure, Status: Warn, Reason: "r", Spans: []Span{{1, 2}}}}}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"status":"warn","results":[{"check":"disclosure","status":"warn","reason":"r","spans":[{"start":1,"end":2}]}]}`
	if string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
}

func BenchmarkCheck(b *testing.B) {
	rules := DefaultRules()
	brief := Brief{RequiredHashtags: []string{"#glowco"}, RequiredKeywords: []string{"vitamin C"}, DiscountCode: "MAYA10",
		LinkURL: "https://chorus.link/maya", LinkSlug: "maya"}
	caption := strings.Repeat("My glow routine with the new vitamin C serum from @glowco ✨ no more dull skin! ", 5) +
		"Code MAYA10 for 10% off #ad #glowco #skincare #routine"
	for b.Loop() {
		Check(brief, Draft{Caption: caption}, rules)
	}
}

// FuzzCheck checks that any caption yields spans inside it, on character
// boundaries, and an overall status that is the worst of the results.
func FuzzCheck(f *testing.F) {
	rules := DefaultRules()
	brief := Brief{RequiredHashtags: []string{"#glowco"}, RequiredKeywords: []string{"vitamin C"}, DiscountCode: "MAYA10",
		LinkURL: "https://chorus.link/maya", LinkSlug: "maya"}
	for _, s := range []string{"#ad cures", "İstanbul #ＡＤ", "a\u0301#ad", "#", "@", "can’’t lose", "lose 1. lbs", "\xff#ad\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, caption string) {
		rep := Check(brief, Draft{Caption: caption}, rules)
		worst := Pass
		for _, r := range rep.Results {
			worst = max(worst, r.Status)
			for _, sp := range r.Spans {
				if sp.Start < 0 || sp.End > len(caption) || sp.Start >= sp.End {
					t.Fatalf("span %v outside %q", sp, caption)
				}
				s, e := sp.Runes(caption)
				if s > e {
					t.Fatalf("runes %d > %d", s, e)
				}
			}
		}
		if rep.Status != worst {
			t.Errorf("status %v, worst result %v", rep.Status, worst)
		}
	})
}
