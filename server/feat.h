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
#include "hintcache.h"
#include "kb.h"
#include "sig.h"
#include "syntax.h"

/* The kinds of inlay hint, switched on and off one by one (initializationOptions.inlayHints). */
enum { INLAY_CONSTRUCTS = 1, INLAY_PARAMETERS = 2, INLAY_CALL_ARGUMENTS = 4 };

typedef struct {
  const kb *k;
  const unsigned char *enabled; /* kb_count flags: notes switched on */
  kb_lang lang;
  doc_encoding enc;
  bool markdown;      /* the client renders Markdown in hovers */
  unsigned inlay_kinds;   /* INLAY_* flags: the kinds of inlay hint switched on */
  bool inlay_label_parts; /* the client runs a label part's command (label.command) */
  bool inlay_lazy;        /* the client asks inlayHint/resolve for tooltips */
  const sig_table *sigs;  /* call signatures for argument-name hints; may be NULL */
  const an_findings *pitfalls; /* the document's pitfalls (fnd_get), for hover; NULL: none
                                  known, hover runs the pitfall query at the position */
  const syn_errors *syntax;    /* the document's syntax errors (fnd_get), or NULL */
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
/* One syntax error as an LSP Diagnostic (severity error, its message filled in). New
 * reference. */
json_t *diag_syntax_json(const feat_env *env, doc *d, const syn_error *e);
/* textDocument/codeAction: the quick fixes of the syntax errors and pitfalls in [start, end], "fix all" of
 * their notes, source.fixAll.pylore (every safe fix) and "Explain: <title>" for the notes
 * there, filtered by `only` (an array of CodeActionKinds, or NULL). New reference. */
json_t *action_compute(const feat_env *env, doc *d, doc_position start, doc_position end,
                       const json_t *only);

/* textDocument/hover: a Hover object, or json null when nothing is explained at `pos`.
 * New reference. */
json_t *hover_compute(const feat_env *env, doc *d, doc_position pos);
/* The Diagnostic[] of a document's findings (fnd_get or fnd_compute on d's current text):
 * every syntax error, the too-deep notice and every pitfall. New reference. */
json_t *diag_compute(const feat_env *env, doc *d, const fnd_set *found);
/* textDocument/inlayHint: the InlayHint[] whose position lies inside [start, end]; only
 * that range is analysed, and only where `cache` (the document's, or NULL for none) has not
 * looked yet in this revision. `found` (NULL, or fnd_get's for d's current text) says what
 * changed since the cache's revision, which carries it across the edit. New reference. */
json_t *inlay_compute(const feat_env *env, doc *d, hc_cache *cache, const fnd_set *found,
                      doc_position start, doc_position end);
/* inlayHint/resolve: a copy of `hint` with its tooltip (the note's summary). New reference. */
json_t *inlay_resolve(const feat_env *env, const json_t *hint);
/* The whole note (markdown or plain) of the innermost construct at pos, as
 * {id, title, kind, contents}; json null when none. Serves the editors' "show note". */
json_t *hover_note(const feat_env *env, doc *d, doc_position pos);

#endif
