package web

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
	"github.com/chorushq/chorus/internal/store"
)

// collabOf is the collaboration of a /collaborations/{id}/... route, looked
// up in the caller's workspace before anything else is read.
func (s *Server) collabOf(r *http.Request, c *Caller) (*campaigns.Collaboration, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.db.Collaboration(r.Context(), c.WS(), id)
}

// checkCaption runs the compliance checks on a caption: the campaign brief's
// hashtags, keywords and banned claims, the shipped claim lists the brief
// names, the workspace's own list, and the collaboration's link or code.
func (s *Server) checkCaption(ctx context.Context, ws int64, k *campaigns.Collaboration, caption string) (compliance.Report, error) {
	cp, err := s.db.Campaign(ctx, ws, k.CampaignID)
	if err != nil {
		return compliance.Report{}, err
	}
	brief := compliance.Brief{RequiredHashtags: cp.Brief.Hashtags, RequiredKeywords: cp.Brief.Keywords}
	tr, err := s.db.CollaborationTracking(ctx, ws, k.ID)
	if err != nil {
		return compliance.Report{}, err
	}
	if len(tr.LinkSlugs) > 0 {
		brief.LinkSlug = tr.LinkSlugs[0]
	}
	if len(tr.Codes) > 0 {
		brief.DiscountCode = tr.Codes[0]
	}
	var rules compliance.Rules
	var cats []string
	for _, c := range cp.Brief.ClaimCategories {
		for _, d := range compliance.DefaultCategories() {
			if c == d {
				cats = append(cats, c)
			}
		}
	}
	if len(cats) > 0 {
		rules = compliance.DefaultRules(cats...)
	}
	// Both lists were checked when saved; a line that no longer parses is
	// skipped rather than blocking every draft.
	if len(cp.Brief.BannedClaims) > 0 {
		rs, _ := compliance.ParseRules("brief", "campaign brief", strings.NewReader(strings.Join(cp.Brief.BannedClaims, "\n")))
		rules.Claims = append(rules.Claims, rs...)
	}
	own, err := s.db.ClaimList(ctx, ws)
	if err != nil {
		return compliance.Report{}, err
	}
	if own != "" {
		rs, _ := compliance.ParseRules("workspace", "workspace claims", strings.NewReader(own))
		rules.Claims = append(rules.Claims, rs...)
	}
	return compliance.Check(brief, compliance.Draft{Caption: caption}, rules), nil
}

// draftInput is a submitted draft version as typed.
type draftInput struct {
	DraftID  int64
	Title    string
	Caption  string
	PostURLs []string
}

func parseDraftInput(f url.Values) (draftInput, []FieldError) {
	var errs []FieldError
	in := draftInput{Title: strings.TrimSpace(f.Get("title")), Caption: strings.TrimSpace(f.Get("caption"))}
	if v := f.Get("draft"); v != "" && v != "0" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs = append(errs, FieldError{"draft", fmt.Sprintf("%q is not a draft", v)})
		}
		in.DraftID = id
	} else if in.Title == "" {
		errs = append(errs, FieldError{"title", "name the deliverable, as in \"Reel 1\""})
	}
	if len(in.Title) > 200 {
		errs = append(errs, FieldError{"title", "must be at most 200 characters"})
	}
	if len(in.Caption) > 10000 {
		errs = append(errs, FieldError{"caption", "must be at most 10,000 characters"})
	}
	for i, l := range strings.Split(f.Get("post_urls"), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		u, err := url.Parse(l)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, FieldError{"post_urls", fmt.Sprintf("line %d: %q is not an http(s) link", i+1, l)})
			continue
		}
		in.PostURLs = append(in.PostURLs, l)
	}
	return in, errs
}

