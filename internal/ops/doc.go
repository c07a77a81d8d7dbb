// Package ops holds the day-to-day running of a campaign that is not the
// pipeline itself: the brief as creators read it, message templates with
// merge fields, deliverables and their deadlines, reminders for overdue
// ones, a creator's delivery record, and the registry of periodic jobs that
// sends those reminders. It knows nothing of HTTP, SQL or SMTP.
package ops
