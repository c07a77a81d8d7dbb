package web

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/chart"
	"github.com/chorushq/chorus/internal/store"
)

// snapshotErrors turns the analytics package's field errors into the web's.
func snapshotErrors(err error) error {
	var fe analytics.FieldErrors
	if !errors.As(err, &fe) {
		return err
	}
	out := make([]FieldError, len(fe))
	for i, e := range fe {
		field := e.Field
		if e.Line > 0 {
			field = fmt.Sprintf("line %d: %s", e.Line, e.Field)
		}
		out[i] = FieldError{Field: field, Message: e.Message}
	}
	return invalid(out)
}

// storeSnapshots stores a batch whole or not at all; a post of another
// workspace is reported like a bad field, with its line.
func (s *Server) storeSnapshots(r *http.Request, c *Caller, ss []analytics.Snapshot) error {
	err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.AddSnapshots(r.Context(), c.WS(), ss) })
	if errors.Is(err, store.ErrNotFound) {
		return invalid([]FieldError{{Field: "post_id", Message: err.Error()}})
	}
	return err
}

type postCreate struct {
	CollaborationID int64     `json:"collaboration_id"`
	AccountID       int64     `json:"account_id"`
	Platform        string    `json:"platform"`
	URL             string    `json:"url"`
	Kind            string    `json:"kind"`
	Caption         string    `json:"caption"`
	Sponsored       bool      `json:"sponsored"`
	PublishedAt     time.Time `json:"published_at"`
}

func (s *Server) apiPostCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var in postCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var fe []FieldError
	if in.CollaborationID <= 0 {
		fe = append(fe, FieldError{"collaboration_id", "is required"})
	}
	if in.AccountID == 0 && in.Platform == "" {
		fe = append(fe, FieldError{"platform", "is required when account_id is not given"})
	}
	if in.PublishedAt.IsZero() {
		fe = append(fe, FieldError{"published_at", "is required (RFC 3339)"})
	}
	if u := in.URL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "https" && p.Scheme != "http") {
			fe = append(fe, FieldError{"url", "must be an http or https URL"})
		}
	}
	if len(fe) > 0 {
		return invalid(fe)
	}
	p := store.Post{CollaborationID: &in.CollaborationID, AccountID: in.AccountID, Platform: strings.ToLower(in.Platform), URL: in.URL,
		Kind: in.Kind, Caption: in.Caption, Sponsored: in.Sponsored, PublishedAt: in.PublishedAt.UTC()}
	err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreatePost(r.Context(), c.WS(), &p) })
	if errors.Is(err, store.ErrNotFound) {
		return invalid([]FieldError{{"collaboration_id", err.Error()}})
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, p)
}

// post loads the path's post in the caller's workspace.
func (s *Server) post(r *http.Request, c *Caller) (*store.Post, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.db.Post(r.Context(), c.WS(), id)
}

func (s *Server) apiPost(w http.ResponseWriter, r *http.Request, c *Caller) error {
	p, err := s.post(r, c)
	if err != nil {
		return err
	}
	ss, err := s.db.PostSnapshots(r.Context(), c.WS(), p.ID)
	if err != nil {
		return err
	}
	if ss == nil {
		ss = []analytics.Snapshot{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"post": p, "snapshots": ss})
}

