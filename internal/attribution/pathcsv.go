package attribution

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// PathSeparator separates the touches in the path column of the path CSV.
const PathSeparator = " > "

// ReadPaths reads the path CSV: a header naming the columns path,
// conversions, value and nulls (in any order; other columns are ignored),
// then one aggregated path per row, e.g.
//
//	path,conversions,value,nulls
//	@maya > @leo,3,127.50,40
//
// value and nulls may be empty, meaning 0. name is used in errors only.
func ReadPaths(r io.Reader, name string) ([]Path, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &InputError{File: name, Line: 1, Err: errors.New("empty file: want a header path,conversions,value,nulls")}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col := map[string]int{"path": -1, "conversions": -1, "value": -1, "nulls": -1}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		j, ok := col[h]
		if !ok {
			continue
		}
		if j >= 0 {
			return nil, &InputError{File: name, Line: 1, Field: h, Err: errors.New("column appears twice")}
		}
		col[h] = i
	}
	for _, h := range []string{"path", "conversions", "value", "nulls"} {
		if col[h] < 0 {
			return nil, &InputError{File: name, Line: 1, Field: h,
				Err: fmt.Errorf("missing column: header is %q, want path,conversions,value,nulls", strings.Join(header, ","))}
		}
	}

	var paths []Path
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return paths, nil
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		p, field, err := parsePathRow(rec[col["path"]], rec[col["conversions"]], rec[col["value"]], rec[col["nulls"]])
		if err != nil {
			return nil, &InputError{File: name, Line: line, Field: field, Err: err}
		}
		paths = append(paths, p)
	}
}

// parsePathRow checks one row and says which field is wrong.
func parsePathRow(path, conv, value, nulls string) (Path, string, error) {
	var p Path
	var err error
	if p.Conversions, err = parseCount(conv, false); err != nil {
		return p, "conversions", err
	}
	if p.Value, err = parseCount(value, true); err != nil {
		return p, "value", err
	}
	if p.Nulls, err = parseCount(nulls, true); err != nil {
		return p, "nulls", err
	}
	if p.Value != 0 && p.Conversions == 0 {
		return p, "value", fmt.Errorf("%s with no conversions", value)
	}
	if strings.TrimSpace(path) == "" {
		return p, "path", errors.New("empty: want touches separated by \" > \"")
	}
	parts := strings.Split(path, PathSeparator)
	p.Touches = make([]Touch, len(parts))
	for i, c := range parts {
		c = strings.TrimSpace(c)
		if c == "" {
			return p, "path", fmt.Errorf("touch %d of %q is empty", i+1, path)
		}
		p.Touches[i] = Touch{Channel: c}
	}
	return p, "", nil
}

// parseCount parses a finite, non-negative number; empty is 0 if allowed.
func parseCount(s string, emptyIsZero bool) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if emptyIsZero {
			return 0, nil
		}
		return 0, errors.New("empty: want a number")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if f < 0 {
		return 0, fmt.Errorf("%s is negative", s)
	}
	return f, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{File: name, Line: pe.Line, Err: pe.Err}
	}
	return fmt.Errorf("reading %s: %w", name, err)
}
