package conversions

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"testing"
)

func TestParseLanding(t *testing.T) {
	tests := []struct {
		in      string
		utm     UTM
		clickID string
	}{
		{"", UTM{}, ""},
		{"/products/serum?utm_source=instagram&utm_medium=creator&utm_campaign=spring&chorus_cid=c_9f2", UTM{Source: "instagram", Medium: "creator", Campaign: "spring"}, "c_9f2"},
		{"https://shop.example/?utm_term=a%20b&utm_content=reel1", UTM{Term: "a b", Content: "reel1"}, ""},
		{"/?chorus_cid=abc&chorus_cid=def", UTM{}, "abc"}, // first value wins
		{"%zz", UTM{}, ""},
	}
	for _, tt := range tests {
		utm, cid := ParseLanding(tt.in)
		if utm != tt.utm || cid != tt.clickID {
			t.Errorf("ParseLanding(%q) = %+v, %q; want %+v, %q", tt.in, utm, cid, tt.utm, tt.clickID)
		}
	}
}

func TestHashEmail(t *testing.T) {
	salt := []byte("workspace-7")
	// Independent computation of the expected value with crypto/hmac.
	m := hmac.New(sha256.New, salt)
	m.Write([]byte("jon@doe.ca"))
	want := hex.EncodeToString(m.Sum(nil))

	if got := HashEmail(salt, " Jon@Doe.CA "); got != want {
		t.Errorf("HashEmail = %s, want %s", got, want)
	}
	if got := HashEmail([]byte("workspace-8"), "jon@doe.ca"); got == want {
		t.Error("HashEmail gave the same hash under another workspace's salt")
	}
	if got := HashEmail(salt, "  "); got != "" {
		t.Errorf("HashEmail of blank = %q, want empty", got)
	}
}

func TestNetTotal(t *testing.T) {
	o := Order{ExternalID: "1", Currency: "USD", Total: 19999}
	tests := []struct {
		name    string
		refunds []Refund
		want    int64
		wantErr bool
	}{
		{"none", nil, 19999, false},
		{"partial", []Refund{{ExternalID: "r1", OrderID: "1", Amount: 1000, Currency: "USD"}}, 18999, false}, // 199.99 - 10.00
		{"full", []Refund{{ExternalID: "r1", OrderID: "1", Amount: 1000, Currency: "USD"}, {ExternalID: "r2", OrderID: "1", Amount: 18999, Currency: "USD"}}, 0, false},
		{"other currency", []Refund{{ExternalID: "r1", Amount: 1000, Currency: "EUR"}}, 0, true},
		{"other order", []Refund{{ExternalID: "r1", OrderID: "2", Amount: 1000, Currency: "USD"}}, 0, true},
	}
	for _, tt := range tests {
		got, err := NetTotal(o, tt.refunds)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s: NetTotal = %d, %v; want %d, err=%v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestNormalizeCode(t *testing.T) {
	if got := NormalizeCode(" anna10 "); got != "ANNA10" {
		t.Errorf("NormalizeCode = %q", got)
	}
}

func TestVerifyHMAC(t *testing.T) {
	body := []byte(`{"id":1}`)
	// Expected signature computed independently: base64(HMAC-SHA256("k", body)).
	m := hmac.New(sha256.New, []byte("k"))
	m.Write(body)
	good := base64.StdEncoding.EncodeToString(m.Sum(nil))
	tests := []struct {
		name, secret, body, sig string
		want                    bool
	}{
		{"valid", "k", string(body), good, true},
		{"tampered", "k", `{"id":2}`, good, false},
		{"empty secret", "", string(body), good, false},
		{"no signature", "k", string(body), "", false},
		{"not base64", "k", string(body), "***", false},
	}
	for _, tt := range tests {
		if got := VerifyHMAC([]byte(tt.secret), []byte(tt.body), tt.sig); got != tt.want {
			t.Errorf("%s: VerifyHMAC = %v, want %v", tt.name, got, tt.want)
		}
	}
}
