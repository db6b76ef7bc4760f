# End-to-end tests of the editor integrations, with real clients:
#   e2e/nvim-en, e2e/nvim-zh   headless Neovim (0.7+) through editors/nvim
#   e2e/emacs-en, e2e/emacs-zh Emacs in batch mode with eglot and the snippet of editors/README.md
#   e2e/vscode-protocol        VS Code's protocol layer (vscode-jsonrpc) driving the server
#   e2e/vscode-extension       editors/vscode/extension.js + vscode-languageclient + the server,
#                              under a stand-in for the `vscode` module
#   e2e/vscode-unit            the VS Code extension's own logic (node --test)
#   e2e/vsix                   `npm run package` and the .vsix file list
# The npm packages come from the committed lockfiles through editors/setup.sh; these tests
# install nothing. Included from the top-level CMakeLists.txt; all are labelled `e2e`
# (ctest -L e2e runs only them, ctest -LE e2e everything else).

get_filename_component(PYLORE_E2E_DIR ${CMAKE_CURRENT_LIST_DIR} ABSOLUTE)
get_filename_component(PYLORE_E2E_ROOT ${PYLORE_E2E_DIR}/../.. ABSOLUTE)
# Sanitizer builds run several times slower: longer waits for the server's answers.
if(PYLORE_SANITIZE)
  set(PYLORE_E2E_WAIT_MS 60000)
  set(PYLORE_E2E_CTEST_TIMEOUT 900)
else()
  set(PYLORE_E2E_WAIT_MS 15000)
  set(PYLORE_E2E_CTEST_TIMEOUT 240)
endif()
set(PYLORE_E2E_ENV PYLORE_BIN=$<TARGET_FILE:pylore> PYLORE_TEST_TIMEOUT_MS=${PYLORE_E2E_WAIT_MS})

find_program(PYLORE_NVIM nvim)
find_program(PYLORE_EMACS emacs)
find_program(PYLORE_NODE node)
find_program(PYLORE_NPM npm)

# A test that fails, saying what is missing, in place of one that cannot run.
function(pylore_e2e_missing name what)
  add_test(NAME ${name}
    COMMAND sh -c "echo \"${name}: ${what} not found; run make deps (scripts/install-deps.sh)\" >&2; exit 1")
  set_tests_properties(${name} PROPERTIES LABELS e2e)
endfunction()

if(PYLORE_NVIM)
  foreach(lang en zh)
    add_test(NAME e2e/nvim-${lang}
      COMMAND ${CMAKE_COMMAND} -E env ${PYLORE_E2E_ENV} PYLORE_TEST_LANG=${lang}
              ${PYLORE_NVIM} --headless --clean -u NONE -i NONE
              -c "luafile ${PYLORE_E2E_DIR}/nvim_test.lua"
      WORKING_DIRECTORY ${PYLORE_E2E_ROOT})
    set_tests_properties(e2e/nvim-${lang} PROPERTIES LABELS e2e TIMEOUT ${PYLORE_E2E_CTEST_TIMEOUT})
  endforeach()
else()
  pylore_e2e_missing(e2e/nvim-en "nvim (Debian package neovim)")
  pylore_e2e_missing(e2e/nvim-zh "nvim (Debian package neovim)")
endif()

if(PYLORE_EMACS AND EXISTS /usr/share/emacs/site-lisp/elpa-src)
  foreach(lang en zh)
    add_test(NAME e2e/emacs-${lang}
      COMMAND ${CMAKE_COMMAND} -E env ${PYLORE_E2E_ENV} PYLORE_TEST_LANG=${lang}
              ${PYLORE_EMACS} --batch -Q -l ${PYLORE_E2E_DIR}/emacs_test.el
      WORKING_DIRECTORY ${PYLORE_E2E_ROOT})
    set_tests_properties(e2e/emacs-${lang} PROPERTIES LABELS e2e TIMEOUT ${PYLORE_E2E_CTEST_TIMEOUT})
  endforeach()
else()
  pylore_e2e_missing(e2e/emacs-en "emacs with eglot (Debian packages emacs-nox, elpa-eglot)")
  pylore_e2e_missing(e2e/emacs-zh "emacs with eglot (Debian packages emacs-nox, elpa-eglot)")
endif()

if(PYLORE_NODE)
  add_test(NAME e2e/vscode-protocol
    COMMAND ${CMAKE_COMMAND} -E env ${PYLORE_E2E_ENV}
            ${PYLORE_NODE} --test ${PYLORE_E2E_DIR}/vscode_protocol.test.js
    WORKING_DIRECTORY ${PYLORE_E2E_ROOT})
  add_test(NAME e2e/vscode-extension
    COMMAND ${CMAKE_COMMAND} -E env ${PYLORE_E2E_ENV}
            ${PYLORE_NODE} --test ${PYLORE_E2E_DIR}/vscode_extension.test.js
    WORKING_DIRECTORY ${PYLORE_E2E_ROOT})
  file(GLOB PYLORE_VSCODE_UNIT_TESTS CONFIGURE_DEPENDS ${PYLORE_E2E_ROOT}/editors/vscode/test/*.test.js)
  add_test(NAME e2e/vscode-unit
    COMMAND ${PYLORE_NODE} --test ${PYLORE_VSCODE_UNIT_TESTS}
    WORKING_DIRECTORY ${PYLORE_E2E_ROOT}/editors/vscode)
  set_tests_properties(e2e/vscode-protocol e2e/vscode-extension e2e/vscode-unit PROPERTIES LABELS e2e TIMEOUT ${PYLORE_E2E_CTEST_TIMEOUT})
else()
  pylore_e2e_missing(e2e/vscode-protocol "node (Debian package nodejs)")
  pylore_e2e_missing(e2e/vscode-extension "node (Debian package nodejs)")
  pylore_e2e_missing(e2e/vscode-unit "node (Debian package nodejs)")
endif()

if(PYLORE_NODE AND PYLORE_NPM)
  add_test(NAME e2e/vsix
    COMMAND ${CMAKE_COMMAND} -E env ${PYLORE_E2E_ENV}
            ${PYLORE_NODE} --test ${PYLORE_E2E_DIR}/vsix.test.js
    WORKING_DIRECTORY ${PYLORE_E2E_ROOT})
  set_tests_properties(e2e/vsix PROPERTIES LABELS e2e TIMEOUT ${PYLORE_E2E_CTEST_TIMEOUT})
else()
  pylore_e2e_missing(e2e/vsix "node and npm (Debian packages nodejs, npm)")
endif()
