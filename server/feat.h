/* feat: hover, diagnostics and inlay hints. Each turns analysis findings for one
 * document into LSP JSON; they share the environment below, which the session fills from
 * the client's settings. No I/O. */
#ifndef PYLORE_FEAT_H
#define PYLORE_FEAT_H

#include <jansson.h>
#include <stdbool.h>

#include "analysis.h"
#include "doc.h"
#include "findings.h"
#include "kb.h"

typedef struct {
  const kb *k;
  const unsigned char *enabled; /* kb_count flags: notes switched on */
  kb_lang lang;
  doc_encoding enc;
  bool markdown;      /* the client renders Markdown in hovers */
  bool inlay_hints;   /* inlay hints are switched on */
  const an_findings *pitfalls; /* the document's pitfalls (fnd_get), for hover; NULL: none
                                  known, hover runs the pitfall query at the position */
  TSParser *parser;   /* borrowed, the session's */
  an_ctx *an;         /* borrowed, the session's */
} feat_env;

/* textDocument/hover: a Hover object, or json null when nothing is explained at `pos`.
 * New reference (NULL when out of memory). */
json_t *hover_compute(const feat_env *env, doc *d, doc_position pos);
/* The Diagnostic[] of a document's findings (fnd_get or fnd_compute on d's current text):
 * every syntax error, the too-deep notice and every pitfall. New reference. */
json_t *diag_compute(const feat_env *env, doc *d, const fnd_set *found);
/* textDocument/inlayHint: InlayHint[] for notes with a hint inside [start, end]. */
json_t *inlay_compute(const feat_env *env, doc *d, doc_position start, doc_position end);
/* The whole note (markdown or plain) of the innermost construct at pos, as
 * {id, title, kind, contents}; json null when none. Serves the editors' "show note". */
json_t *hover_note(const feat_env *env, doc *d, doc_position pos);

#endif