// submitDraft validates, stores the uploads and saves a version; on bad
// input it returns the field errors and saves nothing.
func (s *Server) submitDraft(r *http.Request, c *Caller, k *campaigns.Collaboration) (*store.DraftVersion, []FieldError, error) {
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		return nil, nil, badRequest("cannot read the form: %v", err)
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	in, errs := parseDraftInput(r.PostForm)
	var files []*uploadedFile
	if r.MultipartForm != nil {
		var ferrs []FieldError
		files, ferrs = s.uploads(r.MultipartForm.File["media"])
		errs = append(errs, ferrs...)
	}
	if in.Caption == "" && len(files) == 0 && len(in.PostURLs) == 0 {
		errs = append(errs, FieldError{"caption", "give a caption, a media file or a link to the post"})
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	rep, err := s.checkCaption(r.Context(), c.WS(), k, in.Caption)
	if err != nil {
		return nil, nil, err
	}
	v := &store.DraftVersion{Caption: in.Caption, PostURLs: in.PostURLs, Report: rep, SubmittedBy: c.UserID()}
	stored, err := s.storeUploads(files)
	if err != nil {
		return nil, nil, err
	}
	v.Media = stored
	err = s.db.Tx(r.Context(), func(tx *store.Tx) error {
		return tx.SubmitDraft(r.Context(), c.WS(), k.ID, in.DraftID, in.Title, v)
	})
	if err != nil {
		s.removeUploads(stored)
		return nil, nil, err
	}
	return v, nil, nil
}

func (s *Server) draftSubmitForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	v, errs, err := s.submitDraft(r, c, k)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return s.renderReview(w, r, c, k.ID, http.StatusUnprocessableEntity, reviewForm{Errors: errs, Form: r.PostForm})
	}
	msg := fmt.Sprintf("Version %d submitted: compliance %s.", v.Version, v.Report.Status)
	http.Redirect(w, r, fmt.Sprintf("/collaborations/%d/review?flash=%s#draft-%d", k.ID, url.QueryEscape(msg), v.DraftID), http.StatusSeeOther)
	return nil
}

var decisions = []string{store.DecisionApprove, store.DecisionRequestChanges, store.DecisionComment}

func parseReview(version, decision, comment string) (int64, []FieldError) {
	var errs []FieldError
	id, err := strconv.ParseInt(version, 10, 64)
	if err != nil || id <= 0 {
		errs = append(errs, FieldError{"version", "choose the version to review"})
	}
	ok := false
	for _, d := range decisions {
		ok = ok || d == decision
	}
	if !ok {
		errs = append(errs, FieldError{"decision", fmt.Sprintf("%q is not one of %s", decision, strings.Join(decisions, ", "))})
	}
	if decision != store.DecisionApprove && strings.TrimSpace(comment) == "" {
		errs = append(errs, FieldError{"comment", "say what should change"})
	}
	if len(comment) > 5000 {
		errs = append(errs, FieldError{"comment", "must be at most 5,000 characters"})
	}
	return id, errs
}

func (s *Server) draftReviewForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	id, errs := parseReview(r.PostFormValue("version"), r.PostFormValue("decision"), r.PostFormValue("comment"))
	if len(errs) > 0 {
		return s.renderReview(w, r, c, k.ID, http.StatusUnprocessableEntity, reviewForm{Errors: errs, Form: r.PostForm})
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		return tx.ReviewDraft(r.Context(), c.WS(), k.ID, id, c.UserID(), r.PostFormValue("decision"), strings.TrimSpace(r.PostFormValue("comment")))
	}); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/collaborations/%d/review?flash=%s", k.ID, url.QueryEscape("Review saved.")), http.StatusSeeOther)
	return nil
}

func (s *Server) draftMedia(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	return s.serveMedia(w, r, c.WS(), k.ID)
}

// reviewForm carries a failed form back to the page, so nothing typed is
// lost.
type reviewForm struct {
	Errors []FieldError
	Form   url.Values
}

// draftFormData is what the shared draft form needs.
type draftFormData struct {
	Action    string
	Drafts    []draftView
	Form      url.Values
	UploadMax int64
}

type reviewPage struct {
	base
	DraftForm draftFormData
	Collab    *campaigns.Collaboration
	Campaign  *campaigns.Campaign
	Drafts    []draftView
	Rights    []store.UsageRight
	Channels  []string
	Assets    []assetOption
	Statement *statement
	Errors    []FieldError
	Form      url.Values
	UploadMax int64
	Now       time.Time
}

type assetOption struct {
	Value, Label string
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	return s.renderReview(w, r, c, k.ID, http.StatusOK, reviewForm{})
}

