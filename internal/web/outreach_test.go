package web

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	chmail "github.com/chorushq/chorus/internal/mail"
	"github.com/chorushq/chorus/internal/mail/mailtest"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// withMail points the app's sender at a loopback SMTP server.
func withMail(t *testing.T, a *testApp) *mailtest.Server {
	t.Helper()
	srv := mailtest.Start(t)
	sender, err := chmail.New(chmail.Config{Addr: srv.Addr, From: "Acme <team@acme.test>"})
	if err != nil {
		t.Fatal(err)
	}
	a.srv.cfg.Mail = sender
	return srv
}

// parts decodes a captured multipart message into its text and HTML.
func parts(t *testing.T, data string) (h mail.Header, text, html string) {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			html = string(b)
		} else {
			text = string(b)
		}
	}
	return m.Header, text, html
}

func TestTemplateUnknownFieldRefused(t *testing.T) {
	a := newApp(t, storetest.New(t))
	var e struct{ Fields []FieldError }
	a.opsJSON("member", "POST", "/api/v1/templates", `{"name":"intro","subject":"Hi {{first_name}}","body":"x"}`, http.StatusUnprocessableEntity, &e)
	if len(e.Fields) != 1 || e.Fields[0].Field != "subject" || !strings.Contains(e.Fields[0].Message, "unknown merge field {{first_name}}") {
		t.Errorf("fields %+v", e.Fields)
	}
	// The form says the same on the page, keeping what was typed.
	form := url.Values{"name": {"intro"}, "subject": {"Hi"}, "body": {"Dear {{ creatorname }}"}}
	r := a.do("member", "POST", "/outreach/templates", "application/x-www-form-urlencoded", form.Encode())
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "unknown merge field {{creatorname}}") ||
		!strings.Contains(r.Body.String(), "Dear {{ creatorname }}") {
		t.Errorf("form: %d %s", r.Code, r.Body)
	}
	if ts, _ := a.f.DB.Templates(context.Background(), a.f.Workspace.ID); len(ts) != 0 {
		t.Errorf("%d templates saved, want 0", len(ts))
	}
}

func TestSendOutreach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		smtp := withMail(t, a)
		w := newOpsWorld(t, a, "send", opsSpec{"Ana <Lima>", "ana@creator.test", 12000, campaigns.Prospect})
		k := w.collabs[0]
		var tpl ops.Template
		a.opsJSON("member", "POST", "/api/v1/templates", `{"name":"intro","subject":"{{campaign}} x {{handle}}","body":"Hi {{creator_name}},\n\n{{offer}}: {{link}} code {{code}}"}`, http.StatusCreated, &tpl)
		form := url.Values{"template": {fmt.Sprint(tpl.ID)}, "offer": {"20% off & free shipping"}, "link": {"https://acme.test/?a=1&b=2"}, "code": {"ANA20"}}
		r := a.do("member", "POST", fmt.Sprintf("/collaborations/%d/messages", k.ID), "application/x-www-form-urlencoded", form.Encode())
		if r.Code != http.StatusSeeOther || !strings.Contains(r.Header().Get("Location"), "moved+to+contacted") {
			t.Fatalf("send: %d %s %s", r.Code, r.Header().Get("Location"), r.Body)
		}
		got := smtp.Messages()
		if len(got) != 1 || got[0].From != "team@acme.test" || strings.Join(got[0].To, ",") != "ana@creator.test" {
			t.Fatalf("captured %+v", got)
		}
		h, text, html := parts(t, got[0].Data)
		// The handle is the main account's, made in newOpsWorld as send_ana_0.
		if h.Get("Subject") != "Ops send x @send_ana_0" || h.Get("To") != "<ana@creator.test>" {
			t.Errorf("subject %q to %q", h.Get("Subject"), h.Get("To"))
		}
		if want := "Hi Ana <Lima>,\r\n\r\n20% off & free shipping: https://acme.test/?a=1&b=2 code ANA20"; text != want {
			t.Errorf("text %q, want %q", text, want)
		}
		if want := "<p>Hi Ana &lt;Lima&gt;,</p>\r\n<p>20% off &amp; free shipping: https://acme.test/?a=1&amp;b=2 code ANA20</p>"; !strings.Contains(html, want) {
			t.Errorf("html %q lacks %q", html, want)
		}
		if st := a.statusOf(k.ID); st != campaigns.Contacted {
			t.Errorf("status %s, want contacted", st)
		}
		ev, _ := a.f.DB.CollaborationEvents(context.Background(), a.f.Workspace.ID, k.ID)
		if len(ev) != 1 || ev[0].Note != "e-mail sent: Ops send x @send_ana_0" {
			t.Errorf("history %+v", ev)
		}
		thread, _ := a.f.DB.Messages(context.Background(), a.f.Workspace.ID, k.ID)
		if len(thread) != 1 || thread[0].Status != store.MessageSent || thread[0].MessageID != h.Get("Message-Id") {
			t.Errorf("thread %+v", thread)
		}
	})
}

