package creators

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
)

// Value stores tags space-separated.
func (t Tags) Value() (driver.Value, error) { return t.String(), nil }

// Scan reads space-separated tags.
func (t *Tags) Scan(src any) error {
	switch s := src.(type) {
	case string:
		*t = strings.Fields(s)
	case []byte:
		*t = strings.Fields(string(s))
	case nil:
		*t = nil
	default:
		return fmt.Errorf("tags: cannot scan %T", src)
	}
	return nil
}

// Value stores an audience as JSON.
func (a Audience) Value() (driver.Value, error) {
	b, err := json.Marshal(a)
	return string(b), err
}

// Scan reads an audience from JSON.
func (a *Audience) Scan(src any) error {
	var b []byte
	switch s := src.(type) {
	case string:
		b = []byte(s)
	case []byte:
		b = s
	case nil:
		*a = Audience{}
		return nil
	default:
		return fmt.Errorf("audience: cannot scan %T", src)
	}
	*a = Audience{}
	return json.Unmarshal(b, a)
}
