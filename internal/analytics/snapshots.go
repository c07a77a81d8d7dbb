package analytics

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Snapshot is a post's metrics at one moment. Nil is unknown, not zero: a
// platform that does not report saves has no saves figure.
type Snapshot struct {
	PostID      int64     `json:"post_id"`
	At          time.Time `json:"at"`
	Views       *int64    `json:"views,omitempty"`
	Impressions *int64    `json:"impressions,omitempty"`
	Reach       *int64    `json:"reach,omitempty"`
	Likes       *int64    `json:"likes,omitempty"`
	Comments    *int64    `json:"comments,omitempty"`
	Saves       *int64    `json:"saves,omitempty"`
	Shares      *int64    `json:"shares,omitempty"`
	WatchTimeS  *int64    `json:"watch_time_s,omitempty"`
	// CompletionRate is completed views / views, between 0 and 1.
	CompletionRate *float64 `json:"completion_rate,omitempty"`
	LinkClicks     *int64   `json:"link_clicks,omitempty"`
}

// FieldError is one bad value: where it is and what is wrong.
type FieldError struct {
	Line    int    `json:"line,omitempty"` // 0 outside a file
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e FieldError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message)
	}
	return e.Field + ": " + e.Message
}

// FieldErrors is every problem found in an input.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// counts lists the count columns with where each goes in a Snapshot.
var counts = []struct {
	name string
	at   func(*Snapshot) **int64
}{
	{"views", func(s *Snapshot) **int64 { return &s.Views }},
	{"impressions", func(s *Snapshot) **int64 { return &s.Impressions }},
	{"reach", func(s *Snapshot) **int64 { return &s.Reach }},
	{"likes", func(s *Snapshot) **int64 { return &s.Likes }},
	{"comments", func(s *Snapshot) **int64 { return &s.Comments }},
	{"saves", func(s *Snapshot) **int64 { return &s.Saves }},
	{"shares", func(s *Snapshot) **int64 { return &s.Shares }},
	{"watch_time_s", func(s *Snapshot) **int64 { return &s.WatchTimeS }},
	{"link_clicks", func(s *Snapshot) **int64 { return &s.LinkClicks }},
}

// Validate reports every bad field of s; line is 0 outside a file.
func (s Snapshot) Validate(line int) FieldErrors {
	var errs FieldErrors
	if s.PostID <= 0 {
		errs = append(errs, FieldError{line, "post_id", "is required"})
	}
	if s.At.IsZero() {
		errs = append(errs, FieldError{line, "at", "is required"})
	}
	for _, c := range counts {
		if p := *c.at(&s); p != nil && *p < 0 {
			errs = append(errs, FieldError{line, c.name, fmt.Sprintf("is %d; counts cannot be negative", *p)})
		}
	}
	if r := s.CompletionRate; r != nil && !(*r >= 0 && *r <= 1) {
		errs = append(errs, FieldError{line, "completion_rate", fmt.Sprintf("is %v; it is a share between 0 and 1", *r)})
	}
	return errs
}

// ParseTime reads an RFC 3339 time or a YYYY-MM-DD date (midnight UTC).
func ParseTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (2026-11-02) or an RFC 3339 time (2026-11-02T15:04:05Z)", v)
	}
	return t, nil
}

// ParseSnapshotsCSV reads snapshots from CSV with a header line naming the
// columns post_id, at and any of views, impressions, reach, likes, comments,
// saves, shares, watch_time_s, completion_rate, link_clicks (empty = unknown).
// It reads the whole input and reports every bad field with its line, so that
// an upload is stored whole or not at all.
func ParseSnapshotsCSV(r io.Reader) ([]Snapshot, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, FieldErrors{{1, "header", "the file is empty; the first line must name the columns"}}
	}
	if err != nil {
		return nil, fmt.Errorf("read CSV: %w", err)
	}
	col := map[string]int{}
	known := map[string]bool{"post_id": true, "at": true, "completion_rate": true}
	for _, c := range counts {
		known[c.name] = true
	}
	var errs FieldErrors
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !known[h] {
			errs = append(errs, FieldError{1, h, "is not a known column"})
			continue
		}
		col[h] = i
	}
	for _, need := range []string{"post_id", "at"} {
		if _, ok := col[need]; !ok {
			errs = append(errs, FieldError{1, need, "column is missing"})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var out []Snapshot
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, FieldError{pe.Line, "csv", pe.Err.Error()})
				continue
			}
			return nil, fmt.Errorf("read CSV: %w", err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		var s Snapshot
		if v := get("post_id"); v != "" {
			if s.PostID, err = strconv.ParseInt(v, 10, 64); err != nil {
				errs = append(errs, FieldError{line, "post_id", fmt.Sprintf("%q is not a whole number", v)})
			}
		}
		if v := get("at"); v != "" {
			if s.At, err = ParseTime(v); err != nil {
				errs = append(errs, FieldError{line, "at", err.Error()})
			}
		}
		for _, c := range counts {
			v := get(c.name)
			if v == "" {
				continue
			}
			n, err := strconv.ParseInt(strings.ReplaceAll(v, ",", ""), 10, 64)
			if err != nil {
				errs = append(errs, FieldError{line, c.name, fmt.Sprintf("%q is not a whole number", v)})
				continue
			}
			*c.at(&s) = &n
		}
		if v := get("completion_rate"); v != "" {
			f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
			if err != nil {
				errs = append(errs, FieldError{line, "completion_rate", fmt.Sprintf("%q is not a number", v)})
			} else {
				if strings.HasSuffix(v, "%") {
					f /= 100
				}
				s.CompletionRate = &f
			}
		}
		// Validate after parsing, leaving out fields already reported
		// as unreadable.
		bad := map[string]bool{}
		for _, e := range errs {
			if e.Line == line {
				bad[e.Field] = true
			}
		}
		for _, e := range s.Validate(line) {
			if !bad[e.Field] {
				errs = append(errs, e)
			}
		}
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(out) == 0 {
		return nil, FieldErrors{{2, "post_id", "the file has no snapshots after the header"}}
	}
	return out, nil
}
