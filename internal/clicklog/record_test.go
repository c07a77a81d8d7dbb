package clicklog

import (
	"encoding/binary"
	"errors"
	"reflect"
	"testing"

	"github.com/chorushq/chorus/internal/store"
)

func TestRecordRoundTrip(t *testing.T) {
	clicks := []store.Click{
		{WorkspaceID: 1, LinkID: 2, ClickID: "AZ-x", At: 1_700_000_000, IPHash: "h1", Bot: true, BotName: "Slackbot",
			Device: "desktop", OS: "Linux", Browser: "Chrome", InApp: "", Referrer: "https://t.co/x?a=ü", Country: "DE"},
		{WorkspaceID: 1 << 40, LinkID: 7, ClickID: "b", At: -5},
		{},
	}
	for n := range len(clicks) + 1 {
		rec := appendRecord([]byte("prefix"), clicks[:n])
		payload, size, short, err := nextRecord(rec[len("prefix"):])
		if err != nil || short || size != len(rec)-len("prefix") {
			t.Fatalf("%d clicks: nextRecord = size %d short %v err %v; want size %d", n, size, short, err, len(rec)-len("prefix"))
		}
		got, err := decodeRecord(nil, payload)
		if err != nil {
			t.Fatalf("%d clicks: %v", n, err)
		}
		if n == 0 && len(got) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, clicks[:n]) {
			t.Errorf("%d clicks: got %+v", n, got)
		}
	}
}

// TestRecordDamage: everything a crash can leave after the last intact
// record reads as the end, never as clicks.
func TestRecordDamage(t *testing.T) {
	rec := appendRecord(nil, []store.Click{{WorkspaceID: 1, LinkID: 2, ClickID: "c1", At: 10}})
	flip := func(i int) []byte {
		b := append([]byte(nil), rec...)
		b[i] ^= 0x40
		return b
	}
	hugeLen := append([]byte(nil), rec...)
	binary.LittleEndian.PutUint32(hugeLen, maxPayload+1)
	tests := []struct {
		name  string
		b     []byte
		short bool
	}{
		{"zeros", make([]byte, 64), false},
		{"empty", nil, true},
		{"half a header", rec[:4], true},
		{"cut payload", rec[:len(rec)-1], true},
		{"payload bit flipped", flip(len(rec) - 3), false},
		{"checksum bit flipped", flip(5), false},
		{"length beyond the limit", hugeLen, false},
	}
	for _, tt := range tests {
		_, _, short, err := nextRecord(tt.b)
		if !errors.Is(err, errEnd) || short != tt.short {
			t.Errorf("%s: err %v short %v; want errEnd, short %v", tt.name, err, short, tt.short)
		}
	}
}

func FuzzDecodeRecord(f *testing.F) {
	f.Add(appendRecord(nil, []store.Click{{WorkspaceID: 3, LinkID: 4, ClickID: "x", Referrer: "r"}}))
	f.Add([]byte{8, 0, 0, 0, 1, 2, 3, 4, 1, 1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		payload, size, _, err := nextRecord(b)
		if err != nil {
			return
		}
		if size > len(b) {
			t.Fatalf("size %d beyond %d bytes", size, len(b))
		}
		// Must not panic: an error is fine, since only a bug could write
		// an intact record that does not decode.
		decodeRecord(nil, payload)
	})
}
