package creators

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// Row is one line of a creator file: a creator with one account.
type Row struct {
	Line    int
	Creator Creator
	Account Account
}

// RowError says what is wrong with a line of an input file.
type RowError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// Format is a creator file format.
type Format string

const (
	CSV   Format = "csv"
	JSONL Format = "jsonl"
)

// FormatOf guesses the format from a file name.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV, nil
	case ".jsonl", ".ndjson", ".json":
		return JSONL, nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from the name: use .csv or .jsonl", name)
}

// Columns are the fields a creator file may carry (CSV header names and JSON
// keys). Audience shares in CSV are written "US:0.4;GB:0.2".
var Columns = []string{"name", "email", "country", "niche_tags", "platform", "handle", "url",
	"followers", "following", "media_count", "biography", "has_profile_pic", "is_private",
	"audience_country", "audience_age", "audience_gender", "rate_minor", "rate_currency"}

// Reader reads creator rows one at a time, so that files of any size are
// read in one streaming pass.
type Reader struct {
	file   string
	format Format
	csv    *csv.Reader
	header map[string]int
	lines  *bufio.Scanner
	line   int
}

// NewReader reads rows of format f from r; file names the input in errors.
func NewReader(file string, r io.Reader, f Format) (*Reader, error) {
	rd := &Reader{file: file, format: f}
	switch f {
	case CSV:
		rd.csv = csv.NewReader(r)
		rd.csv.FieldsPerRecord = -1
		rd.csv.ReuseRecord = true
		head, err := rd.csv.Read()
		if err == io.EOF {
			return nil, &RowError{File: file, Line: 1, Msg: "empty file: a CSV header line is required"}
		}
		if err != nil {
			return nil, &RowError{File: file, Line: 1, Msg: err.Error()}
		}
		rd.header = map[string]int{}
		for i, h := range head {
			h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
			if !known(h) {
				return nil, &RowError{File: file, Line: 1, Field: h, Msg: "unknown column; known: " + strings.Join(Columns, ", ")}
			}
			rd.header[h] = i
		}
		for _, req := range []string{"name", "platform", "handle"} {
			if _, ok := rd.header[req]; !ok {
				return nil, &RowError{File: file, Line: 1, Field: req, Msg: "required column is missing"}
			}
		}
		rd.line = 1
	case JSONL:
		rd.lines = bufio.NewScanner(r)
		rd.lines.Buffer(make([]byte, 64*1024), 4*1024*1024)
	default:
		return nil, fmt.Errorf("%s: unknown format %q", file, f)
	}
	return rd, nil
}

// Next returns the next row. A bad row is returned with a *RowError (or
// several joined) and reading may go on; io.EOF ends the file.
func (rd *Reader) Next() (Row, error) {
	if rd.format == CSV {
		return rd.nextCSV()
	}
	return rd.nextJSON()
}

