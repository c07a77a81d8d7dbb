package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
)

// Draft states: the state of a draft's latest version.
const (
	DraftPending          = "pending"
	DraftChangesRequested = "changes_requested"
	DraftApproved         = "approved"
)

// Review decisions.
const (
	DecisionApprove        = "approve"
	DecisionRequestChanges = "request_changes"
	DecisionComment        = "comment"
)

// Draft is one deliverable's thread of submitted versions, newest last.
type Draft struct {
	ID              int64          `json:"id"`
	CollaborationID int64          `json:"collaboration_id"`
	Title           string         `json:"title"`
	Status          string         `json:"status"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
	Versions        []DraftVersion `json:"versions"`
}

// Latest is the newest version.
func (d *Draft) Latest() *DraftVersion {
	if len(d.Versions) == 0 {
		return nil
	}
	return &d.Versions[len(d.Versions)-1]
}

// DraftVersion is one submission, kept for ever with its compliance report.
type DraftVersion struct {
	ID          int64             `json:"id"`
	DraftID     int64             `json:"draft_id"`
	Version     int               `json:"version"`
	Caption     string            `json:"caption"`
	PostURLs    []string          `json:"post_urls,omitempty"`
	Report      compliance.Report `json:"report"`
	SubmittedBy *int64            `json:"submitted_by,omitempty"`
	CreatedAt   time.Time         `json:"created_at"`
	Media       []DraftMedia      `json:"media,omitempty"`
	Reviews     []DraftReview     `json:"reviews,omitempty"`
}

// DraftMedia is an uploaded file; StoredName is generated, never the
// uploader's name.
type DraftMedia struct {
	ID           int64  `db:"id" json:"id"`
	VersionID    int64  `db:"version_id" json:"version_id"`
	StoredName   string `db:"stored_name" json:"-"`
	OriginalName string `db:"original_name" json:"name"`
	ContentType  string `db:"content_type" json:"content_type"`
	Size         int64  `db:"size" json:"size"`
}

// DraftReview is a reviewer's decision on a version.
type DraftReview struct {
	ID        int64     `json:"id"`
	VersionID int64     `json:"version_id"`
	UserID    *int64    `json:"user_id,omitempty"`
	UserEmail string    `json:"user_email,omitempty"`
	Decision  string    `json:"decision"`
	Comment   string    `json:"comment"`
	At        time.Time `json:"at"`
}

// storedResult is compliance.Result as stored: the status as its name, so
// the JSON reads well and decodes without help from the compliance package.
type storedResult struct {
	Check   string            `json:"check"`
	Status  string            `json:"status"`
	Reason  string            `json:"reason"`
	Spans   []compliance.Span `json:"spans,omitempty"`
	Missing []string          `json:"missing,omitempty"`
}

func encodeReport(rep compliance.Report) (string, error) {
	rs := make([]storedResult, len(rep.Results))
	for i, r := range rep.Results {
		rs[i] = storedResult{r.Check, r.Status.String(), r.Reason, r.Spans, r.Missing}
	}
	b, err := json.Marshal(rs)
	return string(b), err
}

func decodeReport(s string) (compliance.Report, error) {
	var rs []storedResult
	var rep compliance.Report
	if err := json.Unmarshal([]byte(s), &rs); err != nil {
		return rep, err
	}
	for _, r := range rs {
		st := compliance.Pass
		switch r.Status {
		case "warn":
			st = compliance.Warn
		case "fail":
			st = compliance.Fail
		}
		rep.Results = append(rep.Results, compliance.Result{Check: r.Check, Status: st, Reason: r.Reason, Spans: r.Spans, Missing: r.Missing})
		rep.Status = max(rep.Status, st)
	}
	return rep, nil
}

// SubmitDraft adds a version: to draft draftID of the collaboration, or to a
// new draft titled title when draftID is 0. v.Report must already be
// computed; v.Media rows are stored with it. A contracted collaboration
// moves to content submitted.
func (tx *Tx) SubmitDraft(ctx context.Context, ws, collabID, draftID int64, title string, v *DraftVersion) error {
	var status string
	if err := tx.db.get(ctx, tx.q, &status, `SELECT status FROM collaborations WHERE id = ? AND workspace_id = ?`, collabID, ws); err != nil {
		return fmt.Errorf("collaboration %d: %w", collabID, err)
	}
	now := tx.db.Now().Unix()
	if draftID == 0 {
		id, err := tx.db.insert(ctx, tx.q, `INSERT INTO drafts (workspace_id, collaboration_id, title, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, ws, collabID, title, DraftPending, now, now)
		if err != nil {
			return fmt.Errorf("new draft for collaboration %d: %w", collabID, err)
		}
		draftID = id
	} else {
		res, err := tx.db.exec(ctx, tx.q, `UPDATE drafts SET status = ?, updated_at = ? WHERE id = ? AND workspace_id = ? AND collaboration_id = ?`,
			DraftPending, now, draftID, ws, collabID)
		if err != nil {
			return fmt.Errorf("draft %d: %w", draftID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("draft %d: %w", draftID, ErrNotFound)
		}
	}
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COALESCE(MAX(version), 0) FROM draft_versions WHERE draft_id = ?`, draftID); err != nil {
		return fmt.Errorf("draft %d: %w", draftID, err)
	}
	rep, err := encodeReport(v.Report)
	if err != nil {
		return err
	}
	v.DraftID, v.Version = draftID, n+1
	v.ID, err = tx.db.insert(ctx, tx.q, `INSERT INTO draft_versions (workspace_id, draft_id, version, caption, post_urls, report, report_status, submitted_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ws, draftID, v.Version, v.Caption, strings.Join(v.PostURLs, "\n"), rep, v.Report.Status.String(), v.SubmittedBy, now)
	if err != nil {
		return fmt.Errorf("draft %d version %d: %w", draftID, v.Version, err)
	}
	v.CreatedAt = time.Unix(now, 0).UTC()
	for i := range v.Media {
		m := &v.Media[i]
		m.VersionID = v.ID
		m.ID, err = tx.db.insert(ctx, tx.q, `INSERT INTO draft_media (workspace_id, version_id, stored_name, original_name, content_type, size)
			VALUES (?, ?, ?, ?, ?, ?)`, ws, v.ID, m.StoredName, m.OriginalName, m.ContentType, m.Size)
		if err != nil {
			return fmt.Errorf("media %q: %w", m.OriginalName, err)
		}
	}
	if campaigns.Status(status) == campaigns.Contracted {
		return tx.MoveCollaboration(ctx, ws, collabID, campaigns.ContentSubmitted, v.SubmittedBy, "draft submitted")
	}
	return nil
}

