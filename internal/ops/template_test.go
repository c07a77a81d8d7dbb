package ops

import (
	"errors"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	v := Values{CreatorName: "Ana <b>&</b>", Handle: "@ana", Campaign: "Spring", Offer: "20% off", Link: "https://ch.rs/r/ab?x=1&y=2", Code: "ANA20"}
	tests := []struct {
		name     string
		tpl      Template
		subject  string
		text     string
		htmlBody string // between <body> and </body>
	}{
		{
			name:     "every field, spaces inside braces",
			tpl:      Template{Subject: "{{campaign}} x {{ handle }}", Body: "Hi {{creator_name}},\n{{offer}} with {{code}}: {{link}}"},
			subject:  "Spring x @ana",
			text:     "Hi Ana <b>&</b>,\n20% off with ANA20: https://ch.rs/r/ab?x=1&y=2",
			htmlBody: "<p>Hi Ana &lt;b&gt;&amp;&lt;/b&gt;,<br>\n20% off with ANA20: https://ch.rs/r/ab?x=1&amp;y=2</p>\n",
		},
		{
			name:     "paragraphs, template text escaped, single braces literal",
			tpl:      Template{Subject: "Hello", Body: "a < b {x}\n\n\n{{code}}"},
			subject:  "Hello",
			text:     "a < b {x}\n\n\nANA20",
			htmlBody: "<p>a &lt; b {x}</p>\n<p>ANA20</p>\n",
		},
		{
			name:    "line breaks in a value do not break the subject",
			tpl:     Template{Subject: "For {{creator_name}}", Body: "x"},
			subject: "For Ana <b>&</b>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vv := v
			if strings.HasPrefix(tt.name, "line breaks") {
				vv.CreatorName = "Ana\r\n<b>&</b>"
			}
			r, err := tt.tpl.Render(vv)
			if err != nil {
				t.Fatal(err)
			}
			if r.Subject != tt.subject {
				t.Errorf("subject %q, want %q", r.Subject, tt.subject)
			}
			if tt.text != "" && r.Text != tt.text {
				t.Errorf("text %q, want %q", r.Text, tt.text)
			}
			if tt.htmlBody != "" {
				want := "<!doctype html>\n<html><body>\n" + tt.htmlBody + "</body></html>\n"
				if r.HTML != want {
					t.Errorf("html %q, want %q", r.HTML, want)
				}
			}
		})
	}
}

func TestTemplateValidate(t *testing.T) {
	tests := []struct {
		name string
		tpl  Template
		want []string // "field: message" of each error
	}{
		{"valid", Template{Name: "intro", Subject: "Hi {{creator_name}}", Body: "{{link}}"}, nil},
		{"unknown in body on line 3", Template{Name: "x", Subject: "s", Body: "a\nb\nc {{first_name}} {{code}}"},
			[]string{"body: body line 3: unknown merge field {{first_name}}; known fields are creator_name, handle, campaign, offer, link, code"}},
		{"unknown in subject and unclosed in body", Template{Name: "x", Subject: "{{Campaign}}", Body: "hi {{link"},
			[]string{"subject: subject line 1: unknown merge field {{Campaign}}; known fields are creator_name, handle, campaign, offer, link, code",
				"body: body line 1: {{ is not closed by }}"}},
		{"missing parts", Template{Name: " ", Subject: "", Body: ""},
			[]string{"name: is required", "subject: is required", "body: is required"}},
		{"subject on two lines", Template{Name: "x", Subject: "a\nb", Body: "b"}, []string{"subject: must be one line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := tt.tpl.Validate()
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestRenderRefusesUnknownField(t *testing.T) {
	_, err := Template{Subject: "x", Body: "{{nope}}"}.Render(Values{})
	var me *MergeError
	if !errors.As(err, &me) || me.Field != "nope" {
		t.Fatalf("err %v, want a MergeError naming nope", err)
	}
}

func BenchmarkRender(b *testing.B) {
	tpl := Template{Subject: "{{campaign}} x {{handle}}", Body: strings.Repeat("Hi {{creator_name}}, here is {{link}} and {{code}}.\n\n", 20)}
	v := Values{CreatorName: "Ana", Handle: "@ana", Campaign: "Spring", Link: "https://x.test/r/1", Code: "ANA"}
	for b.Loop() {
		if _, err := tpl.Render(v); err != nil {
			b.Fatal(err)
		}
	}
}
