package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/mail"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
)

// errNoMail is recorded on messages sent while no SMTP server is set.
var errNoMail = errors.New("no SMTP server is configured (serve --smtp-addr)")

// Jobs are the server's periodic background jobs, for the caller (serve)
// to run in an ops.Jobs registry with a graceful stop.
func (s *Server) Jobs() []ops.Job {
	every := s.cfg.ReminderEvery
	if every <= 0 {
		every = 15 * time.Minute
	}
	return []ops.Job{{Name: "deliverable-reminders", Period: every, Run: s.remindAll},
		{Name: "click-retention", Period: time.Hour, Run: s.applyRetention},
		{Name: "stale-sending", Period: staleAfter, Run: s.recoverSending},
		{Name: "stale-syncs", Period: store.StaleJob, Run: s.sweepSyncs}}
}

// remindAll sends the reminders of every workspace.
func (s *Server) remindAll(ctx context.Context) error {
	ids, err := s.db.WorkspaceIDs(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, ws := range ids {
		n, err := s.sendReminders(ctx, ws)
		if err != nil {
			errs = append(errs, fmt.Errorf("workspace %d: %w", ws, err))
		}
		if n.sent+n.failed > 0 {
			s.log.Info("reminders", "workspace", ws, "sent", n.sent, "failed", n.failed, "no_email", n.noEmail)
		}
	}
	return errors.Join(errs...)
}

type reminderCount struct{ sent, failed, noEmail int }

// sendReminders e-mails the creator once for each overdue deliverable of
// ws. The reminder is claimed (reminded_at set) and its message recorded in
// one transaction before sending, so two nodes, or the job and the button,
// never send the same reminder twice; a failed send stays in the thread to
// be retried by hand.
func (s *Server) sendReminders(ctx context.Context, ws int64) (reminderCount, error) {
	var n reminderCount
	now := s.now()
	due, err := s.db.OverdueDeliverables(ctx, ws, now)
	if err != nil {
		return n, err
	}
	for _, o := range due {
		if o.CreatorEmail == "" {
			n.noEmail++
			continue
		}
		r := ops.Reminder(o, now)
		m := store.Message{CollaborationID: o.CollaborationID, DeliverableID: &o.ID, Kind: "reminder", To: o.CreatorEmail,
			Subject: r.Subject, Text: r.Text, HTML: r.HTML}
		claimed := false
		err := s.db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			if claimed, err = tx.MarkReminded(ctx, ws, o.ID, now); err != nil || !claimed {
				return err
			}
			return tx.CreateMessage(ctx, ws, &m)
		})
		if err != nil {
			return n, err
		}
		if !claimed {
			continue
		}
		if err := s.deliver(ctx, ws, &m); err != nil {
			n.failed++
			continue
		}
		n.sent++
	}
	return n, nil
}

// deliver sends a recorded message and records the outcome. The returned
// error is the sending error, already recorded; a failure to record is
// joined to it.
func (s *Server) deliver(ctx context.Context, ws int64, m *store.Message) error {
	var id string
	sendErr := errNoMail
	if s.cfg.Mail != nil {
		id, sendErr = s.cfg.Mail.Send(ctx, mail.Message{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML})
	}
	// Record on a fresh context: a client that went away must not leave
	// the message "sending" forever.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := s.db.Tx(rctx, func(tx *store.Tx) error { return tx.FinishMessage(rctx, ws, m.ID, id, sendErr) })
	if sendErr != nil {
		m.Status, m.Error = store.MessageFailed, sendErr.Error()
		s.log.Warn("send failed", "workspace", ws, "message", m.ID, "to", m.To, "err", sendErr)
	} else {
		m.Status, m.MessageID = store.MessageSent, id
	}
	m.Attempts++
	return errors.Join(sendErr, err)
}

func (s *Server) remindersNow(w http.ResponseWriter, r *http.Request, c *Caller) error {
	f, err := opsForm(r, "back")
	if err != nil {
		return err
	}
	n, err := s.sendReminders(r.Context(), c.WS())
	if err != nil {
		return err
	}
	if opsWantsJSON(r) {
		return writeJSON(w, http.StatusOK, map[string]int{"sent": n.sent, "failed": n.failed, "no_email": n.noEmail})
	}
	msg := fmt.Sprintf("Reminders: %d sent, %d failed.", n.sent, n.failed)
	if n.noEmail > 0 {
		msg += fmt.Sprintf(" %d overdue deliverables have no creator e-mail address.", n.noEmail)
	}
	http.Redirect(w, r, opsBack(f.Get("back"), "/outreach/templates", msg), http.StatusSeeOther)
	return nil
}

