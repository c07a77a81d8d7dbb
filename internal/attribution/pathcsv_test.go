package attribution

import (
	"errors"
	"strings"
	"testing"
)

func TestReadPaths(t *testing.T) {
	in := "\ufeffnulls,path,value,conversions,note\n" +
		"40,@maya > @leo,127.50,3,spring\n" +
		"2, @leo ,,1,\n" +
		"5,\"@a, b > @c\",,0,\n"
	got, err := ReadPaths(strings.NewReader(in), "paths.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Path{
		p("@maya > @leo", 3, 127.5, 40),
		p("@leo", 1, 0, 2),
		p("@a, b > @c", 0, 0, 5),
	}
	if len(got) != len(want) {
		t.Fatalf("got %d paths, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if len(g.Touches) != len(w.Touches) || g.Conversions != w.Conversions || g.Value != w.Value || g.Nulls != w.Nulls {
			t.Errorf("row %d: got %+v, want %+v", i+1, g, w)
			continue
		}
		for j := range w.Touches {
			if g.Touches[j] != w.Touches[j] {
				t.Errorf("row %d touch %d: got %q, want %q", i+1, j+1, g.Touches[j].Channel, w.Touches[j].Channel)
			}
		}
	}
}

func TestReadPathsErrors(t *testing.T) {
	const header = "path,conversions,value,nulls\n"
	tests := []struct {
		name, in string
		line     int
		field    string
		msg      string
	}{
		{"empty file", "", 1, "", "empty file"},
		{"missing column", "path,conversions,value\nA,1,2\n", 1, "nulls", "missing column"},
		{"column twice", "path,path,conversions,value,nulls\n", 1, "path", "twice"},
		{"not a number", header + "A,1,2,0\nB,x,2,0\n", 3, "conversions", `"x" is not a number`},
		{"empty conversions", header + "A,,2,0\n", 2, "conversions", "empty"},
		{"negative nulls", header + "A,1,2,-3\n", 2, "nulls", "negative"},
		{"infinite value", header + "A,1,Inf,0\n", 2, "value", "not a number"},
		{"value without conversions", header + "A,0,9.5,1\n", 2, "value", "no conversions"},
		{"empty path", header + " ,1,2,0\n", 2, "path", "empty"},
		{"empty touch", header + "A >  > B,1,2,0\n", 2, "path", "touch 2"},
		{"wrong number of fields", header + "A,1,2,0\nB,1,2\n", 3, "", "wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPaths(strings.NewReader(tt.in), "paths.csv")
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an InputError", err)
			}
			if ie.File != "paths.csv" || ie.Line != tt.line || ie.Field != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q (line %d, field %q), want line %d, field %q, containing %q", err, ie.Line, ie.Field, tt.line, tt.field, tt.msg)
			}
		})
	}
}