func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, c *Caller, collabID int64, status int, f reviewForm) error {
	ctx := r.Context()
	k, err := s.db.Collaboration(ctx, c.WS(), collabID)
	if err != nil {
		return err
	}
	cp, err := s.db.Campaign(ctx, c.WS(), k.CampaignID)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, "Review: "+k.CreatorName, "campaigns")
	if err != nil {
		return err
	}
	p := &reviewPage{base: b, Collab: k, Campaign: cp, Channels: store.RightsChannels, Errors: f.Errors, Form: f.Form,
		UploadMax: s.uploadMax(), Now: s.now()}
	if p.Form == nil {
		p.Form = url.Values{}
	}
	ds, err := s.db.Drafts(ctx, c.WS(), k.ID)
	if err != nil {
		return err
	}
	p.Drafts = draftViews(ds, fmt.Sprintf("/collaborations/%d/media", k.ID))
	p.DraftForm = draftFormData{fmt.Sprintf("/collaborations/%d/drafts", k.ID), p.Drafts, p.Form, p.UploadMax}
	for _, d := range ds {
		if d.Status == store.DraftApproved {
			p.Assets = append(p.Assets, assetOption{fmt.Sprintf("draft:%d", d.ID), "Draft: " + d.Title})
		}
	}
	posts, err := s.db.CollaborationPosts(ctx, c.WS(), k.ID)
	if err != nil {
		return err
	}
	for _, po := range posts {
		p.Assets = append(p.Assets, assetOption{fmt.Sprintf("post:%d", po.ID), "Post: " + po.URL})
	}
	if p.Rights, err = s.db.Rights(ctx, c.WS(), k.ID); err != nil {
		return err
	}
	if p.Statement, err = s.statement(ctx, c.WS(), k.ID); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return s.pages.render(w, "review", p)
}

// API.

func (s *Server) apiDrafts(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	ds, err := s.db.Drafts(r.Context(), c.WS(), k.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"drafts": ds})
}

func (s *Server) apiDraftCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	var in struct {
		DraftID  int64    `json:"draft_id"`
		Title    string   `json:"title"`
		Caption  string   `json:"caption"`
		PostURLs []string `json:"post_urls"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f := url.Values{"title": {in.Title}, "caption": {in.Caption}, "post_urls": {strings.Join(in.PostURLs, "\n")}, "draft": {strconv.FormatInt(in.DraftID, 10)}}
	d, errs := parseDraftInput(f)
	if d.Caption == "" && len(d.PostURLs) == 0 {
		errs = append(errs, FieldError{"caption", "give a caption or a link to the post (media are uploaded with the form)"})
	}
	if len(errs) > 0 {
		return invalid(errs)
	}
	rep, err := s.checkCaption(r.Context(), c.WS(), k, d.Caption)
	if err != nil {
		return err
	}
	v := &store.DraftVersion{Caption: d.Caption, PostURLs: d.PostURLs, Report: rep, SubmittedBy: c.UserID()}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		return tx.SubmitDraft(r.Context(), c.WS(), k.ID, d.DraftID, d.Title, v)
	}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiDraftReview(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	var in struct {
		VersionID int64  `json:"version_id"`
		Decision  string `json:"decision"`
		Comment   string `json:"comment"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	id, errs := parseReview(strconv.FormatInt(in.VersionID, 10), in.Decision, in.Comment)
	if len(errs) > 0 {
		return invalid(errs)
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		return tx.ReviewDraft(r.Context(), c.WS(), k.ID, id, c.UserID(), in.Decision, strings.TrimSpace(in.Comment))
	}); err != nil {
		return err
	}
	ds, err := s.db.Drafts(r.Context(), c.WS(), k.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"drafts": ds})
}

// Uploads. A file's type is what its first bytes say it is
// (http.DetectContentType), checked against an allow-list of images and
// videos; SVG and HTML are never allowed because a browser would run their
// scripts. Files are stored under random names in DataDir/media: the
// uploader's file name is kept for display only and never touches a path.

// mediaTypes maps the allowed sniffed types to the stored extension.
var mediaTypes = map[string]string{
	"image/jpeg": ".jpg",
	"image/png":  ".png",
	"image/gif":  ".gif",
	"image/webp": ".webp",
	"video/mp4":  ".mp4",
	"video/webm": ".webm",
}

// storedNameRE is the only shape a stored name has.
var storedNameRE = regexp.MustCompile(`^[0-9a-f]{32}\.[a-z0-9]{2,5}$`)

const defaultUploadMax = 100 << 20

