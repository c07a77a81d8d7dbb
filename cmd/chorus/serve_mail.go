package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/chorushq/chorus/internal/mail"
)

// mailFlags say how serve reaches an SMTP server for outreach and
// reminders. The password is never logged or shown: give it with
// CHORUS_SMTP_PASSWORD_FILE rather than on the command line.
type mailFlags struct {
	addr, user, password, from string
}

func addMailFlags(fs *flag.FlagSet) *mailFlags {
	m := &mailFlags{}
	fs.StringVar(&m.addr, "smtp-addr", "", "SMTP server host:port for outreach and reminders (465: TLS; others: STARTTLS when offered); empty: messages are recorded as failed")
	fs.StringVar(&m.user, "smtp-user", "", "SMTP user name")
	fs.StringVar(&m.password, "smtp-password", "", "SMTP password (prefer CHORUS_SMTP_PASSWORD_FILE)")
	fs.StringVar(&m.from, "smtp-from", "", `sender of outreach and reminders, as "Acme Partnerships <partners@acme.example>"`)
	return m
}

// sender builds the mail sender; nil when no --smtp-addr is given.
func (m *mailFlags) sender() (*mail.Sender, error) {
	if m.addr == "" {
		if m.user != "" || m.password != "" || m.from != "" {
			return nil, errors.New("--smtp-user, --smtp-password and --smtp-from need --smtp-addr")
		}
		return nil, nil
	}
	if m.from == "" {
		return nil, errors.New("--smtp-addr needs --smtp-from, the address messages come from")
	}
	s, err := mail.New(mail.Config{Addr: m.addr, User: m.user, Password: m.password, From: m.from})
	if err != nil {
		return nil, fmt.Errorf("--smtp-*: %w", err)
	}
	return s, nil
}

func (m *mailFlags) validate() []error {
	if _, err := m.sender(); err != nil {
		return []error{err}
	}
	return nil
}
