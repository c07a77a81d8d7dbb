package vetting

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
)

// LabelledComment is a comment whose truth is known.
type LabelledComment struct {
	Text string
	Spam bool
	Line int
}

// CommentSet is one file of labelled comments (for YouTube, one video).
type CommentSet struct {
	Source   DataSet
	Comments []LabelledComment
}

// ReadCommentSet reads labelled comments from r, named name in messages:
// JSON Lines with text and label (spam/genuine or 1/0), or CSV with a
// CONTENT (or text) column and a CLASS (or label) column, as in the UCI
// YouTube spam collection, where fields may be quoted across lines.
func ReadCommentSet(name string, r io.Reader) (CommentSet, error) {
	br := newPeekReader(r)
	set := CommentSet{Source: ownSet}
	var err error
	youtube := false
	switch firstByte(br) {
	case 0:
		return CommentSet{}, fmt.Errorf("%s: empty file", name)
	case '{':
		set.Comments, err = readLabelledComments(br)
	default:
		set.Comments, youtube, err = readCommentCSV(br)
	}
	if err != nil {
		return CommentSet{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(set.Comments) == 0 {
		return CommentSet{}, fmt.Errorf("%s: no labelled comments", name)
	}
	set.Source.File, set.Source.Name = name, name
	if youtube {
		set.Source = youtubeSet
		set.Source.File = name
		set.Source.Name = strings.TrimSuffix(path.Base(name), path.Ext(name))
	}
	set.Source.Rows = len(set.Comments)
	for _, c := range set.Comments {
		if c.Spam {
			set.Source.Positives++
		}
	}
	return set, nil
}

func readLabelledComments(r io.Reader) ([]LabelledComment, error) {
	var out []LabelledComment
	err := ScanLines(r, func(line []byte, n int) error {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(line, &raw); err != nil {
			return fmt.Errorf("line %d: not a JSON object: %w", n, err)
		}
		text, err := commentText(raw)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		lv, err := labelField(raw)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		spam, err := parseLabel(lv, LabelSpam, LabelGenuine)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, LabelledComment{Text: text, Spam: spam, Line: n})
		return nil
	})
	return out, err
}

// commentText returns the text field of a JSON comment.
func commentText(raw map[string]json.RawMessage) (string, error) {
	v, ok := present(raw, "text")
	if !ok {
		return "", fmt.Errorf("field text is missing")
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fmt.Errorf("field text: want a string, got %s", clip(v))
	}
	return s, nil
}

// readCommentCSV also reports whether the header is the UCI YouTube one.
func readCommentCSV(r io.Reader) ([]LabelledComment, bool, error) {
	cr := csv.NewReader(r)
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, false, fmt.Errorf("CSV header: %w", err)
	}
	text, label, youtube := -1, -1, false
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "content", "text":
			text = i
		case "class", "label":
			label = i
		case "comment_id":
			youtube = true
		}
	}
	if text < 0 || label < 0 {
		return nil, false, fmt.Errorf("CSV header needs CONTENT (or text) and CLASS (or label) columns, has %q", header)
	}
	var out []LabelledComment
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, err
		}
		line, _ := cr.FieldPos(0)
		spam, err := parseLabel([]byte(rec[label]), LabelSpam, LabelGenuine)
		if err != nil {
			return nil, false, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, LabelledComment{Text: rec[text], Spam: spam, Line: line})
	}
	return out, youtube, nil
}
