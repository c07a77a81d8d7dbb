// Package e2e holds the end-to-end tests: they drive Debian's Chromium with
// chromedp through the whole loop (sign in, import, shortlist, campaign,
// pipeline, settings) against a server running in the test process, fail on
// any console error, exception or unexpected failed request, check every
// page visited for accessibility and phone-width layout problems, and save
// screenshots under artifacts/e2e/. See docs/ui.md.
//
// The package has no code outside its tests.
package e2e
