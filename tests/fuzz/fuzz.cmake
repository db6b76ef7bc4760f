# libFuzzer targets (tests/fuzz/README.md). Included by the top-level CMakeLists.txt when
# PYLORE_FUZZ is on: a build of its own, with clang, where everything is compiled with
# AddressSanitizer + UndefinedBehaviorSanitizer and the fuzzer's coverage instrumentation.
# Each target is one ctest test (label `fuzz`) that runs it for PYLORE_FUZZ_SECONDS on a copy
# of its committed seed corpus; `make fuzz` runs them for longer (FUZZ_SECONDS).

set(PYLORE_FUZZ_SECONDS 30 CACHE STRING "How long each fuzz target runs under ctest")
set(PYLORE_FUZZ_TARGETS fuzz_rpc fuzz_session fuzz_notes)
foreach(name ${PYLORE_FUZZ_TARGETS})
  add_executable(${name} ${CMAKE_SOURCE_DIR}/tests/fuzz/${name}.c)
  target_compile_options(${name} PRIVATE ${PYLORE_WARN})
  target_link_libraries(${name} PRIVATE pylore_core)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  add_test(NAME fuzz/${name}
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz/run.sh $<TARGET_FILE:${name}>
                   ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name} ${PYLORE_FUZZ_SECONDS}
           WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
  set_tests_properties(fuzz/${name} PROPERTIES LABELS fuzz TIMEOUT 600
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endforeach()