func TestFailedSendRecordedAndRetried(t *testing.T) {
	a := newApp(t, storetest.New(t))
	smtp := withMail(t, a)
	smtp.Reject["gone@creator.test"] = true
	w := newOpsWorld(t, a, "fail", opsSpec{"Gus Gone", "gone@creator.test", 800, campaigns.Prospect})
	k := w.collabs[0]
	var m store.Message
	a.opsJSON("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/messages", k.ID), `{"subject":"Hello {{creator_name}}","body":"Hi"}`, http.StatusCreated, &m)
	if m.Status != store.MessageFailed || !strings.Contains(m.Error, "RCPT TO gone@creator.test") || m.Attempts != 1 {
		t.Fatalf("message %+v", m)
	}
	if st := a.statusOf(k.ID); st != campaigns.Prospect {
		t.Errorf("a failed send moved the prospect to %s", st)
	}
	page := a.do("viewer", "GET", fmt.Sprintf("/collaborations/%d", k.ID), "", "").Body.String()
	if !strings.Contains(page, "RCPT TO gone@creator.test") || strings.Contains(page, "/messages/retry") {
		t.Error("viewer page: error not shown, or a retry offered to a viewer")
	}
	// The mailbox comes back; the retry sends the same message.
	delete(smtp.Reject, "gone@creator.test")
	form := url.Values{"message": {fmt.Sprint(m.ID)}}
	r := a.do("member", "POST", fmt.Sprintf("/collaborations/%d/messages/retry", k.ID), "application/x-www-form-urlencoded", form.Encode())
	if r.Code != http.StatusSeeOther {
		t.Fatalf("retry: %d %s", r.Code, r.Body)
	}
	thread, _ := a.f.DB.Messages(context.Background(), a.f.Workspace.ID, k.ID)
	if len(thread) != 1 || thread[0].Status != store.MessageSent || thread[0].Attempts != 2 || thread[0].Error != "" {
		t.Errorf("thread %+v", thread)
	}
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("%d messages delivered, want 1", n)
	}
	if st := a.statusOf(k.ID); st != campaigns.Contacted {
		t.Errorf("status after retry %s, want contacted", st)
	}
	// A sent message cannot be retried (no double sends).
	r = a.do("member", "POST", fmt.Sprintf("/collaborations/%d/messages/retry", k.ID), "application/x-www-form-urlencoded", form.Encode())
	if r.Code != http.StatusConflict {
		t.Errorf("retry of a sent message: %d", r.Code)
	}
	// Without a mail server the message is recorded as failed, not lost.
	a.srv.cfg.Mail = nil
	a.opsJSON("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/messages", k.ID), `{"subject":"x","body":"y"}`, http.StatusCreated, &m)
	if m.Status != store.MessageFailed || m.Error != errNoMail.Error() {
		t.Errorf("without SMTP: %+v", m)
	}
}

