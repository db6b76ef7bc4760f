/* analysis_scan: what the analysis entry points (analysis.c) and the incremental update
 * (analysis_update.c) share: the per-thread context, the findings lists' upkeep, each
 * pattern's reach (how far from its match its predicates look) and running the combined
 * query from a node with the range, root and predicate filters. Internal to the analysis:
 * nothing outside analysis*.c includes it. Pure C, no I/O. */
#ifndef PYLORE_ANALYSIS_SCAN_H
#define PYLORE_ANALYSIS_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "analysis.h"
#include "kb.h"
#include "predicate.h"

/* Brackets nested deeper than this are not Python any more (CPython stops at 200), and
 * tree-sitter's query cursor is quadratic in the depth: such files are not queried. */
#define ANS_MAX_NESTING 1000
/* Tree levels below the node a query starts from. Chains without brackets nest too (the
 * calls of `f()()()…`, `not not …`, `a and b and …`: a level per link), and past 65,535
 * levels tree-sitter 0.20.7's query cursor (16-bit depths in its match states) no longer
 * finishes; on a chain of a few thousand links its cost is already quadratic. ans_exec runs
 * nothing (and sets too_deep) past this depth. */
#define ANS_MAX_DEPTH 3000

struct an_ctx {
  TSQueryCursor *cursor;
  pred_cache *cache; /* valid during one run only: the tree may be freed after it */
  double budget;     /* seconds per call; 0: none */
};

/* How far from its match a predicate looks. A match depends on its root's subtree, plus:
 *   LOCAL     nothing else, or the root's ancestors and their own fields, which an edit can
 *             change only by also changing the statement that holds the root;
 *   SIBLINGS  the statements around an ancestor (the parent's block, the previous one);
 *   NAME      whether the text of a captured name is bound anywhere in the file.
 * A predicate missing from this table is assumed to look anywhere: a query that uses it is
 * always analysed from scratch. Adding a predicate means giving it its reach here. */
enum {
  ANS_R_LOCAL = 0, ANS_R_SIBLINGS = 1, ANS_R_NAME = 2, ANS_R_ANYWHERE = 4, ANS_R_FRAME = 8, ANS_R_IMPORTS = 16,
  ANS_R_CLASS = 32
};

/* ANS_R_FRAME: anything in the innermost function holding the match (the statements after it,
 * the loops around it): the statement re-run is widened to that function. ANS_R_NAME: the name
 * is the leading identifier of the capture's text (`time` of `time.sleep(1)`), and the
 * predicate asks how that name is bound, possibly anywhere in the file. ANS_R_IMPORTS: the
 * file's import statements (a whole run when the edit touches one or their number changes).
 * ANS_R_CLASS: anything in the class holding the match (its class-level assignments, the
 * assignments in its methods): the statement re-run is widened to the outermost class. */

/* The reach of every pattern of a query, and for ANS_R_NAME ones the capture holding the name. */
typedef struct {
  unsigned *reach;
  uint32_t (*name_capture)[4]; /* up to 4 name captures per pattern; UINT32_MAX: none */
  uint32_t count;
  unsigned any; /* the union of the enabled patterns' reaches */
  /* The root types of the enabled ANS_R_SIBLINGS patterns (borrowed from the kb); with
   * sibling_any, some has no single root type. */
  const char **sibling_roots;
  size_t sibling_root_count;
  bool sibling_any;
  /* The top-level names of the modules the enabled ANS_R_IMPORTS patterns ask about (`tkinter`
   * of "tkinter.ttk"), borrowed from the query: an import of one can only come or go with
   * that word. */
  struct {
    const char *str;
    uint32_t len;
  } *modules;
  size_t module_count, module_cap;
} ans_info;

/* Fills `in` for the query of `kind` (every pattern's reach; the enabled ones' union, sibling
 * roots and module names); ans_info_clear frees it. */
void ans_info_build(const kb *k, kb_kind kind, const TSQuery *q, const unsigned char *enabled,
                    ans_info *in);
void ans_info_clear(ans_info *in);
/* True when a pattern that looks at the statements around can start at this node. */
bool ans_sibling_root(const ans_info *in, TSNode n);

/* What one scan looks for: the query of one kind, and the byte range asked for. */
typedef struct {
  const kb *k;
  kb_kind kind;
  const TSQuery *q;
  const pred_set *preds;
  uint32_t construct, hint;
  const char *src;
  size_t len;
  const unsigned char *enabled;
  bool ranged;
  bool by_hint;         /* keep the matches whose hint anchor lies in [a, b] (inlay hints) */
  uint32_t a, b;        /* a == b: constructs containing byte a; else constructs meeting [a, b] */
  bool roots;           /* find each match's root (pitfall runs) */
  const ans_info *info;   /* with roots: probes are recorded */
  const TSNode *only;   /* keep only the matches rooted at this node */
  uint32_t gap_a, gap_b; /* the change, when it lies between statements */
  double deadline;      /* 0: none */
} ans_scan;

/* A scan of the query of `kind` over src[0..len), with the context's deadline. */
ans_scan ans_scan_of(an_ctx *c, const kb *k, kb_kind kind, const char *src, size_t len,
                     const unsigned char *enabled);
/* Runs the query from `start` with the cursor limited to [ra, rb) and appends the findings
 * (and, for pitfall runs, the probes) that pass the filters and the predicates; nothing, with
 * too_deep set, when the nodes it would walk nest past ANS_MAX_DEPTH (memory failures abort,
 * xalloc.h; a spent budget sets truncated). */
void ans_exec(an_ctx *c, const ans_scan *sc, TSNode start, uint32_t ra, uint32_t rb,
              an_findings *out);

/* Appending to a findings list (memory failures abort, xalloc.h). */
void ans_push(an_findings *f, const an_finding *x);
void ans_push_probe(an_findings *f, const an_probe *x);
/* Sorts findings[from..] and drops repeats: with `by_report`, every finding of one note on
 * one range but the first; otherwise only identical ones. */
void ans_sort_unique(an_findings *f, size_t from, bool by_report);
/* Sorts the probes and drops identical ones. */
void ans_sort_probes(an_findings *f);

/* The deepest nesting of brackets in the text. */
uint32_t ans_nesting(const char *src, size_t len);
/* The first whole-word occurrence of w[0..n) in text[a..b) (the bounds count as word ends)
 * that starts at or after `from`, or UINT32_MAX. */
uint32_t ans_find_word(const char *text, uint32_t a, uint32_t b, uint32_t from, const char *w,
                       uint32_t n);
/* A byte of a Python word (identifiers; any byte of a UTF-8 sequence counts). */
bool ans_word_char(unsigned char ch);

/* True when the tree under `root` has a node of that range and type. */
bool ans_has_node(TSNode root, uint32_t a, uint32_t b, TSSymbol symbol);
/* A comment or a line continuation: text between tokens that no statement owns. (Not
 * ts_node_is_extra: the tokens error recovery skips are extras too.) */
bool ans_is_filler(TSNode n);
/* Where an edit's patterns are re-run: the smallest statement that holds the new bytes
 * [start, new_end) (the root when none does); or, when the change lies between the statements
 * of a block (a blank line typed, a comment), that block, with *gap set: no statement changed,
 * only what is rooted at the block and above it can have. */
TSNode ans_changed_statement(TSNode root, uint32_t start, uint32_t new_end, bool *gap);

#endif
