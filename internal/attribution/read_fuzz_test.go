package attribution

import (
	"errors"
	"strings"
	"testing"
)

// checkInputError fails unless err is nil or an *InputError naming the file
// and a line within the input.
func checkInputError(t *testing.T, err error, data []byte) {
	t.Helper()
	if err == nil {
		return
	}
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an InputError", err, err)
	}
	if lines := strings.Count(string(data), "\n") + 1; ie.File != "in" || ie.Line < 1 || ie.Line > lines+1 {
		t.Fatalf("error %q names %q line %d of %d", err, ie.File, ie.Line, lines)
	}
}

func FuzzReadPaths(f *testing.F) {
	for _, s := range []string{
		"path,conversions,value,nulls\n@maya > @leo,3,127.50,40\n",
		"path,conversions,value,nulls\n@maya,,,\n",
		"path,conversions,value,nulls\n > ,x,1e309,-1\n",
		"conversions,path,nulls,value,extra\n1,a>b,0,0,z\n",
		"path,path,conversions,value,nulls\n", "", "\"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		paths, err := ReadPaths(strings.NewReader(string(data)), "in")
		checkInputError(t, err, data)
		for _, p := range paths {
			if p.Conversions < 0 || p.Value < 0 || p.Nulls < 0 {
				t.Fatalf("negative counts accepted: %+v", p)
			}
		}
	})
}

func FuzzReadJourneys(f *testing.F) {
	for _, s := range []string{
		`{"id":"j1","touches":[{"channel":"@maya","at":"2026-11-01T10:00:00Z"}],"conversions":[{"at":"2026-11-02T10:00:00Z","value":12.5}]}` + "\n",
		`{"id":"j1","touches":[{"channel":"","at":"yesterday"}]}` + "\n",
		`{"id":"j1","bogus":1}`, "{", "\n\n[]\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ReadJourneys(strings.NewReader(string(data)), "in")
		checkInputError(t, err, data)
	})
}