func TestReminderJobSendsOncePerOverdueDeliverable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		smtp := withMail(t, a)
		ctx := context.Background()
		day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
		now := day(10)
		a.srv.cfg.Now = func() time.Time { return now }
		a.f.DB.SetClock(func() time.Time { return now })
		w := newOpsWorld(t, a, "remind",
			opsSpec{"Rita Late", "rita@creator.test", 5000, campaigns.Contracted},
			opsSpec{"Nils Noemail", "", 5000, campaigns.Contracted})
		add := func(k campaigns.Collaboration, due time.Time, st ops.DeliverableStatus) {
			d := ops.Deliverable{CollaborationID: k.ID, Kind: "reel", Platform: "instagram", Due: due, Status: st}
			storetest.Must(t, a.f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateDeliverable(ctx, a.f.Workspace.ID, &d) }))
		}
		add(w.collabs[0], day(7), ops.Planned)   // overdue by 3 days: reminded
		add(w.collabs[0], day(8), ops.Planned)   // overdue by 2 days: reminded
		add(w.collabs[0], day(8), ops.Submitted) // delivered: not reminded
		add(w.collabs[0], day(12), ops.Planned)  // not yet due
		add(w.collabs[1], day(5), ops.Planned)   // overdue, but no address
		job := a.srv.Jobs()[0]
		if job.Name != "deliverable-reminders" || job.Period != 15*time.Minute {
			t.Errorf("job %s every %v", job.Name, job.Period)
		}
		jobs := ops.NewJobs(nil)
		for run := 0; run < 2; run++ {
			storetest.Must(t, jobs.RunNow(ctx, job))
		}
		got := smtp.Messages()
		if len(got) != 2 {
			t.Fatalf("%d reminders sent over two runs, want 2", len(got))
		}
		h, text, _ := parts(t, got[0].Data)
		if h.Get("Subject") != "Reminder: your Ops remind reel was due 7 Nov" || !strings.Contains(text, "was due on Saturday 7 November 2026 (3 days ago)") {
			t.Errorf("first reminder %q: %q", h.Get("Subject"), text)
		}
		// Two days later the not-yet-due one is overdue too: one more, via the button.
		now = day(13)
		r := a.do("member", "POST", "/outreach/reminders", "application/x-www-form-urlencoded", "back=/pipeline")
		if r.Code != http.StatusSeeOther || !strings.Contains(r.Header().Get("Location"), "1+sent") || !strings.Contains(r.Header().Get("Location"), "1+overdue+deliverables+have+no+creator") {
			t.Errorf("button: %d %q", r.Code, r.Header().Get("Location"))
		}
		if n := len(smtp.Messages()); n != 3 {
			t.Errorf("%d reminders in all, want 3", n)
		}
		thread, _ := a.f.DB.Messages(ctx, a.f.Workspace.ID, w.collabs[0].ID)
		if len(thread) != 3 || thread[0].Kind != "reminder" || thread[0].DeliverableID == nil {
			t.Errorf("thread %+v", thread)
		}
		ds, _ := a.f.DB.Deliverables(ctx, a.f.Workspace.ID, w.collabs[0].ID)
		for _, d := range ds {
			if (d.RemindedAt != nil) != (d.Status == ops.Planned) {
				t.Errorf("deliverable due %v %s reminded at %v", d.Due, d.Status, d.RemindedAt)
			}
		}
	})
}

func TestSendFillsLinkAndCodeFromTheCollaboration(t *testing.T) {
	a := newApp(t, storetest.New(t))
	smtp := withMail(t, a)
	w := newOpsWorld(t, a, "dflt", opsSpec{"Dee Fault", "dee@creator.test", 3000, campaigns.Contacted})
	k := w.collabs[0]
	ctx := context.Background()
	storetest.Must(t, a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateLink(ctx, a.f.Workspace.ID, &store.Link{CollaborationID: k.ID, Slug: "dee-glow", Destination: "https://shop.test/glow"}); err != nil {
			return err
		}
		return tx.CreateDiscountCode(ctx, a.f.Workspace.ID, &store.DiscountCode{CollaborationID: k.ID, Code: "DEE15", Percent: 15})
	}))
	// The page offers them, and a send that leaves them empty uses them.
	page := a.do("member", "GET", fmt.Sprintf("/collaborations/%d", k.ID), "", "").Body.String()
	if !strings.Contains(page, `value="http://example.com/c/dee-glow"`) || !strings.Contains(page, `value="DEE15"`) {
		t.Error("send form does not offer the collaboration's link and code")
	}
	var m store.Message
	a.opsJSON("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/messages", k.ID), `{"subject":"Your code","body":"{{code}} at {{link}}","link":""}`, http.StatusCreated, &m)
	if m.Text != "DEE15 at http://example.com/c/dee-glow" || m.Status != store.MessageSent {
		t.Errorf("message %q %s", m.Text, m.Status)
	}
	// What the sender types wins.
	a.opsJSON("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/messages", k.ID), `{"subject":"Your code","body":"{{code}}","code":"VIP"}`, http.StatusCreated, &m)
	if m.Text != "VIP" {
		t.Errorf("typed code: %q", m.Text)
	}
	if n := len(smtp.Messages()); n != 2 {
		t.Errorf("%d sent, want 2", n)
	}
	// Already contacted: sending does not move it.
	if st := a.statusOf(k.ID); st != campaigns.Contacted {
		t.Errorf("status %s", st)
	}
}
