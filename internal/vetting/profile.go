package vetting

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Profile is one account to vet, in the JSON Lines format of DESIGN.md. A nil
// field is unknown, which is not the same as zero: an unknown follower count
// contributes nothing to the score, a zero one says a lot.
//
// Some public data sets ship only the shape of the strings (lengths, digit
// counts), not the strings; the shape fields carry those. When both are
// given, the raw string wins.
type Profile struct {
	Platform       string  `json:"platform,omitempty"`
	Username       *string `json:"username,omitempty"`
	FullName       *string `json:"full_name,omitempty"`
	Biography      *string `json:"biography,omitempty"`
	ExternalURL    *string `json:"external_url,omitempty"`
	HasProfilePic  *bool   `json:"has_profile_pic,omitempty"`
	IsPrivate      *bool   `json:"is_private,omitempty"`
	MediaCount     *int64  `json:"media_count,omitempty"`
	FollowerCount  *int64  `json:"follower_count,omitempty"`
	FollowingCount *int64  `json:"following_count,omitempty"`

	UsernameLength     *int64   `json:"username_length,omitempty"`
	UsernameDigitCount *int64   `json:"username_digit_count,omitempty"`
	UsernameDigitShare *float64 `json:"username_digit_share,omitempty"`
	BiographyLength    *int64   `json:"biography_length,omitempty"`
	FullNameWords      *int64   `json:"full_name_words,omitempty"`
	FullNameLength     *int64   `json:"full_name_length,omitempty"`
	FullNameDigitCount *int64   `json:"full_name_digit_count,omitempty"`
	FullNameDigitShare *float64 `json:"full_name_digit_share,omitempty"`
	NameEqualsUsername *bool    `json:"name_equals_username,omitempty"`
	HasExternalURL     *bool    `json:"has_external_url,omitempty"`
}

// ParseProfile reads one JSON object. Unknown fields are ignored here (the
// command carries them through on its own); a known field of the wrong type is
// an error naming the field. JSON null means unknown.
func ParseProfile(line []byte) (Profile, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		return Profile{}, fmt.Errorf("not a JSON object: %w", err)
	}
	return ProfileFromFields(raw)
}

// ProfileFromFields is ParseProfile for an object already decoded into its
// fields, so a caller that also needs the fields decodes once.
func ProfileFromFields(raw map[string]json.RawMessage) (Profile, error) {
	var p Profile
	if err := p.fill(raw); err != nil {
		return Profile{}, err
	}
	return p, nil
}

func (p *Profile) fill(raw map[string]json.RawMessage) error {
	var err error
	str := func(name string, dst **string) {
		if v, ok := present(raw, name); ok && err == nil {
			var s string
			if e := json.Unmarshal(v, &s); e != nil {
				err = fmt.Errorf("field %s: want a string, got %s", name, clip(v))
				return
			}
			*dst = &s
		}
	}
	num := func(name string, dst **int64) {
		if v, ok := present(raw, name); ok && err == nil {
			n, e := parseCount(v)
			if e != nil {
				err = fmt.Errorf("field %s: %w", name, e)
				return
			}
			*dst = &n
		}
	}
	share := func(name string, dst **float64) {
		if v, ok := present(raw, name); ok && err == nil {
			f, e := strconv.ParseFloat(string(v), 64)
			if e != nil || f < 0 || f > 1 {
				err = fmt.Errorf("field %s: want a number from 0 to 1, got %s", name, clip(v))
				return
			}
			*dst = &f
		}
	}
	flag := func(name string, dst **bool) {
		if v, ok := present(raw, name); ok && err == nil {
			b, e := parseFlag(v)
			if e != nil {
				err = fmt.Errorf("field %s: %w", name, e)
				return
			}
			*dst = &b
		}
	}
	if v, ok := present(raw, "platform"); ok {
		if e := json.Unmarshal(v, &p.Platform); e != nil {
			return fmt.Errorf("field platform: want a string, got %s", clip(v))
		}
	}
	str("username", &p.Username)
	str("full_name", &p.FullName)
	str("biography", &p.Biography)
	str("external_url", &p.ExternalURL)
	flag("has_profile_pic", &p.HasProfilePic)
	flag("is_private", &p.IsPrivate)
	num("media_count", &p.MediaCount)
	num("follower_count", &p.FollowerCount)
	num("following_count", &p.FollowingCount)
	num("username_length", &p.UsernameLength)
	num("username_digit_count", &p.UsernameDigitCount)
	share("username_digit_share", &p.UsernameDigitShare)
	num("biography_length", &p.BiographyLength)
	num("full_name_words", &p.FullNameWords)
	num("full_name_length", &p.FullNameLength)
	num("full_name_digit_count", &p.FullNameDigitCount)
	share("full_name_digit_share", &p.FullNameDigitShare)
	flag("name_equals_username", &p.NameEqualsUsername)
	flag("has_external_url", &p.HasExternalURL)
	return err
}

// present returns a field's raw value unless it is absent or null.
func present(raw map[string]json.RawMessage, name string) (json.RawMessage, bool) {
	v, ok := raw[name]
	if !ok || bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
		return nil, false
	}
	return v, true
}

// parseCount accepts a non-negative whole number, also written as 1200.0 or
// as a quoted string, because exports from spreadsheets do both.
func parseCount(v json.RawMessage) (int64, error) {
	s := string(bytes.Trim(bytes.TrimSpace(v), `"`))
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f > 1e15 {
		return 0, fmt.Errorf("want a whole number >= 0, got %s", clip(v))
	}
	return int64(f), nil
}

// parseFlag accepts true/false and 1/0 (the public data sets use 0/1).
func parseFlag(v json.RawMessage) (bool, error) {
	switch string(bytes.Trim(bytes.TrimSpace(v), `"`)) {
	case "true", "1", "1.0":
		return true, nil
	case "false", "0", "0.0":
		return false, nil
	}
	return false, fmt.Errorf("want true/false or 1/0, got %s", clip(v))
}

// clip shortens a bad value for an error message.
func clip(v []byte) string {
	if len(v) > 40 {
		return string(v[:40]) + "…"
	}
	return string(v)
}
