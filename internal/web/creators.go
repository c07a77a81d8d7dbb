package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/importer"
	"github.com/chorushq/chorus/internal/store"
)

func creatorFilter(r *http.Request) store.CreatorFilter {
	q := r.URL.Query()
	f := store.CreatorFilter{Query: strings.TrimSpace(q.Get("q")), Platform: q.Get("platform")}
	f.MinFollowers, _ = strconv.ParseInt(q.Get("min_followers"), 10, 64)
	f.MaxFollowers, _ = strconv.ParseInt(q.Get("max_followers"), 10, 64)
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page < 1 {
		page = 1
	}
	f.Offset = (page - 1) * f.Limit
	return f
}

func fieldErrors(fe []creators.FieldError) []FieldError {
	out := make([]FieldError, len(fe))
	for i, e := range fe {
		out[i] = FieldError{e.Field, e.Msg}
	}
	return out
}

// --- pages

type creatorsPage struct {
	base
	Filter    store.CreatorFilter
	Creators  []creators.Creator
	Total     int
	Page      int
	PrevQuery string
	NextQuery string
	Platforms []string
}

func (s *Server) creatorsPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Creators", "creators")
	if err != nil {
		return err
	}
	f := creatorFilter(r)
	list, total, err := s.db.Creators(r.Context(), c.WS(), f)
	if err != nil {
		return err
	}
	p := &creatorsPage{base: b, Filter: f, Creators: list, Total: total, Page: f.Offset/f.Limit + 1, Platforms: creators.Platforms}
	q := r.URL.Query()
	if p.Page > 1 {
		q.Set("page", strconv.Itoa(p.Page-1))
		p.PrevQuery = q.Encode()
	}
	if f.Offset+len(list) < total {
		q.Set("page", strconv.Itoa(p.Page+1))
		p.NextQuery = q.Encode()
	}
	return s.pages.render(w, "creators", p)
}

type creatorPage struct {
	base
	Creator        *creators.Creator
	Collaborations []collabView
	Errors         []FieldError
	Reliability    reliabilityView
}

func (s *Server) creatorPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cr, err := s.db.Creator(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, cr.Name, "creators")
	if err != nil {
		return err
	}
	ks, err := s.db.Collaborations(r.Context(), c.WS(), store.CollabFilter{CreatorID: id})
	if err != nil {
		return err
	}
	p := &creatorPage{base: b, Creator: cr}
	if p.Reliability, err = s.creatorReliability(r, c, id); err != nil {
		return err
	}
	for _, k := range ks {
		p.Collaborations = append(p.Collaborations, collabView{Collaboration: k})
	}
	return s.pages.render(w, "creator", p)
}

type creatorFormPage struct {
	base
	Creator   creators.Creator
	Account   creators.Account
	Errors    []FieldError
	Platforms []string
}

func (s *Server) creatorNewPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "New creator", "creators")
	if err != nil {
		return err
	}
	return s.pages.render(w, "creator_new", &creatorFormPage{base: b, Account: creators.Account{Platform: "instagram"}, Platforms: creators.Platforms})
}

func optInt(s string) (*int64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%q is not a whole number", s)
	}
	return &n, nil
}