func (rd *Reader) nextCSV() (Row, error) {
	rec, err := rd.csv.Read()
	if err == io.EOF {
		return Row{}, io.EOF
	}
	if err != nil {
		// FieldPos panics when the record failed to parse: the error carries
		// the line instead.
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return Row{Line: pe.Line}, &RowError{File: rd.file, Line: pe.Line, Msg: pe.Err.Error()}
		}
		return Row{}, fmt.Errorf("%s: %w", rd.file, err)
	}
	line, _ := rd.csv.FieldPos(0)
	rd.line = line
	get := func(k string) string {
		if i, ok := rd.header[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row := Row{Line: line}
	var errs []error
	bad := func(field, msg string) { errs = append(errs, &RowError{rd.file, line, field, msg}) }
	row.Creator = Creator{Name: get("name"), Email: get("email"), Country: get("country"), NicheTags: ParseTags(get("niche_tags"))}
	a := &row.Account
	a.Platform, a.Handle, a.URL, a.Biography, a.RateCurrency = get("platform"), get("handle"), get("url"), get("biography"), strings.ToUpper(get("rate_currency"))
	for _, f := range []struct {
		name string
		dst  **int64
	}{{"followers", &a.Followers}, {"following", &a.Following}, {"media_count", &a.MediaCount}, {"rate_minor", &a.RateMinor}} {
		v, err := parseCount(get(f.name))
		if err != nil {
			bad(f.name, err.Error())
		}
		*f.dst = v
	}
	for _, f := range []struct {
		name string
		dst  **bool
	}{{"has_profile_pic", &a.HasProfilePic}, {"is_private", &a.IsPrivate}} {
		v, err := parseBool(get(f.name))
		if err != nil {
			bad(f.name, err.Error())
		}
		*f.dst = v
	}
	for _, f := range []struct {
		name string
		dst  *map[string]float64
	}{{"audience_country", &a.Audience.Country}, {"audience_age", &a.Audience.Age}, {"audience_gender", &a.Audience.Gender}} {
		v, err := parseShares(get(f.name))
		if err != nil {
			bad(f.name, err.Error())
		}
		*f.dst = v
	}
	return rd.finish(row, errs)
}

// jsonRow is the JSON Lines shape of a row.
type jsonRow struct {
	Name          string   `json:"name"`
	Email         string   `json:"email"`
	Country       string   `json:"country"`
	NicheTags     any      `json:"niche_tags"`
	Platform      string   `json:"platform"`
	Handle        string   `json:"handle"`
	URL           string   `json:"url"`
	Followers     *int64   `json:"followers"`
	Following     *int64   `json:"following"`
	MediaCount    *int64   `json:"media_count"`
	Biography     string   `json:"biography"`
	HasProfilePic *bool    `json:"has_profile_pic"`
	IsPrivate     *bool    `json:"is_private"`
	Audience      Audience `json:"audience"`
	RateMinor     *int64   `json:"rate_minor"`
	RateCurrency  string   `json:"rate_currency"`
}

func (rd *Reader) nextJSON() (Row, error) {
	for {
		if !rd.lines.Scan() {
			if err := rd.lines.Err(); err != nil {
				return Row{Line: rd.line + 1}, &RowError{File: rd.file, Line: rd.line + 1, Msg: err.Error()}
			}
			return Row{}, io.EOF
		}
		rd.line++
		b := bytes.TrimSpace(rd.lines.Bytes())
		if len(b) == 0 {
			continue
		}
		row := Row{Line: rd.line}
		var j jsonRow
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&j); err != nil {
			return row, &RowError{File: rd.file, Line: rd.line, Field: jsonField(err), Msg: jsonMsg(err)}
		}
		tags := ""
		switch t := j.NicheTags.(type) {
		case string:
			tags = t
		case []any:
			for _, x := range t {
				tags += fmt.Sprint(x) + " "
			}
		case nil:
		default:
			return row, &RowError{File: rd.file, Line: rd.line, Field: "niche_tags", Msg: "must be a string or a list of strings"}
		}
		row.Creator = Creator{Name: j.Name, Email: j.Email, Country: j.Country, NicheTags: ParseTags(tags)}
		row.Account = Account{Platform: j.Platform, Handle: j.Handle, URL: j.URL, Followers: j.Followers, Following: j.Following,
			MediaCount: j.MediaCount, Biography: j.Biography, HasProfilePic: j.HasProfilePic, IsPrivate: j.IsPrivate,
			Audience: j.Audience, RateMinor: j.RateMinor, RateCurrency: strings.ToUpper(j.RateCurrency)}
		return rd.finish(row, nil)
	}
}

func (rd *Reader) finish(row Row, errs []error) (Row, error) {
	fe := row.Creator.Validate()
	fe = append(fe, row.Account.Validate()...)
	for _, e := range fe {
		errs = append(errs, &RowError{rd.file, row.Line, e.Field, e.Msg})
	}
	return row, errors.Join(errs...)
}

func jsonField(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field
	}
	return ""
}

func jsonMsg(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("is %s, want %s", te.Value, te.Type)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, err)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func known(col string) bool {
	for _, c := range Columns {
		if c == col {
			return true
		}
	}
	return false
}

func parseCount(s string) (*int64, error) {
	if s == "" {
		return nil, nil
	}
	s = strings.ReplaceAll(s, ",", "")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%q is not a whole number", s)
	}
	return &n, nil
}

func parseBool(s string) (*bool, error) {
	if s == "" {
		return nil, nil
	}
	switch strings.ToLower(s) {
	case "1", "true", "yes", "y", "t":
		b := true
		return &b, nil
	case "0", "false", "no", "n", "f":
		b := false
		return &b, nil
	}
	return nil, fmt.Errorf("%q is not true or false", s)
}

// parseShares reads "US:0.4;GB:0.2" (or with % values, "US:40%").
func parseShares(s string) (map[string]float64, error) {
	if s == "" {
		return nil, nil
	}
	m := map[string]float64{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			return nil, fmt.Errorf("%q: want KEY:SHARE pairs separated by ';'", part)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		pct := strings.HasSuffix(v, "%")
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if err != nil {
			return nil, fmt.Errorf("%q: share %q is not a number", part, v)
		}
		if pct {
			f /= 100
		}
		m[k] = f
	}
	return m, nil
}