func (s *Server) uploadMax() int64 {
	if s.cfg.UploadMax > 0 {
		return s.cfg.UploadMax
	}
	return defaultUploadMax
}

func (s *Server) mediaDir() string { return filepath.Join(s.cfg.DataDir, "media") }

type uploadedFile struct {
	header      *multipart.FileHeader
	contentType string
}

// uploads checks the files of a form without storing them.
func (s *Server) uploads(hs []*multipart.FileHeader) ([]*uploadedFile, []FieldError) {
	var out []*uploadedFile
	var errs []FieldError
	for _, h := range hs {
		if h.Size == 0 && h.Filename == "" {
			continue // an empty file input
		}
		name := displayName(h.Filename)
		if s.cfg.DataDir == "" {
			errs = append(errs, FieldError{"media", "this server has no data directory for uploads (start it with --data)"})
			break
		}
		if h.Size > s.uploadMax() {
			errs = append(errs, FieldError{"media", fmt.Sprintf("%s: %d bytes is more than the %d allowed", name, h.Size, s.uploadMax())})
			continue
		}
		ct, err := sniff(h)
		if err != nil {
			errs = append(errs, FieldError{"media", fmt.Sprintf("%s: %v", name, err)})
			continue
		}
		if _, ok := mediaTypes[ct]; !ok {
			errs = append(errs, FieldError{"media", fmt.Sprintf("%s: its content is %s; upload JPEG, PNG, GIF or WebP images or MP4 or WebM videos", name, ct)})
			continue
		}
		out = append(out, &uploadedFile{header: h, contentType: ct})
	}
	return out, errs
}

func sniff(h *multipart.FileHeader) (string, error) {
	f, err := h.Open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}
	ct, _, _ := strings.Cut(http.DetectContentType(buf[:n]), ";")
	return ct, nil
}

