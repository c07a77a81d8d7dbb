package fit

import (
	"strings"
	"testing"
)

func TestAudienceFit(t *testing.T) {
	aud := Audience{
		Countries: Shares{"US": 0.4, "GB": 0.2, "DE": 0.3},
		Ages:      Shares{"18-24": 0.5, "25-34": 0.3, "35-44": 0.2},
		Genders:   Shares{"female": 0.8, "male": 0.2},
	}
	target := Audience{
		Countries: Shares{"US": 0.6, "GB": 0.4},
		Ages:      Shares{"25-34": 0.7, "35-44": 0.3},
		Genders:   Shares{"female": 1},
	}
	// country: min(.4,.6) + min(.2,.4) = 0.6
	// age:     min(.3,.7) + min(.2,.3) = 0.5
	// gender:  min(.8, 1)              = 0.8
	// 0.5 x 0.6 + 0.3 x 0.5 + 0.2 x 0.8 = 0.30 + 0.15 + 0.16 = 0.61
	m, ok, err := AudienceFit(aud, target, DefaultAudienceWeights())
	if err != nil || !ok || !near(m.Score, 0.61) {
		t.Fatalf("got %g %v %v, want 0.61", m.Score, ok, err)
	}
	if ev := m.Evidence(); ev[0] != "country overlap 60%: US 40% of audience vs 60% target, GB 20% of audience vs 40% target" {
		t.Errorf("evidence %q", ev[0])
	}

	// No gender target: weights 0.5 and 0.3 renormalise to 0.625 and
	// 0.375: 0.625 x 0.6 + 0.375 x 0.5 = 0.375 + 0.1875 = 0.5625.
	target.Genders = nil
	m, ok, err = AudienceFit(aud, target, DefaultAudienceWeights())
	if err != nil || !ok || !near(m.Score, 0.5625) || m.Dimensions[2].Used {
		t.Errorf("no gender target: %+v %v %v, want 0.5625", m, ok, err)
	}

	if _, ok, _ := AudienceFit(Audience{}, target, DefaultAudienceWeights()); ok {
		t.Error("unknown audience: ok")
	}
	bad := Audience{Countries: Shares{"US": 0.7, "GB": 0.5}}
	if _, _, err := AudienceFit(bad, target, DefaultAudienceWeights()); err == nil || !strings.Contains(err.Error(), "audience country: shares sum to 1.2") {
		t.Errorf("shares over 1: %v", err)
	}
	if _, _, err := AudienceFit(aud, target, AudienceWeights{Country: -1}); err == nil {
		t.Error("negative weight accepted")
	}
}

func TestContentClarity(t *testing.T) {
	captions := []string{
		// lead (5 words, 3 content), how-to, numbers: 0.30+0.20+0.15 = 0.65
		"3 steps to glass skin. Here is my routine",
		// filler lead, question: 0.10
		"Hey guys so today was a lot. Who else is tired?",
		// lead, before/after, pros/cons: 0.30+0.10+0.15 = 0.55
		"Before and after a month of retinol. Honest review: the downside is dryness",
		"   ", // skipped
	}
	// mean over 3 captions: (0.65 + 0.10 + 0.55)/3 = 1.30/3
	c, ok := ContentClarity(captions)
	if !ok || c.Captions != 3 || !near(c.Score, 1.30/3) {
		t.Errorf("got %+v, want 3 captions, score 0.4333", c)
	}
	want := map[Signal]int{LeadsWithPoint: 2, HowTo: 1, ProsCons: 1, Numbers: 1, BeforeAfter: 1, Question: 1}
	for _, s := range c.Signals {
		if s.Captions != want[s.Signal] {
			t.Errorf("%s in %d captions, want %d", s.Signal, s.Captions, want[s.Signal])
		}
	}
	if ev := c.Evidence(); len(ev) != 6 || ev[0] != "leads with the point in 2 of 3 captions" {
		t.Errorf("evidence %q", ev)
	}
	if _, ok := ContentClarity(nil); ok {
		t.Error("no captions: ok")
	}
}