// ReviewDraft records a decision on a version. Approving or requesting
// changes is only possible on a draft's latest version; a comment is
// possible on any. When every draft of a collaboration in content submitted
// is approved, the collaboration moves to approved.
func (tx *Tx) ReviewDraft(ctx context.Context, ws, collabID, versionID int64, userID *int64, decision, comment string) error {
	var row struct {
		DraftID int64 `db:"draft_id"`
		Version int   `db:"version"`
		Latest  int   `db:"latest"`
	}
	err := tx.db.get(ctx, tx.q, &row, `SELECT v.draft_id, v.version, (SELECT MAX(version) FROM draft_versions WHERE draft_id = v.draft_id) AS latest
		FROM draft_versions v JOIN drafts d ON d.id = v.draft_id
		WHERE v.id = ? AND v.workspace_id = ? AND d.collaboration_id = ?`, versionID, ws, collabID)
	if err != nil {
		return fmt.Errorf("draft version %d: %w", versionID, err)
	}
	status := ""
	switch decision {
	case DecisionApprove:
		status = DraftApproved
	case DecisionRequestChanges:
		status = DraftChangesRequested
	case DecisionComment:
	default:
		return fmt.Errorf("decision %q: must be approve, request_changes or comment", decision)
	}
	if status != "" && row.Version != row.Latest {
		return fmt.Errorf("%w: version %d is not the latest (%d) of its draft", ErrConflict, row.Version, row.Latest)
	}
	now := tx.db.Now().Unix()
	if _, err := tx.db.exec(ctx, tx.q, `INSERT INTO draft_reviews (workspace_id, version_id, user_id, decision, comment, at) VALUES (?, ?, ?, ?, ?, ?)`,
		ws, versionID, userID, decision, comment, now); err != nil {
		return fmt.Errorf("review version %d: %w", versionID, err)
	}
	if status == "" {
		return nil
	}
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE drafts SET status = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`, status, now, row.DraftID, ws); err != nil {
		return fmt.Errorf("draft %d: %w", row.DraftID, err)
	}
	if status != DraftApproved {
		return nil
	}
	var k struct {
		Status  string `db:"status"`
		Pending int    `db:"pending"`
	}
	if err := tx.db.get(ctx, tx.q, &k, `SELECT status, (SELECT COUNT(*) FROM drafts WHERE collaboration_id = ? AND status <> ?) AS pending
		FROM collaborations WHERE id = ? AND workspace_id = ?`, collabID, DraftApproved, collabID, ws); err != nil {
		return fmt.Errorf("collaboration %d: %w", collabID, err)
	}
	if campaigns.Status(k.Status) == campaigns.ContentSubmitted && k.Pending == 0 {
		return tx.MoveCollaboration(ctx, ws, collabID, campaigns.Approved, userID, "all drafts approved")
	}
	return nil
}

// Drafts lists a collaboration's drafts with every version, its media and
// its reviews, oldest first.
func (db *DB) Drafts(ctx context.Context, ws, collabID int64) ([]Draft, error) {
	var drows []struct {
		ID        int64  `db:"id"`
		Title     string `db:"title"`
		Status    string `db:"status"`
		CreatedAt int64  `db:"created_at"`
		UpdatedAt int64  `db:"updated_at"`
	}
	if err := db.sel(ctx, db.reader(), &drows, `SELECT id, title, status, created_at, updated_at FROM drafts
		WHERE workspace_id = ? AND collaboration_id = ? ORDER BY id`, ws, collabID); err != nil {
		return nil, fmt.Errorf("drafts of collaboration %d: %w", collabID, err)
	}
	out := make([]Draft, len(drows))
	byID := map[int64]*Draft{}
	for i, r := range drows {
		out[i] = Draft{ID: r.ID, CollaborationID: collabID, Title: r.Title, Status: r.Status,
			CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), UpdatedAt: time.Unix(r.UpdatedAt, 0).UTC()}
		byID[r.ID] = &out[i]
	}
	if len(out) == 0 {
		return out, nil
	}
	var vrows []struct {
		ID          int64  `db:"id"`
		DraftID     int64  `db:"draft_id"`
		Version     int    `db:"version"`
		Caption     string `db:"caption"`
		PostURLs    string `db:"post_urls"`
		Report      string `db:"report"`
		SubmittedBy *int64 `db:"submitted_by"`
		CreatedAt   int64  `db:"created_at"`
	}
	const inDrafts = `SELECT id FROM drafts WHERE workspace_id = ? AND collaboration_id = ?`
	if err := db.sel(ctx, db.reader(), &vrows, `SELECT id, draft_id, version, caption, post_urls, report, submitted_by, created_at
		FROM draft_versions WHERE workspace_id = ? AND draft_id IN (`+inDrafts+`) ORDER BY draft_id, version`, ws, ws, collabID); err != nil {
		return nil, fmt.Errorf("versions of collaboration %d: %w", collabID, err)
	}
	versions := map[int64]*DraftVersion{}
	for _, r := range vrows {
		rep, err := decodeReport(r.Report)
		if err != nil {
			return nil, fmt.Errorf("draft version %d: report: %w", r.ID, err)
		}
		d := byID[r.DraftID]
		d.Versions = append(d.Versions, DraftVersion{ID: r.ID, DraftID: r.DraftID, Version: r.Version, Caption: r.Caption,
			PostURLs: splitLines(r.PostURLs), Report: rep, SubmittedBy: r.SubmittedBy, CreatedAt: time.Unix(r.CreatedAt, 0).UTC()})
	}
	for i := range out {
		for j := range out[i].Versions {
			versions[out[i].Versions[j].ID] = &out[i].Versions[j]
		}
	}
	const inVersions = `SELECT id FROM draft_versions WHERE workspace_id = ? AND draft_id IN (` + inDrafts + `)`
	var media []DraftMedia
	if err := db.sel(ctx, db.reader(), &media, `SELECT id, version_id, stored_name, original_name, content_type, size FROM draft_media
		WHERE workspace_id = ? AND version_id IN (`+inVersions+`) ORDER BY id`, ws, ws, ws, collabID); err != nil {
		return nil, fmt.Errorf("media of collaboration %d: %w", collabID, err)
	}
	for _, m := range media {
		versions[m.VersionID].Media = append(versions[m.VersionID].Media, m)
	}
	var rrows []struct {
		ID        int64   `db:"id"`
		VersionID int64   `db:"version_id"`
		UserID    *int64  `db:"user_id"`
		Email     *string `db:"email"`
		Decision  string  `db:"decision"`
		Comment   string  `db:"comment"`
		At        int64   `db:"at"`
	}
	if err := db.sel(ctx, db.reader(), &rrows, `SELECT r.id, r.version_id, r.user_id, u.email, r.decision, r.comment, r.at
		FROM draft_reviews r LEFT JOIN users u ON u.id = r.user_id
		WHERE r.workspace_id = ? AND r.version_id IN (`+inVersions+`) ORDER BY r.id`, ws, ws, ws, collabID); err != nil {
		return nil, fmt.Errorf("reviews of collaboration %d: %w", collabID, err)
	}
	for _, r := range rrows {
		rv := DraftReview{ID: r.ID, VersionID: r.VersionID, UserID: r.UserID, Decision: r.Decision, Comment: r.Comment, At: time.Unix(r.At, 0).UTC()}
		if r.Email != nil {
			rv.UserEmail = *r.Email
		}
		versions[r.VersionID].Reviews = append(versions[r.VersionID].Reviews, rv)
	}
	return out, nil
}

// DraftMediaFile finds one media file of a collaboration's drafts.
func (db *DB) DraftMediaFile(ctx context.Context, ws, collabID, mediaID int64) (*DraftMedia, error) {
	var m DraftMedia
	err := db.get(ctx, db.reader(), &m, `SELECT m.id, m.version_id, m.stored_name, m.original_name, m.content_type, m.size
		FROM draft_media m JOIN draft_versions v ON v.id = m.version_id JOIN drafts d ON d.id = v.draft_id
		WHERE m.id = ? AND m.workspace_id = ? AND d.collaboration_id = ?`, mediaID, ws, collabID)
	if err != nil {
		return nil, fmt.Errorf("media %d: %w", mediaID, err)
	}
	return &m, nil
}

// ClaimList is the workspace's own banned-claims list, as text.
func (db *DB) ClaimList(ctx context.Context, ws int64) (string, error) {
	var body string
	err := db.get(ctx, db.reader(), &body, `SELECT body FROM claim_lists WHERE workspace_id = ?`, ws)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("claims list: %w", err)
	}
	return body, nil
}

// SetClaimList saves the workspace's own banned-claims list.
func (tx *Tx) SetClaimList(ctx context.Context, ws int64, body string) error {
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO claim_lists (workspace_id, body, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`, ws, body, tx.db.Now().Unix())
	if err != nil {
		return fmt.Errorf("save claims list: %w", err)
	}
	return nil
}

