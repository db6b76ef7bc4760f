# pylore: thin wrapper over CMake. `make demo` and `make test` work on a fresh Debian 12
# machine (as root or with sudo): they install what is missing, fetch the grammar, build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build asan demo test test-unit test-asan bench compare-ruff clean editors-setup vsix

all: build

deps:
	@sh scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPYLORE_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPYLORE_WERROR=ON -DPYLORE_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)

# The main job: check the example files (exit 1 only means "findings"), then explain one
# construct as a hover would.
demo: build
	@echo "== pylore check examples/"
	@./$(BUILD)/pylore check examples/; status=$$?; [ $$status -le 1 ]
	@echo
	@echo "== pylore explain examples/pitfalls.py:4:12"
	@./$(BUILD)/pylore explain examples/pitfalls.py:4:12

# npm packages of the editor integrations and their tests, from the committed lockfiles.
editors-setup: deps
	@sh editors/setup.sh

# The VS Code extension, with this machine's server binary inside.
vsix: build editors-setup
	cd editors/vscode && PYLORE_BIN=$(CURDIR)/$(BUILD)/pylore npm run package

test-unit: build editors-setup
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

test-asan: asan editors-setup
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS)

# Everything, then everything again under AddressSanitizer + UndefinedBehaviorSanitizer.
test: test-unit test-asan

bench: build
	sh bench/run.sh

# A measurement, not a test: pylore's notes against the Ruff rules that mean nearly the same
# thing, on this machine's standard library (bench/ruff/README.md). Needs npm.
compare-ruff: build
	cd bench/ruff && npm ci --no-audit --no-fund >/dev/null
	python3 bench/ruff_compare.py --pylore $(BUILD)/pylore --show 5

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
