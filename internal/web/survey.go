package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/chorushq/chorus/internal/store"
)

// surveyAnswerMax bounds a free-text answer; longer ones are cut, not refused.
const surveyAnswerMax = 500

type surveyPage struct {
	base
	Workspace string
	Order     string
	Answer    string
	Done      bool
	Errors    []FieldError
}

// embeddable lets shops show the survey form in a frame on their thank-you
// page; the rest of the policy stays as strict as every other page's.
func embeddable(w http.ResponseWriter) {
	w.Header().Set("Content-Security-Policy", strings.Replace(csp, "frame-ancestors 'none'", "frame-ancestors *", 1))
	w.Header().Del("X-Frame-Options")
}

// surveyFormPage shows "Where did you hear about us?". An unknown workspace
// gets the same form, so the page does not tell which workspaces exist.
func (s *Server) surveyFormPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	embeddable(w)
	p := &surveyPage{base: base{Title: "Where did you hear about us?"}, Workspace: r.PathValue("workspace"), Order: r.URL.Query().Get("order")}
	return s.pages.render(w, "survey", p)
}

func (s *Server) surveyForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	embeddable(w)
	p := &surveyPage{base: base{Title: "Where did you hear about us?"}, Workspace: r.PathValue("workspace"),
		Order: strings.TrimSpace(r.PostFormValue("order")), Answer: strings.TrimSpace(r.PostFormValue("answer"))}
	if errs := validateSurvey(p.Order, p.Answer); len(errs) > 0 {
		p.Errors = errs
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.pages.render(w, "survey", p)
	}
	ws, err := s.db.WorkspaceBySlug(r.Context(), p.Workspace)
	switch {
	case errors.Is(err, store.ErrNotFound):
		// Thank the buyer all the same; there is nowhere to store it.
	case err != nil:
		return err
	default:
		if _, _, err := s.recordSurvey(r, ws, p.Order, p.Answer); err != nil {
			return err
		}
	}
	p.Done = true
	return s.pages.render(w, "survey", p)
}

func validateSurvey(order, answer string) []FieldError {
	var errs []FieldError
	if order == "" {
		errs = append(errs, FieldError{"order", "is required"})
	}
	if answer == "" {
		errs = append(errs, FieldError{"answer", "is required"})
	}
	return errs
}

// recordSurvey matches and stores an answer and re-decides the order's
// attribution, all in one transaction.
func (s *Server) recordSurvey(r *http.Request, ws *store.Workspace, order, answer string) (store.SurveyAnswer, bool, error) {
	if len(answer) > surveyAnswerMax {
		answer = strings.ToValidUTF8(answer[:surveyAnswerMax], "")
	}
	var a store.SurveyAnswer
	var created bool
	err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		ix, err := tx.SurveyIndex(r.Context(), ws.ID)
		if err != nil {
			return err
		}
		a, created, err = tx.RecordSurvey(r.Context(), ws, ix, order, answer)
		return err
	})
	return a, created, err
}

// apiSurveyCreate stores an answer sent by a shop's own survey tool. A
// second answer for the same order answers 200 with the first.
func (s *Server) apiSurveyCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var q struct {
		OrderID string `json:"order_id"`
		Answer  string `json:"answer"`
	}
	if err := decodeJSON(r, &q); err != nil {
		return err
	}
	q.OrderID, q.Answer = strings.TrimSpace(q.OrderID), strings.TrimSpace(q.Answer)
	if errs := validateSurvey(q.OrderID, q.Answer); len(errs) > 0 {
		for i := range errs {
			if errs[i].Field == "order" {
				errs[i].Field = "order_id"
			}
		}
		return invalid(errs)
	}
	a, created, err := s.recordSurvey(r, c.Workspace, q.OrderID, q.Answer)
	if err != nil {
		return err
	}
	out := map[string]any{"survey": a, "created": created}
	if o, err := s.db.Order(r.Context(), c.WS(), q.OrderID); err == nil {
		out["conversion"] = o
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return writeJSON(w, status, out)
}
