package vetting

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedData returns the directory of the public labelled data: the
// CHORUS_SHARED_DATA environment variable, else ../shared/data from the
// repository root. The data is always present in CI, so a missing directory
// fails the test rather than skipping it.
func sharedData(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CHORUS_SHARED_DATA")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		root := wd
		for {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(root)
			if parent == root {
				t.Fatalf("no go.mod above %s; set CHORUS_SHARED_DATA to the labelled data directory", wd)
			}
			root = parent
		}
		dir = filepath.Join(root, "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, "SOURCES.md")); err != nil {
		t.Fatalf("labelled data not found at %s (set CHORUS_SHARED_DATA): %v", dir, err)
	}
	return dir
}

func readAccountFile(t testing.TB, rel string) AccountSet {
	t.Helper()
	path := filepath.Join(sharedData(t), rel)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ReadAccountSet(rel, f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var youtubeFiles = []string{
	"youtube-spam/Youtube01-Psy.csv",
	"youtube-spam/Youtube02-KatyPerry.csv",
	"youtube-spam/Youtube03-LMFAO.csv",
}

func readCommentFile(t testing.TB, rel string) CommentSet {
	t.Helper()
	f, err := os.Open(filepath.Join(sharedData(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ReadCommentSet(rel, f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func youtubeSets(t testing.TB) []CommentSet {
	var out []CommentSet
	for _, f := range youtubeFiles {
		out = append(out, readCommentFile(t, f))
	}
	return out
}
