package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/chorushq/chorus/internal/store"
)

// httpError is an error with the status and message a user should see.
type httpError struct {
	status int
	msg    string
	fields []FieldError
}

// FieldError names a field and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *httpError) Error() string { return e.msg }

var errNotFound = &httpError{status: http.StatusNotFound, msg: "not found"}

func badRequest(format string, a ...any) error {
	return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, a...)}
}

// invalid is a 422 listing every bad field.
func invalid(fields []FieldError) error {
	return &httpError{status: http.StatusUnprocessableEntity, msg: "some fields are not valid", fields: fields}
}

// statusOf maps an error to what the user is told.
func statusOf(err error) (int, string, []FieldError) {
	var he *httpError
	var mbe *http.MaxBytesError
	var me *store.MoveError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg, he.fields
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not found", nil
	case errors.Is(err, store.ErrConflict):
		return http.StatusConflict, "that already exists", nil
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is larger than %d bytes", mbe.Limit), nil
	case errors.As(err, &me):
		return http.StatusConflict, me.Error(), nil
	case store.IsUnavailable(err):
		return http.StatusServiceUnavailable, "the database cannot take this just now (read-only, full or unreachable); nothing was saved, try again in a moment", nil
	}
	return http.StatusInternalServerError, "internal error", nil
}

// fail answers with err as JSON for the API and as a page otherwise, and
// logs server errors.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg, fields := statusOf(err)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "5")
	}
	if wantsJSON(r) {
		writeJSON(w, status, map[string]any{"error": msg, "fields": fields})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	p := &errorPage{base: base{Title: http.StatusText(status)}, Status: status, Message: msg, Fields: fields}
	if err := s.pages.render(w, "error", p); err != nil {
		s.log.ErrorContext(r.Context(), "render error page", "err", err)
	}
}

type errorPage struct {
	base
	Status  int
	Message string
	Fields  []FieldError
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// decodeJSON reads a JSON body strictly: unknown fields are errors, so a
// misspelt field is reported instead of silently ignored.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return invalid([]FieldError{{Field: te.Field, Message: fmt.Sprintf("is %s, want %s", te.Value, te.Type)}})
		}
		return badRequest("request body is not valid JSON: %v", err)
	}
	return nil
}

// wantsJSON reports whether an error should be answered as JSON: API routes,
// and form routes that scripts call with JSON (the board's drag and drop).
func wantsJSON(r *http.Request) bool {
	if isAPI(r) {
		return true
	}
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	return strings.Contains(r.Header.Get("Accept"), "application/json") || strings.TrimSpace(ct) == "application/json"
}
