package vetting

import (
	"encoding/json"
	"fmt"
)

// Comment is one comment to classify, in the JSON Lines format of
// DESIGN.md. Only Text is required.
type Comment struct {
	ID        string `json:"id,omitempty"`
	Author    string `json:"author,omitempty"`
	Text      string `json:"text"`
	CreatedAt string `json:"created_at,omitempty"`
	PostID    string `json:"post_id,omitempty"`
}

// ParseComment reads one JSON object. Ids may be strings or numbers; a
// missing or non-string text is an error naming the field.
func ParseComment(line []byte) (Comment, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		return Comment{}, fmt.Errorf("not a JSON object: %w", err)
	}
	return CommentFromFields(raw)
}

// CommentFromFields is ParseComment for an object already decoded into its
// fields.
func CommentFromFields(raw map[string]json.RawMessage) (Comment, error) {
	var c Comment
	var err error
	if c.Text, err = commentText(raw); err != nil {
		return Comment{}, err
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"id", &c.ID}, {"author", &c.Author}, {"created_at", &c.CreatedAt}, {"post_id", &c.PostID}} {
		v, ok := present(raw, f.name)
		if !ok {
			continue
		}
		if json.Unmarshal(v, f.dst) == nil {
			continue
		}
		var n json.Number
		if err := json.Unmarshal(v, &n); err != nil {
			return Comment{}, fmt.Errorf("field %s: want a string or number, got %s", f.name, clip(v))
		}
		*f.dst = n.String()
	}
	return c, nil
}
