package vetting

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// labelWords are the other names labelled sets use for the two classes of
// either model (bot/human, spam/ham, …); whichever model reads them, the
// first list is the class it hunts for.
var (
	positiveWords = []string{"1", "1.0", "true", "fake", "bot", "spam", "automated"}
	negativeWords = []string{"0", "0.0", "false", "real", "genuine", "human", "ham", "legit"}
)

// parseLabel reads a label written as the class name (positive or negative,
// any case), a synonym from labelWords, 1/0 or true/false, bare or quoted.
func parseLabel(v []byte, positive, negative string) (bool, error) {
	s := strings.ToLower(strings.TrimSpace(strings.Trim(string(bytes.TrimSpace(v)), `"`)))
	switch {
	case s == positive || slices.Contains(positiveWords, s):
		return true, nil
	case s == negative || slices.Contains(negativeWords, s):
		return false, nil
	}
	return false, fmt.Errorf("label %s: want %s/%s or 1/0", clip(v), positive, negative)
}

// utf8BOM is the byte-order mark spreadsheet programs put before UTF-8.
var utf8BOM = []byte("\ufeff")

// newPeekReader buffers r and drops a leading byte-order mark.
func newPeekReader(r io.Reader) *bufio.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	return br
}

// firstByte peeks, without consuming, at the first non-space byte to tell a
// JSON array, JSON Lines and CSV apart; 0 for an empty input. Peeking keeps
// the line numbers in later messages true.
func firstByte(br *bufio.Reader) byte {
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if err != nil {
			return 0
		}
		switch c := b[n-1]; c {
		case ' ', '\n', '\r', '\t':
		default:
			return c
		}
	}
}

// ScanLines calls fn with every non-blank line of r (JSON Lines) and its
// 1-based number, stopping at the first error fn returns. Lines may be up to
// 16 MiB.
func ScanLines(r io.Reader, fn func(line []byte, n int) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if n == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		if len(line) == 0 {
			continue
		}
		if err := fn(line, n); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", n+1, err)
	}
	return nil
}

// labelField returns the raw label of a JSON Lines record.
func labelField(raw map[string]json.RawMessage) (json.RawMessage, error) {
	v, ok := present(raw, "label")
	if !ok {
		return nil, fmt.Errorf("field label is missing")
	}
	return v, nil
}
