package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/ops"
)

// CreateTemplate saves a new message template in ws.
func (tx *Tx) CreateTemplate(ctx context.Context, ws int64, t *ops.Template) error {
	now := tx.db.Now().Unix()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO message_templates (workspace_id, name, subject, body, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, ws, t.Name, t.Subject, t.Body, now, now)
	if err != nil {
		return fmt.Errorf("create template %q: %w", t.Name, err)
	}
	t.ID, t.CreatedAt = id, now
	return nil
}

// UpdateTemplate saves a template's name, subject and body.
func (tx *Tx) UpdateTemplate(ctx context.Context, ws int64, t *ops.Template) error {
	res, err := tx.db.exec(ctx, tx.q, `UPDATE message_templates SET name = ?, subject = ?, body = ?, updated_at = ?
		WHERE id = ? AND workspace_id = ?`, t.Name, t.Subject, t.Body, tx.db.Now().Unix(), t.ID, ws)
	if err != nil {
		return fmt.Errorf("update template %d: %w", t.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("template %d: %w", t.ID, ErrNotFound)
	}
	return nil
}

// DeleteTemplate removes a template; messages sent with it keep their text.
func (tx *Tx) DeleteTemplate(ctx context.Context, ws, id int64) error {
	res, err := tx.db.exec(ctx, tx.q, `DELETE FROM message_templates WHERE id = ? AND workspace_id = ?`, id, ws)
	if err != nil {
		return fmt.Errorf("delete template %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("template %d: %w", id, ErrNotFound)
	}
	return nil
}

const templateCols = `id, name, subject, body, created_at`

type templateRow struct {
	ID        int64  `db:"id"`
	Name      string `db:"name"`
	Subject   string `db:"subject"`
	Body      string `db:"body"`
	CreatedAt int64  `db:"created_at"`
}

// Template loads one template of ws.
func (db *DB) Template(ctx context.Context, ws, id int64) (*ops.Template, error) {
	var r templateRow
	if err := db.get(ctx, db.reader(), &r, `SELECT `+templateCols+` FROM message_templates WHERE id = ? AND workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("template %d: %w", id, err)
	}
	t := ops.Template(r)
	return &t, nil
}

// Templates lists the templates of ws by name.
func (db *DB) Templates(ctx context.Context, ws int64) ([]ops.Template, error) {
	var rows []templateRow
	if err := db.sel(ctx, db.reader(), &rows, `SELECT `+templateCols+` FROM message_templates WHERE workspace_id = ? ORDER BY name, id`, ws); err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	out := make([]ops.Template, len(rows))
	for i, r := range rows {
		out[i] = ops.Template(r)
	}
	return out, nil
}

// Message is one outgoing e-mail in a collaboration's thread.
type Message struct {
	ID              int64      `json:"id"`
	CollaborationID int64      `json:"collaboration_id"`
	DeliverableID   *int64     `json:"deliverable_id,omitempty"`
	Kind            string     `json:"kind"` // outreach or reminder
	To              string     `json:"to"`
	Subject         string     `json:"subject"`
	Text            string     `json:"text"`
	HTML            string     `json:"-"`
	Status          string     `json:"status"` // sending, sent or failed
	Error           string     `json:"error,omitempty"`
	Attempts        int        `json:"attempts"`
	MessageID       string     `json:"message_id,omitempty"`
	CreatedBy       *int64     `json:"created_by,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
	SentAt          *time.Time `json:"sent_at,omitempty"`
}

// Message statuses.
const (
	MessageSending = "sending"
	MessageSent    = "sent"
	MessageFailed  = "failed"
)

type messageRow struct {
	ID              int64  `db:"id"`
	CollaborationID int64  `db:"collaboration_id"`
	DeliverableID   *int64 `db:"deliverable_id"`
	Kind            string `db:"kind"`
	To              string `db:"to_addr"`
	Subject         string `db:"subject"`
	Text            string `db:"body_text"`
	HTML            string `db:"body_html"`
	Status          string `db:"status"`
	Error           string `db:"error"`
	Attempts        int    `db:"attempts"`
	MessageID       string `db:"message_id"`
	CreatedBy       *int64 `db:"created_by"`
	CreatedAt       int64  `db:"created_at"`
	SentAt          *int64 `db:"sent_at"`
}

const messageCols = `id, collaboration_id, deliverable_id, kind, to_addr, subject, body_text, body_html, status, error, attempts,
	message_id, created_by, created_at, sent_at`

func (r messageRow) message() Message {
	return Message{ID: r.ID, CollaborationID: r.CollaborationID, DeliverableID: r.DeliverableID, Kind: r.Kind, To: r.To,
		Subject: r.Subject, Text: r.Text, HTML: r.HTML, Status: r.Status, Error: r.Error, Attempts: r.Attempts,
		MessageID: r.MessageID, CreatedBy: r.CreatedBy, CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), SentAt: unixPtr(r.SentAt)}
}

// CreateMessage records a message about to be sent, with status sending,
// on a collaboration of ws.
func (tx *Tx) CreateMessage(ctx context.Context, ws int64, m *Message) error {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM collaborations WHERE id = ? AND workspace_id = ?`, m.CollaborationID, ws); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("collaboration %d: %w", m.CollaborationID, ErrNotFound)
	}
	now := tx.db.Now()
	m.Status, m.CreatedAt = MessageSending, now
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO messages (workspace_id, collaboration_id, deliverable_id, kind, to_addr, subject,
		body_text, body_html, status, created_by, created_at, sending_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ws, m.CollaborationID, m.DeliverableID, m.Kind, m.To, m.Subject, m.Text, m.HTML, m.Status, m.CreatedBy, now.Unix(), now.Unix())
	if err != nil {
		return fmt.Errorf("record message to %s: %w", m.To, err)
	}
	m.ID = id
	return nil
}

// FinishMessage records the outcome of one attempt to send a message: sent
// with the server's message id, or failed with the error.
func (tx *Tx) FinishMessage(ctx context.Context, ws, id int64, messageID string, sendErr error) error {
	status, errText, sentAt := MessageSent, "", timePtr(new(tx.db.Now()))
	if sendErr != nil {
		status, errText, sentAt = MessageFailed, sendErr.Error(), nil
	}
	res, err := tx.db.exec(ctx, tx.q, `UPDATE messages SET status = ?, error = ?, message_id = ?, sent_at = ?, attempts = attempts + 1
		WHERE id = ? AND workspace_id = ?`, status, errText, messageID, sentAt, id, ws)
	if err != nil {
		return fmt.Errorf("record outcome of message %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	return nil
}

// RetryMessage marks a failed message of a collaboration of ws as sending
// again and returns it. Only failed messages can be retried; anything else
// is ErrConflict, so that a double click cannot send twice.
func (tx *Tx) RetryMessage(ctx context.Context, ws, collabID, id int64) (*Message, error) {
	var r messageRow
	if err := tx.db.get(ctx, tx.q, &r, `SELECT `+messageCols+` FROM messages WHERE id = ? AND collaboration_id = ? AND workspace_id = ?`,
		id, collabID, ws); err != nil {
		return nil, fmt.Errorf("message %d: %w", id, err)
	}
	if r.Status != MessageFailed {
		return nil, fmt.Errorf("message %d is %s, only failed messages are retried: %w", id, r.Status, ErrConflict)
	}
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE messages SET status = ?, sending_at = ? WHERE id = ? AND workspace_id = ?`,
		MessageSending, tx.db.Now().Unix(), id, ws); err != nil {
		return nil, fmt.Errorf("retry message %d: %w", id, err)
	}
	m := r.message()
	m.Status = MessageSending
	return &m, nil
}

// SendingCutOff is the error given to a message a crash left "sending".
const SendingCutOff = "the server stopped while sending this message, so it may or may not have gone out: check with the creator before you retry"

// FailStaleSending marks as failed, with SendingCutOff, the messages of
// every workspace whose current attempt to send started before before (Unix
// seconds) and never finished, and returns how many. It runs at start-up:
// an attempt that outlived its process was cut off, and whether the SMTP
// server took the message is unknown. It is never sent again by itself,
// because sending twice is worse than asking; Retry sends it again.
func (tx *Tx) FailStaleSending(ctx context.Context, before int64) (int64, error) {
	r, err := tx.db.exec(ctx, tx.q, `UPDATE messages SET status = ?, error = ?, attempts = attempts + 1
		WHERE status = ? AND COALESCE(sending_at, created_at) < ?`, MessageFailed, SendingCutOff, MessageSending, before)
	if err != nil {
		return 0, fmt.Errorf("messages left sending: %w", err)
	}
	n, _ := r.RowsAffected()
	return n, nil
}

// Messages lists a collaboration's thread, oldest first.
func (db *DB) Messages(ctx context.Context, ws, collabID int64) ([]Message, error) {
	var rows []messageRow
	if err := db.sel(ctx, db.reader(), &rows, `SELECT `+messageCols+` FROM messages WHERE workspace_id = ? AND collaboration_id = ? ORDER BY id`,
		ws, collabID); err != nil {
		return nil, fmt.Errorf("messages of collaboration %d: %w", collabID, err)
	}
	out := make([]Message, len(rows))
	for i, r := range rows {
		out[i] = r.message()
	}
	return out, nil
}

// MainAccount is a creator's account with the most followers.
type MainAccount struct {
	CreatorID int64  `db:"creator_id"`
	Platform  string `db:"platform"`
	Handle    string `db:"handle"`
	Followers *int64 `db:"followers"`
	Email     string `db:"email"`
}

// MainAccounts returns the main account of a creator of ws, with the
// creator's e-mail address, keyed by creator; creatorID 0 asks for every
// creator on a collaboration (for the pipeline board). Ties go to the
// oldest account; a creator without accounts is absent.
func (db *DB) MainAccounts(ctx context.Context, ws, creatorID int64) (map[int64]MainAccount, error) {
	var rows []MainAccount
	q := `SELECT a.creator_id, a.platform, a.handle, a.followers, c.email
		FROM accounts a JOIN creators c ON c.id = a.creator_id WHERE a.workspace_id = ?`
	args := []any{ws}
	if creatorID > 0 {
		q += ` AND a.creator_id = ?`
		args = append(args, creatorID)
	} else {
		q += ` AND a.creator_id IN (SELECT creator_id FROM collaborations WHERE workspace_id = ?)`
		args = append(args, ws)
	}
	if err := db.sel(ctx, db.reader(), &rows, q+` ORDER BY a.creator_id, COALESCE(a.followers, -1) DESC, a.id`, args...); err != nil {
		return nil, fmt.Errorf("main accounts: %w", err)
	}
	out := make(map[int64]MainAccount, len(rows))
	for _, r := range rows {
		if _, ok := out[r.CreatorID]; !ok {
			out[r.CreatorID] = r
		}
	}
	return out, nil
}

// SetCollaborationOwner gives a collaboration of ws an owner, or none. The
// owner must be a member of ws (not a creator).
func (tx *Tx) SetCollaborationOwner(ctx context.Context, ws, id int64, owner *int64) error {
	if owner != nil {
		var n int
		if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM memberships WHERE workspace_id = ? AND user_id = ? AND role <> 'creator'`,
			ws, *owner); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("owner %d is not a member of the workspace: %w", *owner, ErrNotFound)
		}
	}
	res, err := tx.db.exec(ctx, tx.q, `UPDATE collaborations SET owner_id = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
		owner, tx.db.Now().Unix(), id, ws)
	if err != nil {
		return fmt.Errorf("set owner of collaboration %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("collaboration %d: %w", id, ErrNotFound)
	}
	return nil
}