func (s *Server) creatorCreateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	cr := creators.Creator{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Country: r.PostFormValue("country"),
		NicheTags: creators.ParseTags(r.PostFormValue("niche_tags")), Notes: r.PostFormValue("notes")}
	a := creators.Account{Platform: r.PostFormValue("platform"), Handle: r.PostFormValue("handle"), URL: r.PostFormValue("url"),
		Biography: r.PostFormValue("biography")}
	var errs []FieldError
	for _, f := range []struct {
		name string
		dst  **int64
	}{{"followers", &a.Followers}, {"following", &a.Following}, {"media_count", &a.MediaCount}} {
		v, err := optInt(r.PostFormValue(f.name))
		if err != nil {
			errs = append(errs, FieldError{f.name, err.Error()})
		}
		*f.dst = v
	}
	cr.Accounts = []creators.Account{a}
	errs = append(errs, fieldErrors(cr.Validate())...)
	if len(errs) == 0 {
		err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateCreator(r.Context(), c.WS(), &cr) })
		if errors.Is(err, store.ErrConflict) {
			errs = append(errs, FieldError{"handle", fmt.Sprintf("%s/%s is already in this workspace", a.Platform, cr.Accounts[0].Handle)})
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		// Show the form again with what was typed, so nothing is lost.
		b, err := s.base(r, c, "New creator", "creators")
		if err != nil {
			return err
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.pages.render(w, "creator_new", &creatorFormPage{base: b, Creator: cr, Account: cr.Accounts[0], Errors: errs, Platforms: creators.Platforms})
	}
	http.Redirect(w, r, fmt.Sprintf("/creators/%d?flash=%s", cr.ID, url.QueryEscape("Creator added.")), http.StatusSeeOther)
	return nil
}

func (s *Server) creatorUpdateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cr, err := s.db.Creator(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	cr.Name, cr.Email, cr.Country = r.PostFormValue("name"), r.PostFormValue("email"), r.PostFormValue("country")
	cr.NicheTags, cr.Notes = creators.ParseTags(r.PostFormValue("niche_tags")), r.PostFormValue("notes")
	accts := cr.Accounts
	cr.Accounts = nil
	if fe := cr.Validate(); len(fe) > 0 {
		b, err := s.base(r, c, cr.Name, "creators")
		if err != nil {
			return err
		}
		cr.Accounts = accts
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.pages.render(w, "creator", &creatorPage{base: b, Creator: cr, Errors: fieldErrors(fe)})
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.UpdateCreator(r.Context(), c.WS(), cr) }); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/creators/%d?flash=%s", id, url.QueryEscape("Saved.")), http.StatusSeeOther)
	return nil
}

func (s *Server) creatorDeleteForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.DeleteCreator(r.Context(), c.WS(), id); err != nil {
			return err
		}
		return s.audit(r, tx, c, "creator.delete", "creator", id, "")
	}); err != nil {
		return err
	}
	http.Redirect(w, r, "/creators?flash="+url.QueryEscape("Creator deleted."), http.StatusSeeOther)
	return nil
}

type importPage struct {
	base
	Result *store.ImportResult
	Errors []string
	Total  int
	// Recent are the workspace's latest imports, to come back to.
	Recent []store.ImportJob
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Import creators", "creators")
	if err != nil {
		return err
	}
	recent, err := s.db.ImportJobs(r.Context(), c.WS(), 10)
	if err != nil {
		return err
	}
	return s.pages.render(w, "import", &importPage{base: b, Recent: recent})
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return badRequest("choose a .csv or .jsonl file to import")
	}
	defer file.Close()
	b, err := s.base(r, c, "Import creators", "creators")
	if err != nil {
		return err
	}
	p := &importPage{base: b}
	f, err := creators.FormatOf(hdr.Filename)
	if err != nil {
		p.Errors, p.Total = []string{err.Error()}, 1
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.pages.render(w, "import", p)
	}
	job, run, err := s.startImport(r, c, file, hdr.Filename, hdr.Size, f)
	if err != nil {
		return err
	}
	// A small file is done at once and answered here; a large one goes on
	// in the background and the user watches its progress page.
	select {
	case <-run.done:
	case <-time.After(s.cfg.ImportWait):
		http.Redirect(w, r, fmt.Sprintf("/imports/%d", job.ID), http.StatusSeeOther)
		return nil
	case <-r.Context().Done():
		return r.Context().Err()
	}
	done, err := s.db.ImportJob(r.Context(), c.WS(), job.ID)
	if err != nil {
		return err
	}
	o := done.Outcome
	p.Result, p.Errors, p.Total = o.Result, o.Errors, o.BadRows
	if o.Message != "" {
		p.Errors, p.Total = append(p.Errors, o.Message), max(p.Total, 1)
	}
	if done.Status != "done" {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	return s.pages.render(w, "import", p)
}

// --- API