// displayName keeps the last element of an uploaded file's name, for
// showing it; it is never used as a path.
func displayName(n string) string {
	n = n[strings.LastIndexAny(n, `/\`)+1:]
	if !utf8.ValidString(n) {
		n = strings.ToValidUTF8(n, "?")
	}
	if len(n) > 200 {
		n = n[:200]
	}
	return n
}

// storeUploads copies checked files under generated names. On error it
// removes what it stored.
func (s *Server) storeUploads(files []*uploadedFile) ([]store.DraftMedia, error) {
	if len(files) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(s.mediaDir(), 0o750); err != nil {
		return nil, fmt.Errorf("media directory: %w", err)
	}
	var out []store.DraftMedia
	for _, f := range files {
		var rnd [16]byte
		rand.Read(rnd[:])
		m := store.DraftMedia{StoredName: hex.EncodeToString(rnd[:]) + mediaTypes[f.contentType], OriginalName: displayName(f.header.Filename),
			ContentType: f.contentType}
		n, err := copyUpload(f.header, filepath.Join(s.mediaDir(), m.StoredName))
		if err != nil {
			s.removeUploads(out)
			return nil, err
		}
		m.Size = n
		out = append(out, m)
	}
	return out, nil
}

func copyUpload(h *multipart.FileHeader, path string) (int64, error) {
	src, err := h.Open()
	if err != nil {
		return 0, err
	}
	defer src.Close()
	dst, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return 0, fmt.Errorf("store upload: %w", err)
	}
	n, err := io.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		os.Remove(path)
		return 0, fmt.Errorf("store upload: %w", err)
	}
	return n, nil
}

// syncDir makes a new file's directory entry durable before the database
// row that names it is committed.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

func (s *Server) removeUploads(ms []store.DraftMedia) {
	for _, m := range ms {
		if err := os.Remove(filepath.Join(s.mediaDir(), m.StoredName)); err != nil {
			s.log.Warn("remove upload after a failed save", "file", m.StoredName, "err", err)
		}
	}
}

// serveMedia answers ?m=ID with a media file of the collaboration.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request, ws, collabID int64) error {
	id, err := strconv.ParseInt(r.URL.Query().Get("m"), 10, 64)
	if err != nil || id <= 0 {
		return badRequest("m must be a media id")
	}
	m, err := s.db.DraftMediaFile(r.Context(), ws, collabID, id)
	if err != nil {
		return err
	}
	if !storedNameRE.MatchString(m.StoredName) || s.cfg.DataDir == "" {
		return errNotFound
	}
	f, err := os.Open(filepath.Join(s.mediaDir(), m.StoredName))
	if errors.Is(err, os.ErrNotExist) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("Content-Disposition", "inline")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, "", st.ModTime(), f)
	return nil
}

// Highlighting.

type draftView struct {
	store.Draft
	Views     []versionView
	MediaBase string
}

type versionView struct {
	store.DraftVersion
	Highlighted template.HTML
}

func draftViews(ds []store.Draft, mediaBase string) []draftView {
	out := make([]draftView, len(ds))
	for i, d := range ds {
		out[i] = draftView{Draft: d, MediaBase: mediaBase}
		for j := len(d.Versions) - 1; j >= 0; j-- { // newest first
			v := d.Versions[j]
			out[i].Views = append(out[i].Views, versionView{DraftVersion: v, Highlighted: highlight(v.Caption, v.Report)})
		}
	}
	return out
}

// highlight renders a caption as HTML with the words of failed and warned
// checks in <mark>. Everything else is escaped; spans that overlap are
// merged and take the worse status, and spans that do not fall on
// character boundaries of this caption are ignored.
func highlight(caption string, rep compliance.Report) template.HTML {
	type mark struct {
		start, end int
		status     compliance.Status
	}
	var ms []mark
	for _, res := range rep.Results {
		if res.Status == compliance.Pass {
			continue
		}
		for _, sp := range res.Spans {
			if sp.Start < 0 || sp.End > len(caption) || sp.Start >= sp.End ||
				!utf8.RuneStart(caption[sp.Start]) || (sp.End < len(caption) && !utf8.RuneStart(caption[sp.End])) {
				continue
			}
			ms = append(ms, mark{sp.Start, sp.End, res.Status})
		}
	}
	slices.SortFunc(ms, func(a, b mark) int { return cmp.Compare(a.start, b.start) })
	var merged []mark
	for _, m := range ms {
		if n := len(merged); n > 0 && m.start < merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, m.end)
			merged[n-1].status = max(merged[n-1].status, m.status)
			continue
		}
		merged = append(merged, m)
	}
	var b strings.Builder
	b.Grow(len(caption) + len(caption)/8 + 32*len(merged))
	at := 0
	for _, m := range merged {
		b.WriteString(template.HTMLEscapeString(caption[at:m.start]))
		b.WriteString(`<mark class="` + m.status.String() + `">`)
		b.WriteString(template.HTMLEscapeString(caption[m.start:m.end]))
		b.WriteString(`</mark>`)
		at = m.end
	}
	b.WriteString(template.HTMLEscapeString(caption[at:]))
	return template.HTML(b.String())
}

// The workspace's own banned claims.

type claimsPage struct {
	base
	Body   string
	Errors []FieldError
}

func (s *Server) claimsPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Banned claims", "settings")
	if err != nil {
		return err
	}
	body, err := s.db.ClaimList(r.Context(), c.WS())
	if err != nil {
		return err
	}
	return s.pages.render(w, "claims", &claimsPage{base: b, Body: body})
}

// claimErrors turns a ParseRules error into one field error a bad line.
func claimErrors(err error) []FieldError {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]FieldError, 0, len(errs))
	for _, e := range errs {
		var pe *compliance.ParseError
		if errors.As(e, &pe) {
			out = append(out, FieldError{fmt.Sprintf("line %d", pe.Line), pe.Msg})
		} else {
			out = append(out, FieldError{"claims", e.Error()})
		}
	}
	return out
}

func (s *Server) claimsForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	body := strings.ReplaceAll(r.PostFormValue("claims"), "\r\n", "\n")
	if len(body) > 256<<10 {
		return invalid([]FieldError{{"claims", "the list must be at most 256 KiB"}})
	}
	if _, err := compliance.ParseRules("workspace", "workspace claims", strings.NewReader(body)); err != nil {
		b, berr := s.base(r, c, "Banned claims", "settings")
		if berr != nil {
			return berr
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.pages.render(w, "claims", &claimsPage{base: b, Body: body, Errors: claimErrors(err)})
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.SetClaimList(r.Context(), c.WS(), body) }); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings/claims?flash="+url.QueryEscape("Banned claims saved."), http.StatusSeeOther)
	return nil
}
