# The binary `make dist` ships (a build with PYLORE_FULLY_STATIC, perhaps cross-compiled):
#   dist/static   no dynamic dependencies; the CLI and one LSP session with an empty
#                 environment in an empty folder (under qemu-user for another architecture)
# Included from the top-level CMakeLists.txt for PYLORE_FULLY_STATIC builds only.
if(NOT PYLORE_PYTHON3)
  add_test(NAME dist/static COMMAND sh -c "echo 'python3 not found: run make deps' >&2; exit 1")
  return()
endif()
set(PYLORE_DIST_TEST_ARGS --bin $<TARGET_FILE:pylore> --machine ${CMAKE_SYSTEM_PROCESSOR})
if(CMAKE_CROSSCOMPILING)
  list(APPEND PYLORE_DIST_TEST_ARGS --emulator ${CMAKE_CROSSCOMPILING_EMULATOR})
endif()
add_test(NAME dist/static
         COMMAND ${PYLORE_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/test_dist.py ${PYLORE_DIST_TEST_ARGS})
set_tests_properties(dist/static PROPERTIES TIMEOUT 300 ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1")