type creatorList struct {
	Creators []creators.Creator `json:"creators"`
	Total    int                `json:"total"`
	Limit    int                `json:"limit"`
	Offset   int                `json:"offset"`
}

func (s *Server) apiCreators(w http.ResponseWriter, r *http.Request, c *Caller) error {
	f := creatorFilter(r)
	if o, err := strconv.Atoi(r.URL.Query().Get("offset")); err == nil && o >= 0 {
		f.Offset = o
	}
	list, total, err := s.db.Creators(r.Context(), c.WS(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []creators.Creator{}
	}
	return writeJSON(w, http.StatusOK, creatorList{list, total, f.Limit, f.Offset})
}

func (s *Server) apiCreator(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cr, err := s.db.Creator(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cr)
}

func (s *Server) apiCreatorCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var cr creators.Creator
	if err := decodeJSON(r, &cr); err != nil {
		return err
	}
	if fe := cr.Validate(); len(fe) > 0 {
		return invalid(fieldErrors(fe))
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateCreator(r.Context(), c.WS(), &cr) }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, cr)
}

// creatorPatch changes only the fields present.
type creatorPatch struct {
	Name      *string   `json:"name"`
	Email     *string   `json:"email"`
	Country   *string   `json:"country"`
	NicheTags *[]string `json:"niche_tags"`
	Notes     *string   `json:"notes"`
}

func (p creatorPatch) Patch(c *creators.Creator) {
	if p.Name != nil {
		c.Name = *p.Name
	}
	if p.Email != nil {
		c.Email = *p.Email
	}
	if p.Country != nil {
		c.Country = *p.Country
	}
	if p.NicheTags != nil {
		c.NicheTags = creators.ParseTags(strings.Join(*p.NicheTags, " "))
	}
	if p.Notes != nil {
		c.Notes = *p.Notes
	}
}

func (s *Server) apiCreatorPatch(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var p creatorPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	cr, err := s.db.Creator(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	p.Patch(cr)
	accts := cr.Accounts
	cr.Accounts = nil
	if fe := cr.Validate(); len(fe) > 0 {
		return invalid(fieldErrors(fe))
	}
	cr.Accounts = accts
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.UpdateCreator(r.Context(), c.WS(), cr) }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cr)
}

func (s *Server) apiCreatorDelete(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.DeleteCreator(r.Context(), c.WS(), id); err != nil {
			return err
		}
		return s.audit(r, tx, c, "creator.delete", "creator", id, "")
	}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiImport takes the file as the raw body; ?format=csv|jsonl (or the
// Content-Type) names its format, and ?skip_bad=1 stores the good rows.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request, c *Caller) error {
	f := creators.Format(r.URL.Query().Get("format"))
	if f == "" {
		switch strings.Split(r.Header.Get("Content-Type"), ";")[0] {
		case "text/csv":
			f = creators.CSV
		case "application/x-ndjson", "application/jsonl", "application/x-jsonlines":
			f = creators.JSONL
		}
	}
	if f != creators.CSV && f != creators.JSONL {
		return badRequest("say the format with ?format=csv or ?format=jsonl (or Content-Type text/csv or application/x-ndjson)")
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "upload." + string(f)
	}
	res, err := importer.Creators(r.Context(), s.db, c.WS(), name, r.Body, f, importer.Options{SkipBad: r.URL.Query().Get("skip_bad") == "1"})
	var ie *importer.Errors
	if errors.As(err, &ie) {
		msgs := make([]string, len(ie.Rows))
		for i, e := range ie.Rows {
			msgs[i] = e.Error()
		}
		status := http.StatusUnprocessableEntity
		if ie.Stored {
			status = http.StatusOK
		}
		return writeJSON(w, status, map[string]any{"error": fmt.Sprintf("%d bad rows", ie.Total), "stored": ie.Stored,
			"bad_rows": ie.Total, "row_errors": msgs, "result": res})
	}
	if err == nil {
		err = s.auditNow(r, c, "creators.import", "", 0, importDetail(name, res))
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"result": res})
}
