package creators

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// rowErrors flattens err (possibly joined) into its *RowErrors, and reports
// whether anything else was in it.
func rowErrors(err error) ([]*RowError, bool) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*RowError
		clean := true
		for _, e := range j.Unwrap() {
			r, c := rowErrors(e)
			out, clean = append(out, r...), clean && c
		}
		return out, clean
	}
	var re *RowError
	if errors.As(err, &re) {
		return []*RowError{re}, true
	}
	return nil, false
}

// FuzzReader feeds any bytes as CSV and as JSON Lines: the reader must not
// panic, and every error must be a RowError naming the file and a line
// within the input.
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		"name,platform,handle\nMaya,instagram,maya_fit\n",
		"name,platform,handle,followers,audience_country\nLeo,tiktok,leo,12k,US:0.4;GB:x\n",
		"name,platform\nx,y\n",
		"\ufeffname,platform,handle\n\"unterminated,x,y\n",
		`{"name":"Maya","platform":"instagram","handle":"maya_fit","followers":12000}` + "\n",
		`{"name":"Maya","platform":"instagram","handle":"maya_fit","followers":"many"}` + "\n{bad\n",
		`{"name":1}`, "\n\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Count(string(data), "\n") + 1
		for _, format := range []Format{CSV, JSONL} {
			check := func(err error) {
				res, clean := rowErrors(err)
				if !clean || len(res) == 0 {
					t.Fatalf("%s: error %v (%T) is not a RowError", format, err, err)
				}
				for _, re := range res {
					if re.File != "in" || re.Line < 1 || re.Line > lines+1 {
						t.Fatalf("%s: error %q names file %q line %d of %d", format, re, re.File, re.Line, lines)
					}
				}
			}
			rd, err := NewReader("in", strings.NewReader(string(data)), format)
			if err != nil {
				check(err)
				continue
			}
			for range 10000 {
				_, err := rd.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					check(err)
				}
			}
		}
	})
}