// Tracking is what identifies a collaboration's traffic in a caption.
type Tracking struct {
	LinkSlugs []string
	Codes     []string
}

// CollaborationTracking lists a collaboration's tracked-link slugs and
// discount codes. Either table may not exist yet in an older schema; it then
// contributes nothing.
func (db *DB) CollaborationTracking(ctx context.Context, ws, collabID int64) (Tracking, error) {
	var t Tracking
	for _, q := range []struct {
		table, query string
		dest         *[]string
	}{
		{"links", `SELECT slug FROM links WHERE workspace_id = ? AND collaboration_id = ? ORDER BY id`, &t.LinkSlugs},
		{"discount_codes", `SELECT code FROM discount_codes WHERE workspace_id = ? AND collaboration_id = ? ORDER BY id`, &t.Codes},
	} {
		ok, err := db.hasTable(ctx, q.table)
		if err != nil {
			return t, err
		}
		if !ok {
			continue
		}
		if err := db.sel(ctx, db.reader(), q.dest, q.query, ws, collabID); err != nil {
			return t, fmt.Errorf("%s of collaboration %d: %w", q.table, collabID, err)
		}
	}
	return t, nil
}

// hasTable reports whether a table exists, for reads of tables that other
// parts of the schema add in their own migrations.
func (db *DB) hasTable(ctx context.Context, name string) (bool, error) {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if db.dialect == Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
	}
	var n int
	if err := db.get(ctx, db.reader(), &n, q, name); err != nil {
		return false, fmt.Errorf("table %s: %w", name, err)
	}
	return n > 0, nil
}

func splitLines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// DraftMediaNames returns the stored name of every draft media file of
// every workspace: the start-up sweep removes upload files that no row
// names (a crash between saving the file and committing its row). It is one
// of the few queries not scoped by workspace, as the files are not.
func (db *DB) DraftMediaNames(ctx context.Context) (map[string]bool, error) {
	var names []string
	if err := db.sel(ctx, db.reader(), &names, `SELECT stored_name FROM draft_media`); err != nil {
		return nil, fmt.Errorf("draft media names: %w", err)
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out, nil
}
