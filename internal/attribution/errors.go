package attribution

import "fmt"

// InputError reports a bad row of an input file: where it is and which field
// is wrong, so that whoever fixes the file need not guess.
type InputError struct {
	File  string // name as given by the caller
	Line  int    // 1-based
	Field string // column or JSON field; empty when the row itself is wrong
	Err   error
}

func (e *InputError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d: field %s: %v", e.File, e.Line, e.Field, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }
