# Black-box tests: Python scripts (standard library only) that run the real `pylore` binary,
# as an LSP server over pipes (tests/lsp/) and as a command line (tests/cli/), and the check of
# the notes' outputs (tests/knowledge/). Included by the top-level CMakeLists.txt; one ctest
# test per script, named lsp/<name>, cli/<name> or knowledge/<name>, so `ctest -R lsp/` runs
# the session tests; tests/lint/ checks the sources themselves.

find_program(PYLORE_PYTHON3 NAMES python3)
if(NOT PYLORE_PYTHON3)
  message(WARNING "pylore: python3 not found (apt-get install python3): the LSP and CLI tests are not registered")
  return()
endif()

file(GLOB PYLORE_PY_TESTS CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/tests/lsp/test_*.py ${CMAKE_SOURCE_DIR}/tests/cli/test_*.py)
# The notes' outputs against what Python prints (knowledge/README.md, "Outputs"): it does not
# run pylore, so the sanitizer build has nothing to add to it.
if(NOT PYLORE_SANITIZE)
  list(APPEND PYLORE_PY_TESTS ${CMAKE_SOURCE_DIR}/tests/knowledge/test_outputs.py)
endif()

# Source checks that run no binary (tests/lint/): once, in the normal build.
if(NOT PYLORE_SANITIZE)
  add_test(NAME lint/xalloc
           COMMAND ${PYLORE_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/lint/test_xalloc.py
                   --root ${CMAKE_SOURCE_DIR})
  set_tests_properties(lint/xalloc PROPERTIES TIMEOUT 60 ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1")
endif()

# Sanitizer builds run several times slower: the scripts scale their reply timeouts.
if(PYLORE_SANITIZE)
  set(PYLORE_TEST_SCALE 4)
  set(PYLORE_TEST_CTEST_TIMEOUT 3600)
else()
  set(PYLORE_TEST_SCALE 1)
  set(PYLORE_TEST_CTEST_TIMEOUT 900)
endif()

# The binaries of `make dist` (fully static, perhaps for another architecture under an
# emulator) run the command-line tests; their LSP session is tests/dist/test_dist.py.
if(PYLORE_FULLY_STATIC)
  list(FILTER PYLORE_PY_TESTS INCLUDE REGEX "/tests/cli/")
endif()

foreach(script ${PYLORE_PY_TESTS})
  get_filename_component(name ${script} NAME_WE)
  get_filename_component(dir ${script} DIRECTORY)
  get_filename_component(area ${dir} NAME)
  string(REGEX REPLACE "^test_" "" short ${name})
  add_test(NAME ${area}/${short}
           COMMAND ${PYLORE_PYTHON3} ${script} --bin ${PYLORE_TEST_BIN}
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(${area}/${short} PROPERTIES
    TIMEOUT ${PYLORE_TEST_CTEST_TIMEOUT}
    ENVIRONMENT "PYLORE_TEST_TIMEOUT_SCALE=${PYLORE_TEST_SCALE};PYTHONDONTWRITEBYTECODE=1;PYLORE_TEST_VERBOSITY=1")
endforeach()

# No leaks and no invalid accesses under valgrind's memcheck (the sanitizer build covers the
# rest of the suite; valgrind cannot run a sanitized binary).
find_program(PYLORE_VALGRIND valgrind)
if(NOT PYLORE_SANITIZE AND NOT PYLORE_FULLY_STATIC)
  if(PYLORE_VALGRIND)
    add_test(NAME valgrind/session
             COMMAND sh ${CMAKE_SOURCE_DIR}/tests/valgrind/run.sh $<TARGET_FILE:pylore>
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(valgrind/session PROPERTIES TIMEOUT 900
      ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1")
  else()
    add_test(NAME valgrind/session
             COMMAND sh -c "echo 'valgrind not found: run make deps' >&2; exit 1")
  endif()
endif()
