package ops

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/chorushq/chorus/internal/campaigns"
)

// MergeFields are the names a message template may use, as {{name}}.
var MergeFields = []string{"creator_name", "handle", "campaign", "offer", "link", "code"}

// Values are what the merge fields stand for in one message.
type Values struct {
	CreatorName string
	Handle      string
	Campaign    string
	Offer       string
	Link        string
	Code        string
}

func (v Values) get(field string) string {
	switch field {
	case "creator_name":
		return v.CreatorName
	case "handle":
		return v.Handle
	case "campaign":
		return v.Campaign
	case "offer":
		return v.Offer
	case "link":
		return v.Link
	case "code":
		return v.Code
	}
	return ""
}

// Template is a reusable outreach message.
type Template struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Subject   string `json:"subject"`
	Body      string `json:"body"`
	CreatedAt int64  `json:"-"`
}

// MergeError is a bad merge field in a template.
type MergeError struct {
	Part  string // "subject" or "body"
	Line  int
	Field string // the unknown name; empty when the braces are not closed
}

func (e *MergeError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s line %d: {{ is not closed by }}", e.Part, e.Line)
	}
	return fmt.Sprintf("%s line %d: unknown merge field {{%s}}; known fields are %s", e.Part, e.Line, e.Field, strings.Join(MergeFields, ", "))
}

// piece is literal text, or a merge field when field is set.
type piece struct {
	text, field string
}

// parse splits s into literal text and merge fields, reporting every unknown
// field. Single braces are literal, so "{x}" in a message stays as written.
func parse(part, s string) ([]piece, []error) {
	var out []piece
	var errs []error
	line := 1
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			out = append(out, piece{text: s})
			return out, errs
		}
		out = append(out, piece{text: s[:i]})
		line += strings.Count(s[:i], "\n")
		rest := s[i+2:]
		j := strings.Index(rest, "}}")
		if j < 0 || strings.Contains(rest[:j], "{{") {
			errs = append(errs, &MergeError{Part: part, Line: line})
			out = append(out, piece{text: s[i:]})
			return out, errs
		}
		name := strings.TrimSpace(rest[:j])
		if !slices.Contains(MergeFields, name) {
			errs = append(errs, &MergeError{Part: part, Line: line, Field: name})
		}
		out = append(out, piece{field: name})
		line += strings.Count(rest[:j], "\n")
		s = rest[j+2:]
	}
}

// Validate checks the template's name, subject and body, naming every
// unknown merge field.
func (t *Template) Validate() []campaigns.FieldError {
	var errs []campaigns.FieldError
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		errs = append(errs, campaigns.FieldError{Field: "name", Msg: "is required"})
	}
	if strings.TrimSpace(t.Subject) == "" {
		errs = append(errs, campaigns.FieldError{Field: "subject", Msg: "is required"})
	}
	if strings.ContainsAny(t.Subject, "\r\n") {
		errs = append(errs, campaigns.FieldError{Field: "subject", Msg: "must be one line"})
	}
	if strings.TrimSpace(t.Body) == "" {
		errs = append(errs, campaigns.FieldError{Field: "body", Msg: "is required"})
	}
	for _, p := range []struct{ field, s string }{{"subject", t.Subject}, {"body", t.Body}} {
		_, es := parse(p.field, p.s)
		for _, e := range es {
			errs = append(errs, campaigns.FieldError{Field: p.field, Msg: e.Error()})
		}
	}
	return errs
}

// Rendered is a message ready to send: a subject, a plain-text body and
// the same body as HTML.
type Rendered struct {
	Subject string
	Text    string
	HTML    string
}

// Render fills the merge fields. The text part carries the values as they
// are; the HTML part escapes the template's text and every value, so a
// creator named "<b>Al</b>" cannot change the markup. Render fails on a
// template that does not validate.
func (t Template) Render(v Values) (Rendered, error) {
	subj, errs := parse("subject", t.Subject)
	body, berrs := parse("body", t.Body)
	if errs = append(errs, berrs...); len(errs) > 0 {
		return Rendered{}, errs[0]
	}
	var r Rendered
	var s strings.Builder
	for _, p := range subj {
		s.WriteString(p.text)
		s.WriteString(v.get(p.field))
	}
	// A value with a line break would otherwise end the Subject header.
	r.Subject = strings.Join(strings.Fields(s.String()), " ")
	var text, h strings.Builder
	for _, p := range body {
		text.WriteString(p.text)
		text.WriteString(v.get(p.field))
		h.WriteString(html.EscapeString(p.text))
		h.WriteString(html.EscapeString(v.get(p.field)))
	}
	r.Text = text.String()
	r.HTML = textHTML(h.String())
	return r, nil
}

// textHTML wraps escaped text in paragraphs: a blank line starts a new one,
// a single line break is a <br>.
func textHTML(escaped string) string {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html><body>\n")
	for _, para := range strings.Split(strings.ReplaceAll(escaped, "\r\n", "\n"), "\n\n") {
		para = strings.Trim(para, "\n")
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(para, "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}
