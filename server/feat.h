/* feat: hover, diagnostics and inlay hints. Each turns analysis findings for one
 * document into LSP JSON; they share the environment below, which the session fills from
 * the client's settings. No I/O. */
#ifndef PYLORE_FEAT_H
#define PYLORE_FEAT_H

#include <jansson.h>
#include <stdbool.h>

#include "analysis.h"
#include "doc.h"
#include "kb.h"

typedef struct {
  const kb *k;
  const unsigned char *enabled; /* kb_count flags: notes switched on */
  kb_lang lang;
  doc_encoding enc;
  bool markdown;      /* the client renders Markdown in hovers */
  bool inlay_hints;   /* inlay hints are switched on */
  const an_findings *pitfalls; /* the document's pitfalls, when known for its current text */
  TSParser *parser;   /* borrowed, the session's */
  an_ctx *an;         /* borrowed, the session's */
  const char *handbook_url; /* where `pylore notes --html` pages are served, or NULL */
  const char *uri;    /* the document's URI, for edits */
} feat_env;

/* Where a note is published when no handbook URL is configured: its source in the project's
 * repository (GitHub renders the Markdown). */
#define PYLORE_NOTES_URL "https://github.com/pylore/pylore/blob/main/knowledge"

/* The page of a note: handbook_url + "<lang>/<id>.html", else its source file. malloc'd. */
char *diag_note_href(const feat_env *env, const kb_note *n);
/* One pitfall finding as an LSP Diagnostic (with codeDescription, and the Deprecated tag for
 * py2-* notes). New reference. */
json_t *diag_finding_json(const feat_env *env, doc *d, const an_finding *f);
/* textDocument/codeAction: the quick fixes of the pitfalls in [start, end], "fix all" of
 * their notes, source.fixAll.pylore (every safe fix) and "Explain: <title>" for the notes
 * there, filtered by `only` (an array of CodeActionKinds, or NULL). New reference. */
json_t *action_compute(const feat_env *env, doc *d, doc_position start, doc_position end,
                       const json_t *only);

/* textDocument/hover: a Hover object, or json null when nothing is explained at `pos`.
 * New reference (NULL when out of memory). */
json_t *hover_compute(const feat_env *env, doc *d, doc_position pos);
/* The Diagnostic[] of a document: every pitfall and syntax error. New reference. When
 * `pitfalls` is not NULL it receives the pitfall findings (the caller clears it), so that
 * hovers on the same text need not run the pitfall query again. */
json_t *diag_compute(const feat_env *env, doc *d, an_findings *pitfalls);
/* textDocument/inlayHint: InlayHint[] for notes with a hint inside [start, end]. */
json_t *inlay_compute(const feat_env *env, doc *d, doc_position start, doc_position end);
/* The whole note (markdown or plain) of the innermost construct at pos, as
 * {id, title, kind, contents}; json null when none. Serves the editors' "show note". */
json_t *hover_note(const feat_env *env, doc *d, doc_position pos);

#endif
