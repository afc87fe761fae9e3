# dudao — `make` builds the tool and the example site; `make test` runs every test.
GO      ?= go
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all build site test bench clean FORCE

all: site

build: bin/dudao

bin/dudao: FORCE
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/dudao ./cmd/dudao

site: bin/dudao
	./bin/dudao build

test:
	$(GO) vet ./...
	$(GO) test ./...

# Build speed and memory on generated corpora of 1,000 and 10,000 articles
# (medians over several runs), then the Go micro-benchmarks.
bench: bin/dudao
	$(GO) run ./cmd/dudao-bench -bin bin/dudao -sizes 1000,10000 -runs 5
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...

clean:
	rm -rf bin public .bench

FORCE:
