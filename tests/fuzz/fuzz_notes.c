/* Fuzz target: the note loader. The input is a note's three files separated by NUL bytes:
 * match.scm, en.md, zh.md (front matter, Markdown rendered by cmark, the query text and
 * its predicates). A note that loads is compiled and its queries run over a fixed Python
 * text, with hover, pitfall and inlay requests, so that predicates meet real nodes. Any input
 * must be either rejected with a problem message or accepted and usable. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "doc.h"
#include "kb.h"
#include "render.h"
#include "xalloc.h"

static TSParser *S_parser;
static an_ctx *S_an;
static doc *S_doc;

/* Every kind of construct the notes talk about, so that most patterns find a match. */
static const char S_python[] =
    "import time, os\n"
    "from x import *\n"
    "def f(a=[], *args, b: int = 1, **kw) -> None:\n"
    "    global g\n"
    "    try:\n"
    "        yield from (lambda: a)()\n"
    "    except:\n"
    "        pass\n"
    "    return [[0] * 3] * 3 if a is 1 else {k: v for k, v in kw.items()}\n"
    "class C(object):\n"
    "    @property\n"
    "    def p(self): return self.__x\n"
    "async def g():\n"
    "    time.sleep(1)\n"
    "    async with a as b:\n"
    "        await b\n"
    "print \"x\"\n"
    "fs = [lambda: i for i in range(3)]\n"
    "with open('f') as fh: x = f'{fh!r:>10}'\n"
    "match x:\n"
    "    case [1, *rest] if rest: del x\n";

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  xalloc_init();
  S_parser = doc_parser_new();
  S_an = an_ctx_new();
  S_doc = doc_new(S_python, sizeof S_python - 1);
  if (!doc_tree(S_doc, S_parser)) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Three NUL-terminated parts; a missing part is NULL (a missing file). */
  char *copy = xmalloc(size + 1);
  memcpy(copy, data, size);
  copy[size] = '\0';
  char *parts[3] = {NULL, NULL, NULL};
  char *p = copy, *end = copy + size;
  for (int i = 0; i < 3 && p <= end; i++) {
    parts[i] = p;
    p += strlen(p) + 1;
  }
  kb *k = kb_new();
  kb_problems pr = {0};
  int rc = kb_load_note(k, "fuzz-note", "fuzz-note/match.scm", parts[0], "fuzz-note/en.md",
                        parts[1], "fuzz-note/zh.md", parts[2], &pr);
  if (rc != 0 && pr.count == 0) {
    fprintf(stderr, "a rejected note must say why\n");
    abort();
  }
  if (rc == 0) {
    size_t before = pr.count;
    kb_compile(k, &pr);
    /* A query that does not compile drops the note, with a reason. */
    if (kb_count(k) == 0 && pr.count == before) {
      fprintf(stderr, "a dropped note must say why\n");
      abort();
    }
  }
  if (rc == 0 && kb_count(k) == 1) {
    const kb_note *n = kb_note_at(k, 0);
    for (int lang = 0; lang < 2; lang++) {
      for (int md = 0; md < 2; md++) {
        free(render_hover(n, (kb_lang)lang, md));
        free(render_full(n, (kb_lang)lang, md));
      }
    }
    const TSTree *t = doc_tree(S_doc, S_parser);
    an_findings found = {0};
    an_pitfalls(S_an, k, t, doc_text(S_doc), doc_length(S_doc), NULL, &found);
    an_findings_clear(&found);
    an_explanations(S_an, k, t, doc_text(S_doc), doc_length(S_doc), 0,
                    (uint32_t)doc_length(S_doc), NULL, &found);
    an_findings_clear(&found);
    for (uint32_t at = 0; at < doc_length(S_doc); at += 37) {
      an_hover(S_an, k, t, doc_text(S_doc), doc_length(S_doc), at, NULL, NULL, &found);
      for (size_t i = 0; i < found.count; i++)
        if (found.items[i].start_byte > at || found.items[i].end_byte < at) abort();
      an_findings_clear(&found);
    }
  }
  kb_problems_clear(&pr);
  kb_free(k);
  free(copy);
  return 0;
}
