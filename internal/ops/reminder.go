package ops

import (
	"fmt"
	"time"
)

// Overdue is a deliverable past its due time with what a reminder needs.
type Overdue struct {
	Deliverable
	WorkspaceID  int64
	CreatorName  string
	CreatorEmail string
	Campaign     string
}

// Reminder is the message sent once for an overdue deliverable. It is a
// fixed text, not a workspace template, so it cannot be saved broken.
func Reminder(o Overdue, now time.Time) Rendered {
	days := int(now.Sub(o.Due).Hours() / 24)
	late := "today"
	switch {
	case days == 1:
		late = "1 day ago"
	case days > 1:
		late = fmt.Sprintf("%d days ago", days)
	}
	t := Template{
		Subject: "Reminder: your {{campaign}} " + o.Kind + " was due " + o.Due.UTC().Format("2 Jan"),
		Body: "Hi {{creator_name}},\n\nA friendly reminder: the " + o.Kind + " for " + o.Platform +
			" in {{campaign}} was due on " + o.Due.UTC().Format("Monday 2 January 2006") + " (" + late + ").\n\n" +
			"If it is on its way, just reply with the draft or the link. If something is in the way, reply and tell us: " +
			"we would rather move a date than lose the piece.\n\nThank you!",
	}
	r, _ := t.Render(Values{CreatorName: o.CreatorName, Campaign: o.Campaign}) // the text above is valid
	return r
}