func (s *Server) apiSnapshotsCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	p, err := s.post(r, c)
	if err != nil {
		return err
	}
	var in struct {
		Snapshots []analytics.Snapshot `json:"snapshots"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if len(in.Snapshots) == 0 {
		return invalid([]FieldError{{"snapshots", "give at least one snapshot"}})
	}
	var fe analytics.FieldErrors
	for i := range in.Snapshots {
		in.Snapshots[i].PostID = p.ID
		for _, e := range in.Snapshots[i].Validate(0) {
			e.Field = fmt.Sprintf("snapshots[%d].%s", i, e.Field)
			fe = append(fe, e)
		}
	}
	if len(fe) > 0 {
		return snapshotErrors(fe)
	}
	if err := s.storeSnapshots(r, c, in.Snapshots); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"stored": len(in.Snapshots)})
}

// readSnapshotsUpload takes the CSV from a multipart file field "file", a
// form field "csv", or a text/csv body.
func readSnapshotsUpload(r *http.Request) ([]analytics.Snapshot, error) {
	ct := r.Header.Get("Content-Type")
	var src io.Reader
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		f, _, err := r.FormFile("file")
		if err != nil {
			if v := r.PostFormValue("csv"); v != "" {
				src = strings.NewReader(v)
				break
			}
			return nil, invalid([]FieldError{{"file", "choose a CSV file"}})
		}
		defer f.Close()
		src = f
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		src = strings.NewReader(r.PostFormValue("csv"))
	case strings.HasPrefix(ct, "text/csv"), strings.HasPrefix(ct, "text/plain"):
		src = r.Body
	default:
		return nil, badRequest("send the snapshots as text/csv, or as a form with a file field named file")
	}
	ss, err := analytics.ParseSnapshotsCSV(src)
	if err != nil {
		return nil, snapshotErrors(err)
	}
	return ss, nil
}

func (s *Server) apiSnapshotsUpload(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ss, err := readSnapshotsUpload(r)
	if err != nil {
		return err
	}
	if err := s.storeSnapshots(r, c, ss); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"stored": len(ss)})
}

type snapshotsPage struct {
	base
	Errors []FieldError
	CSV    string
}

func (s *Server) snapshotsUploadPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Upload post metrics", "campaigns")
	if err != nil {
		return err
	}
	return s.pages.render(w, "snapshots_upload", &snapshotsPage{base: b})
}

func (s *Server) snapshotsUploadForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ss, err := readSnapshotsUpload(r)
	if err == nil {
		err = s.storeSnapshots(r, c, ss)
	}
	var he *httpError
	if errors.As(err, &he) && he.status == http.StatusUnprocessableEntity {
		b, berr := s.base(r, c, "Upload post metrics", "campaigns")
		if berr != nil {
			return berr
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.pages.render(w, "snapshots_upload", &snapshotsPage{base: b, Errors: he.fields, CSV: r.PostFormValue("csv")})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/snapshots/upload?flash="+url.QueryEscape(fmt.Sprintf("%d snapshots stored.", len(ss))), http.StatusSeeOther)
	return nil
}

type postPage struct {
	base
	Post      *store.Post
	Snapshots []analytics.Snapshot
	// Growth are drawn charts; the chart package escapes every label.
	Growth []template.HTML
}

// growthSeries are the curves of a post page, one chart per unit of scale:
// reach-like counts, and interactions.
func growthSeries(ss []analytics.Snapshot) (reach, interactions []chart.Series) {
	pick := func(name string, get func(analytics.Snapshot) *int64) chart.Series {
		sr := chart.Series{Name: name}
		for _, s := range ss {
			if v := get(s); v != nil {
				sr.Points = append(sr.Points, chart.Point{T: s.At, V: float64(*v)})
			}
		}
		return sr
	}
	keep := func(all ...chart.Series) []chart.Series {
		var out []chart.Series
		for _, s := range all {
			if len(s.Points) > 0 {
				out = append(out, s)
			}
		}
		return out
	}
	reach = keep(pick("views", func(s analytics.Snapshot) *int64 { return s.Views }),
		pick("impressions", func(s analytics.Snapshot) *int64 { return s.Impressions }),
		pick("reach", func(s analytics.Snapshot) *int64 { return s.Reach }))
	interactions = keep(pick("likes", func(s analytics.Snapshot) *int64 { return s.Likes }),
		pick("comments", func(s analytics.Snapshot) *int64 { return s.Comments }),
		pick("saves", func(s analytics.Snapshot) *int64 { return s.Saves }),
		pick("shares", func(s analytics.Snapshot) *int64 { return s.Shares }),
		pick("link clicks", func(s analytics.Snapshot) *int64 { return s.LinkClicks }))
	return reach, interactions
}

func (s *Server) postPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	p, err := s.post(r, c)
	if err != nil {
		return err
	}
	ss, err := s.db.PostSnapshots(r.Context(), c.WS(), p.ID)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, "Post "+p.Platform+" "+p.PublishedAt.Format("2006-01-02"), "campaigns")
	if err != nil {
		return err
	}
	pg := &postPage{base: b, Post: p, Snapshots: ss}
	reach, inter := growthSeries(ss)
	if len(reach) > 0 {
		pg.Growth = append(pg.Growth, chart.Line{ID: "growth-reach", Title: "Views and reach over time", Series: reach,
			Unit: chart.Unit{Label: "people"}}.SVG())
	}
	if len(inter) > 0 {
		pg.Growth = append(pg.Growth, chart.Line{ID: "growth-inter", Title: "Interactions over time", Series: inter,
			Unit: chart.Unit{Label: "interactions"}}.SVG())
	}
	return s.pages.render(w, "post", pg)
}
