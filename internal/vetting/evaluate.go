package vetting

// EvaluateAccounts scores every profile of s with m's threshold.
func EvaluateAccounts(m *AccountModel, s AccountSet) Metrics {
	var out Metrics
	for _, p := range s.Profiles {
		out.Add(m.Score(p.Profile).Fake, p.Fake)
	}
	return out
}

// EvaluateComments classifies every comment of s with m's threshold.
func EvaluateComments(m *CommentModel, s CommentSet) Metrics {
	var out Metrics
	for _, c := range s.Comments {
		out.Add(m.Classify(c.Text).Spam, c.Spam)
	}
	return out
}
