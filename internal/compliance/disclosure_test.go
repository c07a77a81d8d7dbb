package compliance

import (
	"reflect"
	"strings"
	"testing"
)

func TestCheckDisclosure(t *testing.T) {
	long := strings.Repeat("é", 130) // 130 runes, 260 bytes
	short := strings.Repeat("é", 120)
	tests := []struct {
		name    string
		caption string
		rules   Rules
		status  Status
		spans   []Span
		reason  string // a part of the reason
	}{
		{"en tag first", "#ad Loving my new @glowco serum ✨", Rules{}, Pass, []Span{{0, 3}}, `"#ad"`},
		{"label word", "AD | My morning routine with @glowco", Rules{}, Pass, []Span{{0, 2}}, `"AD"`},
		// "Meine Morgenroutine " is 20 bytes, "🌞" 4, then a space: '#' at 25.
		{"de", "Meine Morgenroutine 🌞 #Werbung", Rules{}, Pass, []Span{{25, 33}}, "Werbung"},
		// "Mon rituel du soir " is 19 bytes; "#publicité" is 11 bytes (é is 2).
		{"fr accent", "Mon rituel du soir #publicité", Rules{}, Pass, []Span{{19, 30}}, ""},
		{"fr no accent", "Mon rituel #PUBLICITE", Rules{}, Pass, []Span{{11, 21}}, ""},
		{"es", "Mi rutina de noche #publicidad", Rules{}, Pass, []Span{{19, 30}}, ""},
		{"it", "La mia routine #adv", Rules{}, Pass, []Span{{15, 19}}, ""},
		{"nl", "Mijn favoriet #reclame", Rules{}, Pass, []Span{{14, 22}}, ""},
		{"pt", "Minha rotina #publi", Rules{}, Pass, []Span{{13, 19}}, ""},
		{"phrase", "Paid partnership with @glowco", Rules{}, Pass, []Span{{0, 16}}, ""},
		{"sponsored by", "This video is sponsored by Glow", Rules{}, Pass, []Span{{14, 26}}, ""},
		{"adventure is not ad", "#adventure time in the alps, ad-free and not bad", Rules{}, Fail, nil, "no ad disclosure"},
		{"empty", "", Rules{}, Fail, nil, "no ad disclosure"},
		// '#' is the 131st rune (0-based 130 é then a space: index 131), character 132.
		{"below fold", long + " #ad", Rules{}, Warn, []Span{{261, 264}}, "character 132, below the first 125"},
		// 120 runes then a space: '#' is rune 121 < 125, though byte 241.
		{"fold counts characters", short + " #ad", Rules{}, Pass, []Span{{241, 244}}, ""},
		{"fold parameter", "Hello world #ad", Rules{Fold: 10}, Warn, []Span{{12, 15}}, "below the first 10"},
		// "Beach day with friends " is 23 bytes; #summer 23..30, #beach 31..37, #sun 38..42, #ad 43..46.
		{"buried", "Beach day with friends #summer #beach #sun #ad", Rules{}, Warn, []Span{{43, 46}}, "buried after 3 other hashtags"},
		{"two before is fine", "Beach day #beach #sun #ad", Rules{}, Pass, []Span{{22, 25}}, ""},
		{"buried parameter", "Beach day #beach #sun #ad", Rules{BuriedAfter: 2}, Warn, []Span{{22, 25}}, "after 2 other"},
		{"words break the run", "#summer #beach #sun with #ad", Rules{}, Pass, []Span{{25, 28}}, ""},
		{"gifted", "#gifted by @glowco, thank you!", Rules{}, Warn, []Span{{0, 7}}, "may not disclose a paid partnership"},
		{"gifted word", "This serum was gifted to me", Rules{}, Warn, []Span{{15, 21}}, `"gifted"`},
		{"collab", "Our #collab drop is here", Rules{}, Warn, []Span{{4, 11}}, `"#collab"`},
		{"gifted and ad", "#ad #gifted", Rules{}, Pass, []Span{{0, 3}}, ""},
		{"buried beats weak", "#gifted great stuff #a #b #c #ad", Rules{}, Warn, []Span{{29, 32}}, "buried"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := checkDisclosure(tt.caption, tokenize(tt.caption), tt.rules)
			if r.Status != tt.status || !reflect.DeepEqual(r.Spans, tt.spans) || !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("got %v %v %q\nwant %v %v ...%q...", r.Status, r.Spans, r.Reason, tt.status, tt.spans, tt.reason)
			}
		})
	}
}
