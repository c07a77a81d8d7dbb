package attribution

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestReadJourneysAndCut(t *testing.T) {
	in := `{"id":"v1","touches":[{"channel":"@maya","at":"2026-05-01T10:00:00Z"},{"channel":"@leo","at":"2026-05-01T09:00:00Z"},{"channel":"@ana","at":"2026-05-03T00:00:00Z"},{"channel":"@maya","at":"2026-05-04T00:00:00Z"}],
  "conversions":[{"at":"2026-05-03T00:00:00Z","value":5},{"at":"2026-05-01T12:00:00Z","value":42.5}]}

{"id":"v2","touches":[{"channel":"@leo","at":"2026-05-02T00:00:00Z"}],"conversions":[{"at":"2026-05-01T00:00:00Z","value":7}]}
{"id":"v3","conversions":[{"at":"2026-05-01T00:00:00Z"}]}
`
	// The JSON above must be one journey a line.
	in = strings.Replace(in, ",\n  \"conversions\"", ",\"conversions\"", 1)
	js, err := ReadJourneys(strings.NewReader(in), "j.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(js) != 3 || js[0].ID != "v1" || len(js[0].Touches) != 4 || js[2].Conversions[0].Value != 0 {
		t.Fatalf("read %+v", js)
	}
	paths, un := JourneyPaths(js)
	// v1, sorted: @leo 09:00, @maya 10:00, conv 12:00 (42.5), @ana 3rd 00:00,
	// conv 3rd 00:00 (5, the touch at the same instant counts), @maya 4th: null.
	// v2: the conversion precedes the only touch: unattributed 7; @leo: null.
	// v3: no touches: unattributed 0.
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	want := []Path{
		{Touches: []Touch{{"@leo", at("2026-05-01T09:00:00Z")}, {"@maya", at("2026-05-01T10:00:00Z")}}, ConvertedAt: at("2026-05-01T12:00:00Z"), Conversions: 1, Value: 42.5},
		{Touches: []Touch{{"@ana", at("2026-05-03T00:00:00Z")}}, ConvertedAt: at("2026-05-03T00:00:00Z"), Conversions: 1, Value: 5},
		{Touches: []Touch{{"@maya", at("2026-05-04T00:00:00Z")}}, Nulls: 1},
		{Touches: []Touch{{"@leo", at("2026-05-02T00:00:00Z")}}, Nulls: 1},
	}
	if len(paths) != len(want) {
		t.Fatalf("got %d paths %+v, want %d", len(paths), paths, len(want))
	}
	for i := range want {
		g, w := paths[i], want[i]
		same := len(g.Touches) == len(w.Touches) && g.ConvertedAt.Equal(w.ConvertedAt) &&
			g.Conversions == w.Conversions && g.Value == w.Value && g.Nulls == w.Nulls
		for j := 0; same && j < len(w.Touches); j++ {
			same = g.Touches[j].Channel == w.Touches[j].Channel && g.Touches[j].At.Equal(w.Touches[j].At)
		}
		if !same {
			t.Errorf("path %d: got %+v, want %+v", i, g, w)
		}
	}
	if un.Conversions != 2 || un.Value != 7 {
		t.Errorf("unattributed %+v, want 2 conversions, 7 value", un)
	}
}

func TestReadJourneysErrors(t *testing.T) {
	ok := `{"id":"v1","touches":[{"channel":"a","at":"2026-05-01T10:00:00Z"}]}` + "\n"
	tests := []struct {
		name, line string
		field      string
		msg        string
	}{
		{"bad time", `{"touches":[{"channel":"a","at":"2026-05-01T10:00:00Z"},{"channel":"b","at":"yesterday"}]}`, "touches[1].at", `"yesterday"`},
		{"missing time", `{"conversions":[{"value":3}]}`, "conversions[0].at", "missing"},
		{"empty channel", `{"touches":[{"channel":" ","at":"2026-05-01T10:00:00Z"}]}`, "touches[0].channel", "empty"},
		{"negative value", `{"conversions":[{"at":"2026-05-01T10:00:00Z","value":-1}]}`, "conversions[0].value", "non-negative"},
		{"value of wrong type", `{"conversions":[{"at":"2026-05-01T10:00:00Z","value":"12"}]}`, "conversions.value", "string"},
		{"unknown field", `{"id":"v","touch":[]}`, "", `unknown field "touch"`},
		{"broken JSON", `{"id":"v",`, "", "unexpected EOF"},
		{"two values", `{"id":"v"} {"id":"w"}`, "", "more than one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadJourneys(strings.NewReader(ok+"\n"+tt.line+"\n"), "j.jsonl")
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an InputError", err)
			}
			if ie.File != "j.jsonl" || ie.Line != 3 || ie.Field != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q (line %d, field %q), want line 3, field %q, containing %q", err, ie.Line, ie.Field, tt.field, tt.msg)
			}
		})
	}
}
