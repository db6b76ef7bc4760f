# pylore: thin wrapper over CMake. `make demo` and `make test` work on a fresh Debian 12
# machine (as root or with sudo): they install what is missing, fetch the grammar, build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
# How long `make fuzz` runs each fuzz target (`make test` runs each for 30 s).
FUZZ_SECONDS ?= 300
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build asan fuzz-build demo test test-unit test-asan test-fuzz fuzz bench clean editors-setup vsix

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
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPYLORE_WERROR=ON -DPYLORE_FUZZ=ON >/dev/null
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

# Everything, then everything again under AddressSanitizer + UndefinedBehaviorSanitizer,
# then each fuzz target for 30 s.
test: test-unit test-asan test-fuzz

bench: build
	sh bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
