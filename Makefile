# The test command the README and CI run. PostgreSQL tests run too when
# CHORUS_TEST_POSTGRES holds a server URL (CI always sets it).
.PHONY: test check demo bench

test:
	go test -count=1 ./...

check:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet ./...
	staticcheck ./...

demo:
	go run ./cmd/chorus demo

bench:
	go test -run '^$$' -bench . -benchtime 100x ./...