type templatesPage struct {
	base
	Templates []ops.Template
	Fields    []string
	Form      ops.Template
	Errors    []FieldError
}

func (s *Server) templatesPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	return s.renderTemplates(w, r, c, ops.Template{}, nil)
}

func (s *Server) renderTemplates(w http.ResponseWriter, r *http.Request, c *Caller, form ops.Template, errs []FieldError) error {
	b, err := s.base(r, c, "Message templates", "outreach")
	if err != nil {
		return err
	}
	ts, err := s.db.Templates(r.Context(), c.WS())
	if err != nil {
		return err
	}
	if form.ID == 0 && form.Name == "" && len(errs) == 0 {
		if id, err := opsID("edit", r.URL.Query().Get("edit")); err == nil {
			for _, t := range ts {
				if t.ID == id {
					form = t
				}
			}
		}
	}
	return s.pages.render(w, "templates", &templatesPage{base: b, Templates: ts, Fields: ops.MergeFields, Form: form, Errors: errs})
}

// templateSave creates a template, or updates the one named by id.
func (s *Server) templateSave(w http.ResponseWriter, r *http.Request, c *Caller) error {
	f, err := opsForm(r, "id", "name", "subject", "body")
	if err != nil {
		return err
	}
	t := ops.Template{Name: f.Get("name"), Subject: f.Get("subject"), Body: f.Get("body")}
	if v := f.Get("id"); v != "" && v != "0" {
		if t.ID, err = opsID("id", v); err != nil {
			return err
		}
		if _, err := s.db.Template(r.Context(), c.WS(), t.ID); err != nil {
			return err
		}
	}
	created := t.ID == 0
	errs := campaignErrors(t.Validate())
	if len(errs) == 0 {
		err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
			if t.ID > 0 {
				return tx.UpdateTemplate(r.Context(), c.WS(), &t)
			}
			return tx.CreateTemplate(r.Context(), c.WS(), &t)
		})
		if errors.Is(err, store.ErrConflict) {
			errs = append(errs, FieldError{"name", fmt.Sprintf("%q is the name of another template", t.Name)})
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		if opsWantsJSON(r) {
			return invalid(errs)
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.renderTemplates(w, r, c, t, errs)
	}
	if opsWantsJSON(r) {
		if created {
			return writeJSON(w, http.StatusCreated, t)
		}
		return writeJSON(w, http.StatusOK, t)
	}
	http.Redirect(w, r, "/outreach/templates?flash="+url.QueryEscape("Template "+t.Name+" saved."), http.StatusSeeOther)
	return nil
}

func (s *Server) templateDelete(w http.ResponseWriter, r *http.Request, c *Caller) error {
	f, err := opsForm(r, "template")
	if err != nil {
		return err
	}
	id, err := opsID("template", f.Get("template"))
	if err != nil {
		return err
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.DeleteTemplate(r.Context(), c.WS(), id) }); err != nil {
		return err
	}
	if opsWantsJSON(r) {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	http.Redirect(w, r, "/outreach/templates?flash="+url.QueryEscape("Template deleted."), http.StatusSeeOther)
	return nil
}

func (s *Server) apiTemplates(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ts, err := s.db.Templates(r.Context(), c.WS())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"templates": ts, "merge_fields": ops.MergeFields})
}

// messageSend renders a template (or a one-off subject and body) for the
// collaboration's creator and sends it. Sending to a prospect moves it to
// contacted. A failed send is recorded and answered as such, not as an
// error of the request: the thread shows it with a retry button.
func (s *Server) messageSend(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ctx := r.Context()
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	id := k.ID
	f, err := opsForm(r, "template", "subject", "body", "offer", "link", "code")
	if err != nil {
		return err
	}
	t := ops.Template{Name: "one-off", Subject: f.Get("subject"), Body: f.Get("body")}
	if v := f.Get("template"); v != "" {
		tid, err := opsID("template", v)
		if err != nil {
			return err
		}
		saved, err := s.db.Template(ctx, c.WS(), tid)
		if errors.Is(err, store.ErrNotFound) {
			return invalid([]FieldError{{"template", fmt.Sprintf("no template %d in this workspace", tid)}})
		}
		if err != nil {
			return err
		}
		t = *saved
	}
	errs := campaignErrors(t.Validate())
	mains, err := s.db.MainAccounts(ctx, c.WS(), k.CreatorID)
	if err != nil {
		return err
	}
	cr, err := s.db.Creator(ctx, c.WS(), k.CreatorID)
	if err != nil {
		return err
	}
	if cr.Email == "" {
		errs = append(errs, FieldError{"to", cr.Name + " has no e-mail address: add one on the creator's page"})
	}
	if len(errs) > 0 {
		return invalid(errs)
	}
	v, err := s.mergeDefaults(r, c, k)
	if err != nil {
		return err
	}
	v.CreatorName = cr.Name
	for field, dst := range map[string]*string{"offer": &v.Offer, "link": &v.Link, "code": &v.Code} {
		if x := strings.TrimSpace(f.Get(field)); x != "" {
			*dst = x
		}
	}
	if a, ok := mains[k.CreatorID]; ok {
		v.Handle = "@" + a.Handle
	}
	rd, err := t.Render(v)
	if err != nil {
		return invalid([]FieldError{{"body", err.Error()}})
	}
	m := store.Message{CollaborationID: id, Kind: "outreach", To: cr.Email, Subject: rd.Subject, Text: rd.Text, HTML: rd.HTML, CreatedBy: c.UserID()}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateMessage(ctx, c.WS(), &m) }); err != nil {
		return err
	}
	flash, err := s.afterSend(ctx, c, k, &m)
	if err != nil {
		return err
	}
	if opsWantsJSON(r) {
		return writeJSON(w, http.StatusCreated, m)
	}
	http.Redirect(w, r, fmt.Sprintf("/collaborations/%d?flash=%s", id, url.QueryEscape(flash)), http.StatusSeeOther)
	return nil
}

