package attribution

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// A Journey is everything one visitor did: the channels that touched them
// and the conversions they made, each at a time.
type Journey struct {
	ID          string
	Touches     []Touch
	Conversions []Conversion
}

// A Conversion is one order or sign-up; Value is its amount in the shop's
// currency (0 for a sign-up).
type Conversion struct {
	At    time.Time
	Value float64
}

// The JSON Lines form of a Journey, one a line:
//
//	{"id":"v1","touches":[{"channel":"@maya","at":"2026-05-01T10:00:00Z"}],
//	 "conversions":[{"at":"2026-05-02T09:30:00Z","value":42.5}]}
type journeyJSON struct {
	ID      string `json:"id"`
	Touches []struct {
		Channel string `json:"channel"`
		At      string `json:"at"`
	} `json:"touches"`
	Conversions []struct {
		At    string   `json:"at"`
		Value *float64 `json:"value"`
	} `json:"conversions"`
}

// ReadJourneys reads JSON Lines journeys. Blank lines are skipped; unknown
// fields are errors, so that a misspelt field is not silently empty. name is
// used in errors only.
func ReadJourneys(r io.Reader, name string) ([]Journey, error) {
	br := bufio.NewReader(r)
	var out []Journey
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			j, field, perr := parseJourney(b)
			if perr != nil {
				return nil, &InputError{File: name, Line: line, Field: field, Err: perr}
			}
			out = append(out, j)
		}
		if err != nil {
			return out, nil
		}
	}
}

func parseJourney(b []byte) (Journey, string, error) {
	var w journeyJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Journey{}, te.Field, fmt.Errorf("%s is not a %s", te.Value, te.Type)
		}
		return Journey{}, "", err
	}
	if dec.More() {
		return Journey{}, "", errors.New("more than one JSON value on the line")
	}
	j := Journey{ID: w.ID, Touches: make([]Touch, len(w.Touches)), Conversions: make([]Conversion, len(w.Conversions))}
	for i, t := range w.Touches {
		c := strings.TrimSpace(t.Channel)
		if c == "" {
			return j, fmt.Sprintf("touches[%d].channel", i), errors.New("empty")
		}
		at, err := parseTime(t.At)
		if err != nil {
			return j, fmt.Sprintf("touches[%d].at", i), err
		}
		j.Touches[i] = Touch{Channel: c, At: at}
	}
	for i, c := range w.Conversions {
		at, err := parseTime(c.At)
		if err != nil {
			return j, fmt.Sprintf("conversions[%d].at", i), err
		}
		var v float64
		if c.Value != nil {
			v = *c.Value
		}
		if v < 0 || math.IsInf(v, 0) {
			return j, fmt.Sprintf("conversions[%d].value", i), fmt.Errorf("%v: want a non-negative amount", v)
		}
		j.Conversions[i] = Conversion{At: at, Value: v}
	}
	return j, "", nil
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("missing: want an RFC 3339 time such as 2026-05-01T10:00:00Z")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time such as 2026-05-01T10:00:00Z", s)
	}
	return t, nil
}

// Unattributed counts conversions that no touch preceded.
type Unattributed struct {
	Conversions int
	Value       float64
}

// JourneyPaths cuts journeys into paths. Each conversion gets the touches at
// or before its time that no earlier conversion of the journey took: a touch
// is credited once, and a repeat purchase is credited to what came after the
// previous one. Touches after the last conversion form a path that did not
// convert (Nulls 1). Conversions with no touch of their own are counted in
// Unattributed and belong to no path.
func JourneyPaths(js []Journey) ([]Path, Unattributed) {
	var paths []Path
	var un Unattributed
	for _, j := range js {
		touches := slices.Clone(j.Touches)
		slices.SortStableFunc(touches, func(a, b Touch) int { return a.At.Compare(b.At) })
		convs := slices.Clone(j.Conversions)
		slices.SortStableFunc(convs, func(a, b Conversion) int { return a.At.Compare(b.At) })
		next := 0
		for _, c := range convs {
			end := next
			for end < len(touches) && !touches[end].At.After(c.At) {
				end++
			}
			if end == next {
				un.Conversions++
				un.Value += c.Value
				continue
			}
			paths = append(paths, Path{Touches: touches[next:end], ConvertedAt: c.At, Conversions: 1, Value: c.Value})
			next = end
		}
		if next < len(touches) {
			paths = append(paths, Path{Touches: touches[next:], Nulls: 1})
		}
	}
	return paths, un
}
