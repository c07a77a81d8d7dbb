package vetting

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// LabelledProfile is a profile whose truth is known.
type LabelledProfile struct {
	Profile Profile
	Fake    bool
	Line    int // where it was read, for messages
}

// AccountSet is one file of labelled profiles.
type AccountSet struct {
	Source   DataSet
	Profiles []LabelledProfile
}

// ReadAccountSet reads labelled profiles from r, named name in messages. It
// takes three forms, told apart by their first byte:
//   - JSON Lines in the vetting format with a label field (fake/real or 1/0);
//   - a JSON array in the InstaFake form (userFollowerCount, …, isFake);
//   - CSV with the Kaggle "Instagram fake spammer genuine accounts" header.
func ReadAccountSet(name string, r io.Reader) (AccountSet, error) {
	br := newPeekReader(r)
	set := AccountSet{Source: ownSet}
	var err error
	switch firstByte(br) {
	case 0:
		return AccountSet{}, fmt.Errorf("%s: empty file", name)
	case '[':
		set.Source = instaFakeSet
		set.Profiles, err = readInstaFake(br)
	case '{':
		set.Profiles, err = readLabelledProfiles(br)
	default:
		set.Source = kaggleSet
		set.Profiles, err = readKaggle(br)
	}
	if err != nil {
		return AccountSet{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(set.Profiles) == 0 {
		return AccountSet{}, fmt.Errorf("%s: no labelled profiles", name)
	}
	set.Source.File = name
	if set.Source.Name == "" {
		set.Source.Name = name
	}
	set.Source.Rows = len(set.Profiles)
	for _, p := range set.Profiles {
		if p.Fake {
			set.Source.Positives++
		}
	}
	return set, nil
}

func readLabelledProfiles(r io.Reader) ([]LabelledProfile, error) {
	var rows []LabelledProfile
	err := ScanLines(r, func(line []byte, n int) error {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(line, &raw); err != nil {
			return fmt.Errorf("line %d: not a JSON object: %w", n, err)
		}
		var p Profile
		if err := p.fill(raw); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		lv, err := labelField(raw)
		if err == nil {
			var fake bool
			fake, err = parseLabel(lv, LabelFake, LabelReal)
			rows = append(rows, LabelledProfile{Profile: p, Fake: fake, Line: n})
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		return nil
	})
	return rows, err
}

// instaFakeFields maps the InstaFake names onto the vetting format.
var instaFakeFields = map[string]string{
	"userFollowerCount":   "follower_count",
	"userFollowingCount":  "following_count",
	"userBiographyLength": "biography_length",
	"userMediaCount":      "media_count",
	"userHasProfilPic":    "has_profile_pic",
	"userIsPrivate":       "is_private",
	"usernameDigitCount":  "username_digit_count",
	"usernameLength":      "username_length",
	"userHasExternalUrl":  "has_external_url", // automated-vs-real set
}

// instaFakeLabels are the label fields of the two InstaFake sets.
var instaFakeLabels = []string{"isFake", "automatedBehaviour"}

func readInstaFake(r io.Reader) ([]LabelledProfile, error) {
	var recs []map[string]json.RawMessage
	if err := json.NewDecoder(r).Decode(&recs); err != nil {
		return nil, fmt.Errorf("InstaFake JSON array: %w", err)
	}
	rows := make([]LabelledProfile, 0, len(recs))
	for i, rec := range recs {
		mapped := make(map[string]json.RawMessage, len(rec))
		for k, v := range rec {
			if to, ok := instaFakeFields[k]; ok {
				mapped[to] = v
			}
		}
		var p Profile
		if err := p.fill(mapped); err != nil {
			return nil, fmt.Errorf("record %d: %w", i+1, err)
		}
		var lv json.RawMessage
		for _, k := range instaFakeLabels {
			if v, ok := present(rec, k); ok {
				lv = v
			}
		}
		if lv == nil {
			return nil, fmt.Errorf("record %d: field isFake (or automatedBehaviour) is missing", i+1)
		}
		fake, err := parseLabel(lv, LabelFake, LabelReal)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i+1, err)
		}
		rows = append(rows, LabelledProfile{Profile: p, Fake: fake, Line: i + 1})
	}
	return rows, nil
}

// kaggleColumns are the columns of the Kaggle set and the vetting field each
// becomes.
var kaggleColumns = map[string]string{
	"profile pic":          "has_profile_pic",
	"nums/length username": "username_digit_share",
	"fullname words":       "full_name_words",
	"nums/length fullname": "full_name_digit_share",
	"name==username":       "name_equals_username",
	"description length":   "biography_length",
	"external url":         "has_external_url",
	"private":              "is_private",
	"#posts":               "media_count",
	"#followers":           "follower_count",
	"#follows":             "following_count",
}

func readKaggle(r io.Reader) ([]LabelledProfile, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	label := -1
	cols := make([]string, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		cols[i] = kaggleColumns[h]
		if h == "fake" || h == "label" {
			label = i
		}
	}
	if label < 0 {
		return nil, fmt.Errorf("CSV header has no fake or label column (want the Kaggle Instagram columns)")
	}
	var rows []LabelledProfile
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err // csv errors name the line
		}
		line, _ := cr.FieldPos(0)
		mapped := make(map[string]json.RawMessage, len(rec))
		for i, v := range rec {
			if cols[i] != "" && strings.TrimSpace(v) != "" {
				mapped[cols[i]] = json.RawMessage(strconv.Quote(strings.TrimSpace(v)))
			}
		}
		// Shares are numbers, not the quoted strings the counts tolerate.
		for _, k := range []string{"username_digit_share", "full_name_digit_share"} {
			if v, ok := mapped[k]; ok {
				mapped[k] = json.RawMessage(strings.Trim(string(v), `"`))
			}
		}
		var p Profile
		if err := p.fill(mapped); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		fake, err := parseLabel([]byte(rec[label]), LabelFake, LabelReal)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		rows = append(rows, LabelledProfile{Profile: p, Fake: fake, Line: line})
	}
	return rows, nil
}
