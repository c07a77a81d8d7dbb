// Package mail sends e-mail through an SMTP server (a relay such as
// Postmark, SES or the organisation's own), as multipart text and HTML.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// Config says how to reach the SMTP server.
type Config struct {
	// Addr is host:port. Port 465 speaks TLS from the start; any other
	// port upgrades with STARTTLS when the server offers it.
	Addr string
	// User and Password authenticate with PLAIN when User is set; net/smtp
	// refuses to send them unencrypted except to localhost.
	User, Password string
	// From is the sender, as an address or "Name <address>".
	From string
	// Timeout bounds one whole send; 0 means 30 seconds.
	Timeout time.Duration
	// TLS overrides the TLS settings (tests, private CAs).
	TLS *tls.Config
}

// Message is one e-mail to one recipient.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string // optional; sent as the alternative to Text
}

// Sender sends messages with one configuration. It is safe for concurrent
// use: every send opens its own connection, because outreach volumes are
// small and a kept-open connection would time out between sends.
type Sender struct {
	cfg  Config
	from *mail.Address
	now  func() time.Time
}

// New checks cfg and makes a Sender.
func New(cfg Config) (*Sender, error) {
	var errs []error
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		errs = append(errs, fmt.Errorf("smtp address %q: want host:port", cfg.Addr))
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		errs = append(errs, fmt.Errorf("smtp from %q: %v", cfg.From, err))
	}
	if cfg.Password != "" && cfg.User == "" {
		errs = append(errs, errors.New("smtp password given without a user"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Sender{cfg: cfg, from: from, now: time.Now}, nil
}

// From is the sender address.
func (s *Sender) From() string { return s.from.Address }

// String describes the sender without its password.
func (s *Sender) String() string {
	if s.cfg.User != "" {
		return fmt.Sprintf("smtp://%s@%s from %s", s.cfg.User, s.cfg.Addr, s.from.Address)
	}
	return fmt.Sprintf("smtp://%s from %s", s.cfg.Addr, s.from.Address)
}

// Send delivers m to the server, returning the Message-ID it was given.
func (s *Sender) Send(ctx context.Context, m Message) (string, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return "", fmt.Errorf("recipient %q: %w", m.To, err)
	}
	host, port, _ := net.SplitHostPort(s.cfg.Addr)
	id := "<" + strings.ToLower(rand.Text()) + "@" + domainOf(s.from.Address) + ">"
	body, err := s.compose(m, to, id)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return "", fmt.Errorf("smtp %s: %w", s.cfg.Addr, err)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	tlsCfg := s.cfg.TLS
	if tlsCfg == nil {
		tlsCfg = &tls.Config{ServerName: host}
	}
	if port == "465" {
		conn = tls.Client(conn, tlsCfg)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return "", fmt.Errorf("smtp %s: %w", s.cfg.Addr, err)
	}
	defer c.Close()
	if err := s.deliver(c, port, tlsCfg, to.Address, body); err != nil {
		return "", fmt.Errorf("smtp %s: %w", s.cfg.Addr, err)
	}
	return id, nil
}

func (s *Sender) deliver(c *smtp.Client, port string, tlsCfg *tls.Config, to string, body []byte) error {
	if port != "465" {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsCfg); err != nil {
				return fmt.Errorf("starttls: %w", err)
			}
		}
	}
	if s.cfg.User != "" {
		host, _, _ := net.SplitHostPort(s.cfg.Addr)
		if err := c.Auth(smtp.PlainAuth("", s.cfg.User, s.cfg.Password, host)); err != nil {
			return fmt.Errorf("auth as %s: %w", s.cfg.User, err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("MAIL FROM %s: %w", s.from.Address, err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("RCPT TO %s: %w", to, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	return c.Quit()
}

func domainOf(addr string) string {
	if i := strings.LastIndex(addr, "@"); i >= 0 {
		return addr[i+1:]
	}
	return "localhost"
}

// compose writes the message in MIME form with CRLF line ends.
func (s *Sender) compose(m Message, to *mail.Address, id string) ([]byte, error) {
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("subject has a line break")
	}
	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	h("From", s.from.String())
	h("To", to.String())
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("Date", s.now().UTC().Format(time.RFC1123Z))
	h("Message-ID", id)
	h("MIME-Version", "1.0")
	if m.HTML == "" {
		h("Content-Type", "text/plain; charset=utf-8")
		h("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, m.Text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	mw := multipart.NewWriter(&b)
	h("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	b.WriteString("\r\n")
	for _, p := range []struct{ ctype, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.ctype + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		if err := writeQP(pw, p.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type writer interface{ Write([]byte) (int, error) }

func writeQP(w writer, s string) error {
	qp := quotedprintable.NewWriter(w)
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(s)); err != nil {
		return err
	}
	return qp.Close()
}
