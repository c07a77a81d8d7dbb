package conversions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// DecodeJSON unmarshals a webhook body into v and, when it fails, says
// where: the line and column of a syntax error, or the dotted path of the
// field whose value has the wrong type. Adapters use it so that a malformed
// delivery is reported as "field customer.orders_count: ..." rather than as
// an opaque offset.
func DecodeJSON(body []byte, v any) error {
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(body, syn.Offset)
		return fmt.Errorf("line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		return fmt.Errorf("field %s: got JSON %s, want %s", typ.Field, typ.Value, typ.Type)
	}
	return err
}

func position(body []byte, offset int64) (line, col int) {
	if offset > int64(len(body)) {
		offset = int64(len(body))
	}
	before := body[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}
