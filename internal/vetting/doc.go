// Package vetting scores creator audiences: whether an account looks fake or
// automated, whether a comment is spam, and what a genuine comment wants.
//
// The models are small logistic regressions whose fitted parameters ship as
// JSON (see params/), so anyone can read what they weigh, and a brand can
// refit them on its own labelled data with TrainAccounts and TrainComments.
// The package knows nothing of HTTP or SQL.
package vetting
