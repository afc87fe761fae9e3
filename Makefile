# dudao — `make` builds the tool and the example site; `make test` runs every test.
GO      ?= go
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all build site serve test bench clean FORCE

all: site

build: bin/dudao

bin/dudao: FORCE
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/dudao ./cmd/dudao

site: bin/dudao
	./bin/dudao build

# A live preview of the example site: rebuilt and reloaded on every save.
serve: bin/dudao
	./bin/dudao serve

# The browser tests (internal/browsertest) need Chromium, and their
# accessibility checks axe-core, which they install with npm into .cache/axe
# (git ignores it; it is never part of the site). Without them those tests
# skip: say so here, where it cannot be missed.
test:
	$(GO) vet ./...
	@if [ -z "$$DUDAO_CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
	  && ! command -v google-chrome >/dev/null 2>&1 && ! command -v google-chrome-stable >/dev/null 2>&1; then \
	  echo "make test: no Chromium installed: the browser tests (internal/browsertest) will be SKIPPED (apt-get install chromium fonts-noto-cjk)"; \
	elif [ -z "$$DUDAO_AXE" ] && ! command -v npm >/dev/null 2>&1 && [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then \
	  echo "make test: npm is not installed: the axe-core accessibility checks will be SKIPPED (apt-get install npm)"; \
	fi
	$(GO) test ./...

# Build speed and memory on generated corpora of 1,000 and 10,000 articles
# and what a province's 优质均衡 data adds to a build (100 districts × 150
# schools × 5 periods, built with and without data/), medians over several
# runs; then the Go micro-benchmarks, and what each page type of the example
# site transfers in headless Chromium (skipped where none is installed), and
# how fast dudao serve shows a saved article (10,000 articles) or data sheet
# (the province site).
bench: bin/dudao
	$(GO) run ./cmd/dudao-bench -bin bin/dudao -sizes 1000,10000 -province 100x150x5 -runs 5
	$(GO) test -run '^$$' -bench . -skip '^Benchmark(PageWeight|Serve)' -benchmem ./internal/...
	$(GO) test -run '^$$' -bench '^BenchmarkPageWeight$$' -benchtime 1x ./internal/browsertest
	$(GO) test -run '^$$' -bench '^BenchmarkServe' -benchtime 1x -timeout 30m ./internal/serve

clean:
	rm -rf bin public .bench

FORCE:
