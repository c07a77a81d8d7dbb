# The test command the README and CI run. PostgreSQL tests run too when
# CHORUS_TEST_POSTGRES holds a server URL (CI always sets it).
.PHONY: test check demo bench chromium

test: chromium
	go test -count=1 ./...

# The browser tests drive Debian's Chromium: install it when it is missing
# (as root, with apt-get; elsewhere install it yourself, or set CHORUS_E2E=off).
chromium:
	@command -v chromium >/dev/null 2>&1 || [ "$$CHORUS_E2E" = off ] || { echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; }

check:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet ./...
	staticcheck ./...

demo:
	go run ./cmd/chorus demo

bench:
	go test -run '^$$' -bench . -benchtime 100x ./...
