package compliance

import (
	"fmt"
	"strings"
)

// disclosureTag reports whether a folded hashtag (accents dropped: #publicité
// reads "publicite") discloses a paid relationship, and whether it is weak on
// its own, so that it only warns.
func disclosureTag(tag string) (known, weak bool) {
	switch tag {
	case "ad", "ads", "advert", "advertisement", "advertising", "sponsored", "paidpartnership",
		"paidpartner", "paidad", "sponsoredpost",
		"werbung", "anzeige", "bezahltepartnerschaft", // de
		"publicite", "sponsorise", "partenariat", "partenariatremunere", // fr
		"publicidad", "patrocinado", "patrocinio", // es
		"pubblicita", "adv", "sponsorizzato", // it
		"reclame", "gesponsord", "betaaldepartnerschap", // nl
		"publi", "publicidade", "parceriapaga": // pt
		return true, false
	case "gifted", "giftedby", "prgift", "pr", "collab", "ambassador", "brandambassador", "partner":
		return true, true
	}
	return false, false
}

// disclosurePhrases are the phrases that disclose in running text; the weak
// ones only warn. They use the rule syntax so that forms and accents match
// the same way as banned claims.
const disclosurePhrases = `paid partnership
sponsored by
in partnership with
bezahlte partnerschaft
unbezahlte werbung ; warn
partenariat remunere
colaboracion pagada
contenido patrocinado
collaborazione retribuita
betaalde samenwerking
parceria paga
gifted ; warn
in collaboration with ; warn
`

// labelWords disclose when they open the caption, as in "AD | My routine".
func labelWord(w string) bool {
	switch w {
	case "ad", "advert", "advertisement", "sponsored", "werbung", "anzeige", "publicite",
		"publicidad", "pubblicita", "reclame", "publicidade":
		return true
	}
	return false
}

type disclosure struct {
	span  Span
	text  string
	weak  bool
	after int // other hashtags right before it in the same run
}

func findDisclosures(caption string, toks []token) []disclosure {
	var ds []disclosure
	run := 0 // hashtags in the current run before this token
	for i, t := range toks {
		if t.hashtag {
			if known, weak := disclosureTag(t.text); known {
				ds = append(ds, disclosure{span: Span{t.start, t.end}, weak: weak, after: run})
			}
			run++
			continue
		}
		if i == 0 && labelWord(t.text) {
			ds = append(ds, disclosure{span: Span{t.start, t.end}})
		}
		run = 0
	}
	phrases, err := ParseRules("disclosure", "disclosure phrases", strings.NewReader(disclosurePhrases))
	if err != nil {
		panic(err) // a constant, tested
	}
	for i := range phrases {
		for _, h := range phrases[i].find(toks) {
			if toks[h[0]].hashtag {
				continue // counted above as a tag
			}
			ds = append(ds, disclosure{span: Span{toks[h[0]].start, toks[h[1]-1].end}, weak: phrases[i].Severity == Warn})
		}
	}
	for i := range ds {
		ds[i].text = caption[ds[i].span.Start:ds[i].span.End]
	}
	return ds
}

func checkDisclosure(caption string, toks []token, rules Rules) Result {
	fold, buried := rules.Fold, rules.BuriedAfter
	if fold <= 0 {
		fold = defaultFold
	}
	if buried <= 0 {
		buried = defaultBuriedAfter
	}
	res := Result{Check: CheckDisclosure}
	var visible, hidden, weak []disclosure
	for _, d := range findDisclosures(caption, toks) {
		switch {
		case d.weak:
			weak = append(weak, d)
		case runeCount(caption, d.span.Start) >= fold || d.after >= buried:
			hidden = append(hidden, d)
		default:
			visible = append(visible, d)
		}
	}
	switch {
	case len(visible) > 0:
		res.Status = Pass
		res.Reason = fmt.Sprintf("discloses with %q where readers see it", visible[0].text)
		res.Spans = spans(visible)
	case len(hidden) > 0:
		d := hidden[0]
		res.Status = Warn
		res.Spans = spans(hidden)
		if at := runeCount(caption, d.span.Start); at >= fold {
			res.Reason = fmt.Sprintf("%q starts at character %d, below the first %d that show before \"more\"; move it to the start",
				d.text, at+1, fold)
		} else {
			res.Reason = fmt.Sprintf("%q is buried after %d other hashtags; put it first", d.text, d.after)
		}
	case len(weak) > 0:
		res.Status = Warn
		res.Spans = spans(weak)
		res.Reason = fmt.Sprintf("%q alone may not disclose a paid partnership (gifts and collabs are ambiguous under some rules); add #ad if the creator is paid",
			weak[0].text)
	default:
		res.Status = Fail
		res.Reason = `no ad disclosure such as #ad, #sponsored or "paid partnership"`
	}
	return res
}

func spans(ds []disclosure) []Span {
	out := make([]Span, len(ds))
	for i, d := range ds {
		out[i] = d.span
	}
	return out
}
