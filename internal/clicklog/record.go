package clicklog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/chorushq/chorus/internal/store"
)

// A record is one group commit: an 8-byte header (payload length and
// CRC-32C of the payload, little-endian) and the payload, a version byte
// and the clicks. Segments are filled with zeros before use, so a zero
// length marks the end of what was written, and a record torn by a crash
// fails its checksum.
const (
	headerSize    = 8
	recordVersion = 1
	// maxPayload bounds a record when reading: anything longer is not a
	// record but the remains of a torn one.
	maxPayload = 8 << 20
	// maxClickBytes is more than one click takes once the redirect has
	// bounded its fields (a referrer of 1 KiB, user-agent parts of a few
	// hundred bytes), for sizing segments.
	maxClickBytes = 2048
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errEnd means no further record: zeros, a torn write or the end of the
// segment.
var errEnd = errors.New("end of records")

// appendRecord appends the record of clicks to buf.
func appendRecord(buf []byte, clicks []store.Click) []byte {
	start := len(buf)
	buf = append(buf, make([]byte, headerSize)...)
	buf = append(buf, recordVersion)
	buf = binary.AppendUvarint(buf, uint64(len(clicks)))
	for i := range clicks {
		buf = appendClick(buf, &clicks[i])
	}
	payload := buf[start+headerSize:]
	binary.LittleEndian.PutUint32(buf[start:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(buf[start+4:], crc32.Checksum(payload, castagnoli))
	return buf
}

func appendClick(buf []byte, c *store.Click) []byte {
	buf = binary.AppendUvarint(buf, uint64(c.WorkspaceID))
	buf = binary.AppendUvarint(buf, uint64(c.LinkID))
	buf = binary.AppendVarint(buf, c.At)
	var bot byte
	if c.Bot {
		bot = 1
	}
	buf = append(buf, bot)
	for _, s := range [...]string{c.ClickID, c.IPHash, c.BotName, c.Device, c.OS, c.Browser, c.InApp, c.Referrer, c.Country} {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	return buf
}

// nextRecord reads the record at the start of b. It returns the record's
// whole size, or 0 with errEnd when b starts with no complete, intact
// record; b shorter than the record's length also gives errEnd, so callers
// that read in chunks must retry with more bytes when short is true.
func nextRecord(b []byte) (payload []byte, size int, short bool, err error) {
	if len(b) < headerSize {
		return nil, 0, true, errEnd
	}
	n := int(binary.LittleEndian.Uint32(b))
	if n == 0 || n > maxPayload {
		return nil, 0, false, errEnd
	}
	if len(b) < headerSize+n {
		return nil, 0, true, errEnd
	}
	payload = b[headerSize : headerSize+n]
	if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(b[4:]) {
		return nil, 0, false, errEnd
	}
	return payload, headerSize + n, false, nil
}

// decodeRecord appends the clicks of an intact payload to clicks.
func decodeRecord(clicks []store.Click, payload []byte) ([]store.Click, error) {
	d := decoder{b: payload}
	if v := d.byte(); v != recordVersion {
		return clicks, fmt.Errorf("record version %d: this build reads version %d", v, recordVersion)
	}
	n := d.uvarint()
	for i := uint64(0); i < n && d.err == nil; i++ {
		var c store.Click
		c.WorkspaceID = int64(d.uvarint())
		c.LinkID = int64(d.uvarint())
		c.At = d.varint()
		c.Bot = d.byte() == 1
		for _, s := range [...]*string{&c.ClickID, &c.IPHash, &c.BotName, &c.Device, &c.OS, &c.Browser, &c.InApp, &c.Referrer, &c.Country} {
			*s = d.string()
		}
		clicks = append(clicks, c)
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%d bytes after the last click", len(d.b))
	}
	if d.err != nil {
		// The checksum matched, so this is a bug, not a torn write.
		return clicks, fmt.Errorf("decode record: %w", d.err)
	}
	return clicks, nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errors.New("record ends early")
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if uint64(len(d.b)) < n {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}