// mergeDefaults are the values a message to this collaboration gets when
// the sender leaves offer, link or code empty: the collaboration's offer
// variant, its first tracked link and its first discount code.
func (s *Server) mergeDefaults(r *http.Request, c *Caller, k *campaigns.Collaboration) (ops.Values, error) {
	ctx := r.Context()
	v := ops.Values{Campaign: k.CampaignName, CreatorName: k.CreatorName}
	if k.VariantID != nil {
		vs, err := s.db.Variants(ctx, c.WS(), k.CampaignID)
		if err != nil {
			return v, err
		}
		for _, x := range vs {
			if x.ID == *k.VariantID && x.Kind == "offer" {
				v.Offer = x.Name
				if x.Description != "" {
					v.Offer = x.Description
				}
			}
		}
	}
	links, err := s.db.Links(ctx, c.WS(), store.LinkFilter{CollaborationID: k.ID})
	if err != nil {
		return v, err
	}
	if len(links) > 0 {
		v.Link = s.shortURL(r, links[0].Slug)
	}
	codes, err := s.db.DiscountCodes(ctx, c.WS(), 0, k.ID)
	if err != nil {
		return v, err
	}
	if len(codes) > 0 {
		v.Code = codes[0].Code
	}
	return v, nil
}

// afterSend delivers a recorded message and, when it went out to a
// prospect, moves the collaboration to contacted.
func (s *Server) afterSend(ctx context.Context, c *Caller, k *campaigns.Collaboration, m *store.Message) (string, error) {
	if err := s.deliver(ctx, c.WS(), m); err != nil {
		if m.Status != store.MessageFailed {
			return "", err // the outcome could not be recorded
		}
		return "Sending failed: " + m.Error + ". It is kept in the thread to retry.", nil
	}
	if k.Status != campaigns.Prospect || m.Kind != "outreach" {
		return "Message sent.", nil
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.MoveCollaboration(ctx, c.WS(), k.ID, campaigns.Contacted, c.UserID(), "e-mail sent: "+m.Subject)
	})
	var me *store.MoveError
	if errors.As(err, &me) {
		return "Message sent.", nil // moved meanwhile by someone else
	}
	if err != nil {
		return "", err
	}
	return "Message sent; moved to contacted.", nil
}

// messageRetry sends a failed message again.
func (s *Server) messageRetry(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ctx := r.Context()
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	id := k.ID
	f, err := opsForm(r, "message")
	if err != nil {
		return err
	}
	mid, err := opsID("message", f.Get("message"))
	if err != nil {
		return err
	}
	var m *store.Message
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		m, err = tx.RetryMessage(ctx, c.WS(), id, mid)
		return err
	}); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return &httpError{status: http.StatusConflict, msg: strings.TrimSuffix(err.Error(), ": "+store.ErrConflict.Error())}
		}
		return err
	}
	flash, err := s.afterSend(ctx, c, k, m)
	if err != nil {
		return err
	}
	if opsWantsJSON(r) {
		return writeJSON(w, http.StatusOK, m)
	}
	http.Redirect(w, r, fmt.Sprintf("/collaborations/%d?flash=%s", id, url.QueryEscape(flash)), http.StatusSeeOther)
	return nil
}

func (s *Server) apiMessages(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := s.collabFor(r, c)
	if err != nil {
		return err
	}
	ms, err := s.db.Messages(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"messages": ms})
}
