package tracking

import (
	"encoding/binary"
	"net/netip"
	"testing"
)

// buildMMDB writes a MaxMind DB (format 2.0, record size 24, ipVersion 4 or 6)
// mapping each prefix to a record {"<field>": {"iso_code": code}}, following
// https://maxmind.github.io/MaxMind-DB/. The maxminddb library has no
// writer, and the format is small enough to write here. Prefixes must not
// overlap; in an IPv6 tree IPv4 prefixes are placed under ::/96 as the spec
// says.
func buildMMDB(t testing.TB, ipVersion int, records map[string][2]string) []byte {
	t.Helper()
	type node struct {
		child [2]*node
		data  [2]int // data offset + 1; 0 means none
	}
	root := &node{}
	var data []byte
	for prefix, rec := range records {
		p := netip.MustParsePrefix(prefix)
		bits := p.Bits()
		addr := p.Addr()
		if addr.Is4() {
			addr = netip.AddrFrom16(addr.As16()) // ::ffff:a.b.c.d
			a := addr.As16()
			a[10], a[11] = 0, 0 // ::a.b.c.d, where IPv4 lives in an IPv6 tree
			addr = netip.AddrFrom16(a)
			bits += 96
		}
		var a []byte
		if ipVersion == 4 {
			a4 := p.Addr().As4()
			a, bits = a4[:], p.Bits()
		} else {
			a16 := addr.As16()
			a = a16[:]
		}
		offset := len(data)
		data = mmdbMap(data, 1)
		data = mmdbString(data, rec[0])
		data = mmdbMap(data, 1)
		data = mmdbString(data, "iso_code")
		data = mmdbString(data, rec[1])
		cur := root
		for i := range bits {
			b := a[i/8] >> (7 - i%8) & 1
			if i == bits-1 {
				cur.data[b] = offset + 1
				break
			}
			if cur.child[b] == nil {
				cur.child[b] = &node{}
			}
			cur = cur.child[b]
		}
	}
	// Number the nodes breadth first; the root must be node 0.
	nodes := []*node{root}
	index := map[*node]int{root: 0}
	for i := 0; i < len(nodes); i++ {
		for _, c := range nodes[i].child {
			if c != nil {
				index[c] = len(nodes)
				nodes = append(nodes, c)
			}
		}
	}
	n := len(nodes)
	var tree []byte
	for _, nd := range nodes {
		for side := range 2 {
			v := n // empty
			switch {
			case nd.child[side] != nil:
				v = index[nd.child[side]]
			case nd.data[side] != 0:
				v = n + 16 + nd.data[side] - 1
			}
			tree = append(tree, byte(v>>16), byte(v>>8), byte(v))
		}
	}
	out := append(tree, make([]byte, 16)...)
	out = append(out, data...)
	out = append(out, "\xAB\xCD\xEFMaxMind.com"...)
	out = mmdbMap(out, 9)
	out = mmdbString(out, "node_count")
	out = mmdbUint(out, 6, uint64(n))
	out = mmdbString(out, "record_size")
	out = mmdbUint(out, 5, 24)
	out = mmdbString(out, "ip_version")
	out = mmdbUint(out, 5, uint64(ipVersion))
	out = mmdbString(out, "database_type")
	out = mmdbString(out, "Chorus-Test-Country")
	out = mmdbString(out, "languages")
	out = append(out, 1, 4) // extended type 11 (array) of 1 element
	out = mmdbString(out, "en")
	out = mmdbString(out, "binary_format_major_version")
	out = mmdbUint(out, 5, 2)
	out = mmdbString(out, "binary_format_minor_version")
	out = mmdbUint(out, 5, 0)
	out = mmdbString(out, "build_epoch")
	out = mmdbUint(out, 9, 1_700_000_000)
	out = mmdbString(out, "description")
	out = mmdbMap(out, 1)
	out = mmdbString(out, "en")
	out = mmdbString(out, "test database")
	return out
}

func mmdbMap(b []byte, entries int) []byte { return append(b, 7<<5|byte(entries)) }

func mmdbString(b []byte, s string) []byte {
	if len(s) >= 29 {
		panic("test strings are short")
	}
	return append(append(b, 2<<5|byte(len(s))), s...)
}

// mmdbUint writes an unsigned integer of type 5 (uint16), 6 (uint32) or
// 9 (uint64, an extended type) in as few bytes as it needs.
func mmdbUint(b []byte, typ byte, v uint64) []byte {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], v)
	i := 0
	for i < 8 && buf[i] == 0 {
		i++
	}
	size := byte(8 - i)
	if typ > 7 {
		b = append(b, size, typ-7)
	} else {
		b = append(b, typ<<5|size)
	}
	return append(b, buf[i:]...)
}
