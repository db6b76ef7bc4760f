/* params: the one place where the params of the LSP methods pylore serves become C values.
 * Each method has one jansson format (json_unpack_ex) saying which members it reads, of which
 * type, and whether they are required or optional (`?`), as the LSP specification has them.
 * A mismatch becomes a message that names the member, e.g.
 *   params.position.line: expected integer, got string
 *   params.textDocument is missing
 * ready for an InvalidParams reply (requests) or a warning (notifications).
 *
 * Rules kept for every method:
 *   - members pylore does not read are not checked (languageId, context.diagnostics,
 *     workDoneToken...): a client that gets them wrong loses nothing by it;
 *   - positions are {line, character} of integers in [0, 2^32 - 1] (pylore's offsets are 32-bit;
 *     LSP's uinteger stops at 2^31 - 1, larger ones are accepted and clamped by doc.h);
 *   - document versions are read when they are integers and ignored otherwise: refusing a
 *     didChange over its version would lose the edit and leave the text out of step;
 *   - initialize's capabilities and initializationOptions are read member by member, and a
 *     member of the wrong type counts as absent (clients send many shapes of these).
 * Strings and JSON values in the results are borrowed from `params`; nothing is allocated.
 * Every function returns 0, or -1 with a message in err (errlen bytes, NUL-terminated). */
#ifndef PYLORE_PARAMS_H
#define PYLORE_PARAMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* textDocument/hover, pylore/showNote (TextDocumentPositionParams). */
typedef struct {
  const char *uri;
  doc_position pos;
} par_text_position;
int par_text_position_read(const json_t *params, par_text_position *out, char *err,
                           size_t errlen);

/* textDocument/inlayHint (InlayHintParams) and textDocument/codeAction (CodeActionParams):
 * a document and a range; `only` is codeAction's context.only (an array, or NULL). */
typedef struct {
  const char *uri;
  doc_position start, end;
  const json_t *only;
} par_text_range;
int par_inlay_hint_read(const json_t *params, par_text_range *out, char *err, size_t errlen);
int par_code_action_read(const json_t *params, par_text_range *out, char *err, size_t errlen);

/* textDocument/diagnostic, textDocument/didClose: params.textDocument.uri. */
int par_text_document_read(const json_t *params, const char **uri, char *err, size_t errlen);

/* inlayHint/resolve: an InlayHint (position and label); the hint itself goes to the feature. */
int par_inlay_resolve_read(const json_t *params, char *err, size_t errlen);

/* textDocument/didOpen. */
typedef struct {
  const char *uri;
  const char *text;
  size_t text_len;
  int64_t version; /* 0 when absent or not an integer */
} par_did_open;
int par_did_open_read(const json_t *params, par_did_open *out, char *err, size_t errlen);

/* textDocument/didChange: the document and its changes, read one by one with
 * par_change_read (a change that is invalid is skipped, the others are applied). */
typedef struct {
  const char *uri;
  bool has_version; /* textDocument.version is an integer */
  int64_t version;
  const json_t *changes; /* contentChanges, an array */
} par_did_change;
int par_did_change_read(const json_t *params, par_did_change *out, char *err, size_t errlen);

/* One TextDocumentContentChangeEvent, contentChanges[index]. */
typedef struct {
  bool has_range; /* false: the whole text is replaced */
  doc_position start, end;
  const char *text;
  size_t text_len;
} par_change;
int par_change_read(const json_t *change, size_t index, par_change *out, char *err,
                    size_t errlen);

/* workspace/executeCommand: the command and its first argument (NULL when none). */
typedef struct {
  const char *command;
  const json_t *arg;
} par_command;
int par_command_read(const json_t *params, par_command *out, char *err, size_t errlen);

/* pylore.showNote's argument: a note id (a string or {id}), or {textDocument, position}. */
typedef struct {
  const char *note_id;  /* or NULL */
  bool by_position;     /* then `at` holds the document and position */
  par_text_position at;
} par_show_note_arg;
int par_show_note_arg_read(const json_t *arg, par_show_note_arg *out, char *err, size_t errlen);

/* $/setTrace: "off", "messages" or "verbose" (any string is accepted). */
int par_set_trace_read(const json_t *params, const char **value, char *err, size_t errlen);

/* $/cancelRequest: the id of the request to cancel (borrowed). */
int par_cancel_read(const json_t *params, const json_t **id, char *err, size_t errlen);

/* initialize. Fails only when params is not an object; every other member is optional and
 * counts as absent when of the wrong type. */
typedef struct {
  bool utf8;              /* capabilities.general.positionEncodings holds "utf-8" */
  bool markdown;          /* capabilities.textDocument.hover.contentFormat holds "markdown" */
  bool pull_diagnostics;  /* capabilities.textDocument.diagnostic is an object */
  bool show_document;     /* capabilities.window.showDocument.support is true */
  bool inlay_tooltip;     /* ...inlayHint.resolveSupport.properties holds "tooltip" */
  bool inlay_label_command; /* ... and "label.command" */
  const char *locale;     /* or NULL */
  const char *trace;      /* or NULL */
  /* initializationOptions */
  const char *language;   /* or NULL */
  const char *handbook_url; /* or NULL */
  bool explanations;      /* false only when `explanations` is false */
  bool inlay_hints_off;   /* `inlayHints` is false */
  bool inlay_constructs_off, inlay_parameters_off, inlay_call_arguments_off;
  const json_t *notes_paths;    /* an array (its non-strings are skipped), or NULL */
  const json_t *disabled_notes; /* an array (its non-strings are skipped), or NULL */
  json_int_t analysis_cache_kb; /* `analysisCacheKB`, or -1 when absent or not an integer */
} par_initialize;
int par_initialize_read(const json_t *params, par_initialize *out, char *err, size_t errlen);

#endif
