package mail

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/mail/mailtest"
)

func TestSendCapturedByLoopbackServer(t *testing.T) {
	srv := mailtest.Start(t)
	srv.User, srv.Password = "chorus", "s3cret"
	s, err := New(Config{Addr: srv.Addr, User: "chorus", Password: "s3cret", From: "Acme Team <team@acme.test>"})
	if err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC) }
	id, err := s.Send(context.Background(), Message{
		To: "Ana Lima <ana@creator.test>", Subject: "Spring x @ana — café",
		Text: "Hi Ana,\n\nCode ANA20.", HTML: "<p>Hi Ana,</p>\n<p>Code ANA20.</p>",
	})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if got.From != "team@acme.test" || len(got.To) != 1 || got.To[0] != "ana@creator.test" || got.User != "chorus" {
		t.Fatalf("envelope from %q to %v user %q", got.From, got.To, got.User)
	}
	m, err := mail.ReadMessage(strings.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subj, _ := dec.DecodeHeader(m.Header.Get("Subject"))
	for k, want := range map[string]string{
		"From":       `"Acme Team" <team@acme.test>`,
		"To":         `"Ana Lima" <ana@creator.test>`,
		"Date":       "Sun, 22 Nov 2026 09:30:00 +0000",
		"Message-Id": id,
	} {
		if v := m.Header.Get(k); v != want {
			t.Errorf("%s: %q, want %q", k, v, want)
		}
	}
	if subj != "Spring x @ana — café" {
		t.Errorf("subject %q", subj)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q: %v", m.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	var parts []string
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		parts = append(parts, p.Header.Get("Content-Type")+"|"+string(b))
	}
	want := []string{
		"text/plain; charset=utf-8|Hi Ana,\r\n\r\nCode ANA20.",
		"text/html; charset=utf-8|<p>Hi Ana,</p>\r\n<p>Code ANA20.</p>",
	}
	if strings.Join(parts, "\n--\n") != strings.Join(want, "\n--\n") {
		t.Errorf("parts\n%q\nwant\n%q", parts, want)
	}
}

func TestSendFailures(t *testing.T) {
	srv := mailtest.Start(t)
	srv.Reject["gone@creator.test"] = true
	s, err := New(Config{Addr: srv.Addr, From: "team@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Send(context.Background(), Message{To: "gone@creator.test", Subject: "x", Text: "y"})
	if err == nil || !strings.Contains(err.Error(), "RCPT TO gone@creator.test") || !strings.Contains(err.Error(), "550") {
		t.Errorf("rejected recipient: err %v", err)
	}
	if _, err := s.Send(context.Background(), Message{To: "not an address", Subject: "x", Text: "y"}); err == nil {
		t.Error("bad recipient accepted")
	}
	if len(srv.Messages()) != 0 {
		t.Errorf("%d messages delivered, want 0", len(srv.Messages()))
	}
	// Wrong password: the server refuses authentication.
	srv.User, srv.Password = "chorus", "right"
	s2, _ := New(Config{Addr: srv.Addr, User: "chorus", Password: "wrong", From: "team@acme.test"})
	if _, err := s2.Send(context.Background(), Message{To: "a@b.test", Subject: "x", Text: "y"}); err == nil || !strings.Contains(err.Error(), "auth as chorus") {
		t.Errorf("bad password: err %v", err)
	}
	if strings.Contains(s2.String(), "wrong") {
		t.Errorf("String shows the password: %s", s2)
	}
}

func TestNewReportsEveryProblem(t *testing.T) {
	_, err := New(Config{Addr: "nohost", From: "not mail", Password: "x"})
	if err == nil {
		t.Fatal("bad config accepted")
	}
	for _, want := range []string{`smtp address "nohost"`, `smtp from "not mail"`, "password given without a user"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestPlainTextOnly(t *testing.T) {
	srv := mailtest.Start(t)
	s, _ := New(Config{Addr: srv.Addr, From: "team@acme.test"})
	if _, err := s.Send(context.Background(), Message{To: "a@b.test", Subject: "Plain", Text: "one\ntwo"}); err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(strings.NewReader(srv.Messages()[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(m.Body)
	if ct := m.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" || string(body) != "one\r\ntwo\r\n" { // the DATA terminator adds the last CRLF
		t.Errorf("content type %q body %q", ct, body)
	}
}
