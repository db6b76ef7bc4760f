/* Tests for server/kb.c: notes loaded from memory (a good note, then a table of broken ones,
 * each rejected with a message naming the file), replacement by id, compiling (a broken
 * query drops only its own note), links, locales, and the built-in set. */
#include "analysis.h"
#include "doc.h"
#include "harness.h"
#include "kb.h"

#include <stdint.h>
#include <stdlib.h>

#define EN_OK "---\ntitle: T\nkind: explanation\n---\n\nSummary.\n"
#define PIT_OK "---\ntitle: P\nkind: pitfall\nseverity: warning\n---\n\nSummary.\n"
#define SCM_OK "((lambda) @construct)"

static bool S_has_problem(const kb_problems *pr, const char *a, const char *b) {
  for (size_t i = 0; i < pr->count; i++) {
    if (strstr(pr->items[i], a) && (!b || strstr(pr->items[i], b))) return true;
  }
  return false;
}

static void S_dump(const kb_problems *pr) {
  for (size_t i = 0; i < pr->count; i++) fprintf(stderr, "  problem: %s\n", pr->items[i]);
}

/* ---- a good note ---- */

static void test_good_note(void) {
  const char *en =
      "---\n"
      "title: Lambda *expressions*\n"
      "kind: explanation\n"
      "hint: anonymous function\n"
      "see: closure, decorator  conditional-expression\n"
      "---\n"
      "\n"
      "A `lambda` is a *small*\nfunction.\n"
      "\n"
      "More about it.\n"
      "\n"
      "```text\nnot an example\n```\n"
      "\n"
      "```python\nf = lambda x: x\n```\n"
      "\n"
      "```python nomatch\ndef f(x):\n    return x\n```\n"
      "\n"
      "```python3\nalso not an example\n```\n";
  const char *zh =
      "---\n"
      "title: lambda 表达式\n"
      "kind: explanation\n"
      "hint: 匿名函数\n"
      "see: closure, decorator  conditional-expression\n"
      "---\n"
      "\n"
      "`lambda` 是一个小函数。\n"
      "\n"
      "```python\nf = lambda x: x  # 注释\n```\n"
      "\n"
      "```python nomatch\ndef f(x):\n    return x\n```\n";
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "lambda", "k/lambda/match.scm", "((lambda) @construct) @hint",
                      "k/lambda/en.md", en, "k/lambda/zh.md", zh, &pr),
         0);
  S_dump(&pr);
  INT_EQ(pr.count, 0);
  INT_EQ(kb_count(k), 1);
  INT_EQ(kb_find(k, "lambda"), 0);
  INT_EQ(kb_find(k, "nope"), -1);
  const kb_note *n = kb_note_at(k, 0);
  OK(n != NULL);
  OK(kb_note_at(k, 1) == NULL);
  if (!n) goto done;
  STR_EQ(n->id, "lambda");
  INT_EQ(n->kind, KB_EXPLANATION);
  INT_EQ(n->severity, KB_SEV_NONE);
  INT_EQ(n->see_count, 3);
  if (n->see_count == 3) {
    STR_EQ(n->see[0], "closure");
    STR_EQ(n->see[1], "decorator");
    STR_EQ(n->see[2], "conditional-expression");
  }
  STR_EQ(n->query_path, "k/lambda/match.scm");
  STR_EQ(n->query_src, "((lambda) @construct) @hint");
  OK(n->has_hint_capture);
  const kb_text *t = n->text[KB_EN];
  OK(t != NULL);
  OK(n->text[KB_ZH] != NULL);
  if (!t) goto done;
  STR_EQ(t->path, "k/lambda/en.md");
  STR_EQ(t->title, "Lambda *expressions*");
  STR_EQ(t->hint, "anonymous function");
  STR_EQ(t->summary_md, "A `lambda` is a *small*\nfunction.");
  STR_EQ(t->summary_text, "A `lambda` is a small function.");
  OK(t->body_md && strncmp(t->body_md, "\nA `lambda`", 11) == 0);
  INT_EQ(t->example_count, 2);
  if (t->example_count == 2) {
    INT_EQ(t->examples[0].mark, KB_EX_MATCH);
    STR_EQ(t->examples[0].code, "f = lambda x: x\n");
    INT_EQ(t->examples[1].mark, KB_EX_NOMATCH);
    STR_EQ(t->examples[1].code, "def f(x):\n    return x\n");
  }
  STR_EQ(kb_note_text(n, KB_ZH)->title, "lambda 表达式");
  STR_EQ(kb_note_text(n, KB_ZH)->path, "k/lambda/zh.md");
  STR_EQ(kb_note_text(n, KB_EN)->title, "Lambda *expressions*");
done:
  kb_problems_clear(&pr);
  kb_free(k);
}

/* A pitfall with no zh.md: Chinese falls back to English; CRLF line ends and a BOM are
 * accepted. */
static void test_good_pitfall(void) {
  const char *en = "\xEF\xBB\xBF---\r\ntitle: Mutable default\r\nkind: pitfall\r\nseverity: error\r\n"
                   "---\r\n\r\nA default is shared.\r\n\r\n"
                   "```python bad\r\ndef f(a=[]):\r\n    pass\r\n```\r\n\r\n"
                   "```python good\r\ndef f(a=None):\r\n    pass\r\n```\r\n";
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "mutable-default-2", "m/match.scm", "((default_parameter) @construct)",
                      "m/en.md", en, "m/zh.md", NULL, &pr),
         0);
  S_dump(&pr);
  INT_EQ(pr.count, 0);
  const kb_note *n = kb_note_at(k, 0);
  OK(n != NULL);
  if (n) {
    INT_EQ(n->kind, KB_PITFALL);
    INT_EQ(n->severity, KB_SEV_ERROR);
    OK(n->text[KB_ZH] == NULL);
    OK(!n->has_hint_capture);
    OK(n->text[KB_EN]->hint == NULL);
    OK(kb_note_text(n, KB_ZH) == n->text[KB_EN]);
    STR_EQ(n->text[KB_EN]->title, "Mutable default");
    STR_EQ(n->text[KB_EN]->summary_text, "A default is shared.");
    INT_EQ(n->text[KB_EN]->example_count, 2);
    if (n->text[KB_EN]->example_count == 2) {
      INT_EQ(n->text[KB_EN]->examples[0].mark, KB_EX_BAD);
      INT_EQ(n->text[KB_EN]->examples[1].mark, KB_EX_GOOD);
    }
  }
  static const struct {
    const char *name;
    kb_severity sev;
  } sevs[] = {{"error", KB_SEV_ERROR},
              {"warning", KB_SEV_WARNING},
              {"information", KB_SEV_INFORMATION},
              {"hint", KB_SEV_HINT}};
  for (size_t i = 0; i < 4; i++) {
    char md[256];
    snprintf(md, sizeof md, "---\ntitle: P\nkind: pitfall\nseverity: %s\n---\n\nS.\n", sevs[i].name);
    INT_EQ(kb_load_note(k, "sev", "s/match.scm", SCM_OK, "s/en.md", md, NULL, NULL, &pr), 0);
    long at = kb_find(k, "sev");
    OK(at >= 0);
    if (at >= 0) INT_EQ(kb_note_at(k, (size_t)at)->severity, sevs[i].sev);
    STR_EQ(kb_severity_name(sevs[i].sev), sevs[i].name);
  }
  STR_EQ(kb_severity_name(KB_SEV_NONE), "none");
  STR_EQ(kb_kind_name(KB_PITFALL), "pitfall");
  STR_EQ(kb_kind_name(KB_EXPLANATION), "explanation");
  INT_EQ(pr.count, 0);
  kb_problems_clear(&pr);
  kb_free(k);
}

/* ---- broken notes ---- */

typedef struct {
  const char *name;
  const char *id;
  const char *en;  /* NULL: missing */
  const char *zh;  /* NULL: none */
  const char *scm; /* NULL: missing */
  const char *file; /* the path the message must name */
  const char *what; /* and a piece of the message */
} S_bad;

#define FM(body) "---\n" body "---\n\nSummary.\n"

static const S_bad S_bads[] = {
    {"missing front matter", "a", "title: T\nkind: explanation\n\nSummary.\n", NULL, SCM_OK,
     "x/en.md", "missing front matter"},
    {"front matter not first", "a", "\n---\ntitle: T\nkind: explanation\n---\n\nS.\n", NULL, SCM_OK,
     "x/en.md", "missing front matter"},
    {"empty file", "a", "", NULL, SCM_OK, "x/en.md", "missing front matter"},
    {"only dashes", "a", "---", NULL, SCM_OK, "x/en.md", "front matter"},
    {"unclosed front matter", "a", "---\ntitle: T\nkind: explanation\n", NULL, SCM_OK, "x/en.md",
     "not closed"},
    {"unclosed front matter before the body", "a", "---\ntitle: T\nkind: explanation\n\nSummary.\n",
     NULL, SCM_OK, "x/en.md", "front matter"},
    {"unclosed front matter, CR only", "a", "---\rtitle: T\rkind: explanation\r---\r\rS.\r", NULL,
     SCM_OK, "x/en.md", "front matter"},
    {"unknown key", "a", FM("title: T\nkind: explanation\ntitel: U\n"), NULL, SCM_OK, "x/en.md:4",
     "titel"},
    {"duplicate key", "a", FM("title: T\nkind: explanation\ntitle: U\n"), NULL, SCM_OK,
     "x/en.md:4", "twice"},
    {"line without a colon", "a", FM("title: T\nkind explanation\n"), NULL, SCM_OK, "x/en.md:3",
     "key: value"},
    {"missing title", "a", FM("kind: explanation\n"), NULL, SCM_OK, "x/en.md", "title"},
    {"empty title", "a", FM("title:\nkind: explanation\n"), NULL, SCM_OK, "x/en.md", "title"},
    {"missing kind", "a", FM("title: T\n"), NULL, SCM_OK, "x/en.md", "kind"},
    {"bad kind", "a", FM("title: T\nkind: explainer\n"), NULL, SCM_OK, "x/en.md", "explainer"},
    {"pitfall without severity", "a", FM("title: T\nkind: pitfall\n"), NULL, SCM_OK, "x/en.md",
     "severity"},
    {"pitfall with a bad severity", "a", FM("title: T\nkind: pitfall\nseverity: fatal\n"), NULL,
     SCM_OK, "x/en.md", "severity"},
    {"explanation with severity", "a", FM("title: T\nkind: explanation\nseverity: warning\n"), NULL,
     SCM_OK, "x/en.md", "severity"},
    {"fix without safety", "a", FM("title: T\nkind: pitfall\nseverity: hint\nfix: Do it\n"), NULL,
     SCM_OK, "x/en.md", "fix"},
    {"fix without a title", "a", FM("title: T\nkind: pitfall\nseverity: hint\nfix: safe:\n"), NULL,
     SCM_OK, "x/en.md", "no title"},
    {"fix on an explanation", "a", FM("title: T\nkind: explanation\nfix: safe: Do it\n"), NULL,
     SCM_OK, "x/en.md", "not on explanations"},
    {"fix differs between languages", "a",
     FM("title: T\nkind: pitfall\nseverity: hint\nfix: safe: Do it\n"),
     FM("title: T\nkind: pitfall\nseverity: hint\nfix: unsafe: 做\n"), SCM_OK, "x/zh.md", "fix"},
    {"fix only in English", "a", FM("title: T\nkind: pitfall\nseverity: hint\nfix: safe: Do it\n"),
     FM("title: T\nkind: pitfall\nseverity: hint\n"), SCM_OK, "x/zh.md", "fix"},
    {"bad example mark", "a", EN_OK "\n```python weird\nx = 1\n```\n", NULL, SCM_OK, "x/en.md",
     "weird"},
    {"pitfall with a plain python block", "a", PIT_OK "\n```python\nx = 1\n```\n", NULL, SCM_OK,
     "x/en.md", "bad"},
    {"pitfall with a nomatch block", "a", PIT_OK "\n```python nomatch\nx = 1\n```\n", NULL, SCM_OK,
     "x/en.md", "bad"},
    {"explanation with a bad block", "a", EN_OK "\n```python bad\nx = 1\n```\n", NULL, SCM_OK,
     "x/en.md", "explanation"},
    {"no summary paragraph", "a",
     "---\ntitle: T\nkind: explanation\n---\n\n```python\nx = 1\n```\n", NULL, SCM_OK, "x/en.md",
     "summary"},
    {"only a heading", "a", "---\ntitle: T\nkind: explanation\n---\n\n# Heading\n", NULL, SCM_OK,
     "x/en.md", "summary"},
    {"see names a bad id", "a", FM("title: T\nkind: explanation\nsee: Closure\n"), NULL, SCM_OK,
     "x/en.md", "Closure"},
    {"invalid id: capitals", "Bad", EN_OK, NULL, SCM_OK, "x/en.md", "Bad"},
    {"invalid id: underscore", "a_b", EN_OK, NULL, SCM_OK, "x/en.md", "a_b"},
    {"invalid id: leading dash", "-a", EN_OK, NULL, SCM_OK, "x/en.md", "-a"},
    {"invalid id: trailing dash", "a-", EN_OK, NULL, SCM_OK, "x/en.md", "a-"},
    {"invalid id: double dash", "a--b", EN_OK, NULL, SCM_OK, "x/en.md", "a--b"},
    {"invalid id: empty", "", EN_OK, NULL, SCM_OK, "x/en.md", "not a valid note id"},
    {"invalid id: space", "a b", EN_OK, NULL, SCM_OK, "x/en.md", "a b"},
    {"missing en.md", "a", NULL, NULL, SCM_OK, "x/en.md", "missing"},
    {"missing match.scm", "a", EN_OK, NULL, NULL, "x/match.scm", "missing"},
    {"query without @construct", "a", EN_OK, NULL, "((lambda) @c)", "x/match.scm", "@construct"},
    /* zh.md */
    {"zh: different kind", "a", EN_OK, FM("title: T\nkind: pitfall\nseverity: warning\n"), SCM_OK,
     "x/zh.md", "kind"},
    {"zh: different severity", "a", PIT_OK, FM("title: T\nkind: pitfall\nseverity: error\n"), SCM_OK,
     "x/zh.md", "severity"},
    {"zh: no severity", "a", PIT_OK, FM("title: T\nkind: pitfall\n"), SCM_OK, "x/zh.md", "severity"},
    {"zh: severity on an explanation", "a", EN_OK,
     FM("title: T\nkind: explanation\nseverity: warning\n"), SCM_OK, "x/zh.md", "severity"},
    {"zh: different see", "a", FM("title: T\nkind: explanation\nsee: lambda\n"),
     FM("title: T\nkind: explanation\nsee: closure\n"), SCM_OK, "x/zh.md", "see"},
    {"zh: see only in zh", "a", EN_OK, FM("title: T\nkind: explanation\nsee: closure\n"), SCM_OK,
     "x/zh.md", "see"},
    {"zh: see only in en", "a", FM("title: T\nkind: explanation\nsee: closure\n"), EN_OK, SCM_OK,
     "x/zh.md", "see"},
    {"zh: hint only in en", "a", FM("title: T\nkind: explanation\nhint: h\n"), EN_OK, SCM_OK,
     "x/zh.md", "hint"},
    {"zh: broken front matter", "a", EN_OK, "title: T\n\nS.\n", SCM_OK, "x/zh.md",
     "missing front matter"},
    {"zh: no summary", "a", EN_OK, "---\ntitle: T\nkind: explanation\n---\n", SCM_OK, "x/zh.md",
     "summary"},
};

static void test_bad_notes(void) {
  for (size_t i = 0; i < sizeof S_bads / sizeof S_bads[0]; i++) {
    const S_bad *c = &S_bads[i];
    kb *k = kb_new();
    kb_problems pr = {0};
    int rc = kb_load_note(k, c->id, "x/match.scm", c->scm, "x/en.md", c->en, "x/zh.md", c->zh, &pr);
    bool named = S_has_problem(&pr, c->file, c->what);
    if (rc != -1 || !named || kb_count(k) != 0) {
      fprintf(stderr, "case \"%s\": rc %d, %zu notes, want a problem naming \"%s\" with \"%s\"\n",
              c->name, rc, kb_count(k), c->file, c->what);
      S_dump(&pr);
    }
    INT_EQ(rc, -1);
    INT_EQ(kb_count(k), 0);
    OK(named);
    kb_problems_clear(&pr);
    kb_free(k);
  }
}

/* A problem list without a destination is allowed. */
static void test_null_problems(void) {
  kb *k = kb_new();
  INT_EQ(kb_load_note(k, "a", "x/match.scm", SCM_OK, "x/en.md", "nope", NULL, NULL, NULL), -1);
  INT_EQ(kb_load_note(k, "a", "x/match.scm", SCM_OK, "x/en.md", EN_OK, NULL, NULL, NULL), 0);
  INT_EQ(kb_compile(k, NULL), 0);
  kb_problems_add(NULL, "ignored %d", 1);
  kb_problems_clear(NULL);
  kb_free(k);
  kb_free(NULL);
}

/* ---- replacement ---- */

static void test_replace_by_id(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "a", "1/match.scm", SCM_OK, "1/en.md", FM("title: One\nkind: explanation\n"),
                      NULL, NULL, &pr),
         0);
  INT_EQ(kb_load_note(k, "b", "1/match.scm", SCM_OK, "1/en.md", EN_OK, NULL, NULL, &pr), 0);
  INT_EQ(kb_load_note(k, "a", "2/match.scm", "((call) @construct)", "2/en.md",
                      FM("title: Two\nkind: pitfall\nseverity: hint\n"), NULL, NULL, &pr),
         0);
  INT_EQ(pr.count, 0);
  INT_EQ(kb_count(k), 2);
  INT_EQ(kb_find(k, "a"), 0);
  const kb_note *n = kb_note_at(k, 0);
  STR_EQ(n->text[KB_EN]->title, "Two");
  STR_EQ(n->query_path, "2/match.scm");
  INT_EQ(n->kind, KB_PITFALL);
  /* A rejected note with the same id leaves the loaded one in place. */
  INT_EQ(kb_load_note(k, "a", "3/match.scm", SCM_OK, "3/en.md", "broken", NULL, NULL, &pr), -1);
  INT_EQ(kb_count(k), 2);
  STR_EQ(kb_note_at(k, 0)->text[KB_EN]->title, "Two");
  INT_EQ(pr.count, 1);
  /* The replacement counts once the queries are compiled. */
  kb_problems_clear(&pr);
  INT_EQ(kb_compile(k, &pr), 0);
  INT_EQ(pr.count, 0);
  OK(kb_query(k, KB_PITFALL) != NULL);
  OK(kb_query(k, KB_EXPLANATION) != NULL);
  INT_EQ(kb_pattern_note(k, KB_PITFALL, 0), 0);
  INT_EQ(kb_pattern_note(k, KB_EXPLANATION, 0), 1);
  INT_EQ(kb_pattern_note(k, KB_EXPLANATION, 5), UINT32_MAX);
  kb_problems_clear(&pr);
  kb_free(k);
}

/* ---- compiling ---- */

/* The findings of one kind over the whole of `src`, as note ids joined by spaces. */
static void S_findings(const kb *k, kb_kind kind, const char *src, char *out, size_t outlen) {
  TSParser *p = doc_parser_new();
  size_t len = strlen(src);
  TSTree *tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
  an_ctx *c = an_ctx_new();
  an_findings f = {0};
  if (kind == KB_PITFALL) an_pitfalls(c, k, tree, src, len, NULL, &f);
  else an_explanations(c, k, tree, src, len, 0, (uint32_t)len, NULL, &f);
  out[0] = '\0';
  for (size_t i = 0; i < f.count; i++) {
    const kb_note *n = kb_note_at(k, f.items[i].note);
    size_t used = strlen(out);
    snprintf(out + used, outlen - used, "%s%s", used ? " " : "", n ? n->id : "?");
  }
  an_findings_clear(&f);
  an_ctx_free(c);
  ts_tree_delete(tree);
  ts_parser_delete(p);
}

static void test_compile_drops_broken(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "e1", "e1/match.scm", "((lambda) @construct)", "e1/en.md", EN_OK, NULL,
                      NULL, &pr),
         0);
  /* an unclosed parenthesis: the note loads (queries are compiled later) */
  INT_EQ(kb_load_note(k, "p-syntax", "p-syntax/match.scm", "((identifier) @construct\n",
                      "p-syntax/en.md", PIT_OK, NULL, NULL, &pr),
         0);
  INT_EQ(kb_load_note(k, "e2", "e2/match.scm", "((call) @construct)", "e2/en.md", EN_OK, NULL,
                      NULL, &pr),
         0);
  INT_EQ(kb_load_note(k, "e-type", "e-type/match.scm",
                      "; a comment line\n((no_such_node) @construct)\n", "e-type/en.md", EN_OK,
                      NULL, NULL, &pr),
         0);
  INT_EQ(kb_load_note(k, "p2", "p2/match.scm",
                      "((identifier) @construct (#eq? @construct \"xrange\"))", "p2/en.md", PIT_OK,
                      NULL, NULL, &pr),
         0);
  INT_EQ(kb_load_note(k, "p-pred", "p-pred/match.scm",
                      "((identifier) @construct (#frobnicate? @construct))", "p-pred/en.md", PIT_OK,
                      NULL, NULL, &pr),
         0);
  INT_EQ(pr.count, 0);
  INT_EQ(kb_count(k), 6);
  INT_EQ(kb_compile(k, &pr), 0);
  /* Each broken note is named, with where its query fails. */
  OK(S_has_problem(&pr, "p-syntax/match.scm", "byte 25"));
  OK(S_has_problem(&pr, "p-syntax/match.scm", "syntax"));
  OK(S_has_problem(&pr, "e-type/match.scm", "node type"));
  OK(S_has_problem(&pr, "e-type/match.scm", "line 2"));
  OK(S_has_problem(&pr, "e-type/match.scm", "byte 19"));
  OK(S_has_problem(&pr, "p-pred/match.scm", "frobnicate?"));
  INT_EQ(pr.count, 3);
  if (pr.count != 3) S_dump(&pr);
  /* Only those are dropped; the others still work, with their new indexes. */
  INT_EQ(kb_count(k), 3);
  INT_EQ(kb_find(k, "p-syntax"), -1);
  INT_EQ(kb_find(k, "e-type"), -1);
  INT_EQ(kb_find(k, "p-pred"), -1);
  OK(kb_find(k, "e1") >= 0 && kb_find(k, "e2") >= 0 && kb_find(k, "p2") >= 0);
  char got[256];
  S_findings(k, KB_EXPLANATION, "f = lambda: g()\n", got, sizeof got);
  STR_EQ(got, "e1 e2");
  S_findings(k, KB_PITFALL, "xrange(3)\nrange(3)\n", got, sizeof got);
  STR_EQ(got, "p2");
  OK(kb_construct_capture(k, KB_PITFALL) != UINT32_MAX);
  INT_EQ(kb_hint_capture(k, KB_PITFALL), UINT32_MAX);
  OK(kb_predicates(k, KB_PITFALL) != NULL);
  kb_problems_clear(&pr);
  kb_free(k);
}

/* The hint view holds the patterns that place a hint and nothing else, keeps the notes'
 * indexes, and follows the notes when a broken one is dropped. */
static void test_hint_view(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  const char *hinted = "---\ntitle: H\nkind: explanation\nhint: here\n---\n\nSummary.\n";
  /* A pitfall whose query breaks: dropped at compile time, renumbering the notes after it. */
  INT_EQ(kb_load_note(k, "p-bad", "p-bad/match.scm", "((no_such_node) @construct)", "p-bad/en.md",
                      PIT_OK, NULL, NULL, &pr), 0);
  INT_EQ(kb_load_note(k, "plain", "plain/match.scm", "((lambda) @construct)", "plain/en.md", EN_OK,
                      NULL, NULL, &pr), 0);
  /* Two patterns, one marks @hint: only that one places the hint. */
  INT_EQ(kb_load_note(k, "marked", "marked/match.scm",
                      "((call) @construct)\n; the hint\n"
                      "((call function: (identifier) @hint) @construct)\n",
                      "marked/en.md", hinted, NULL, NULL, &pr), 0);
  /* A hint and no @hint: every pattern places it. */
  INT_EQ(kb_load_note(k, "whole", "whole/match.scm", "((yield) @construct)\n((await) @construct)",
                      "whole/en.md", hinted, NULL, NULL, &pr), 0);
  INT_EQ(kb_compile(k, &pr), 0);
  INT_EQ(kb_count(k), 3);
  const kb *v = kb_hint_view(k);
  OK(v != k);
  INT_EQ(kb_count(v), kb_count(k));
  const TSQuery *q = kb_query(v, KB_EXPLANATION);
  OK(q != NULL);
  INT_EQ(ts_query_pattern_count(q), 3);
  long marked = kb_find(k, "marked"), whole = kb_find(k, "whole");
  INT_EQ(kb_pattern_note(v, KB_EXPLANATION, 0), marked);
  INT_EQ(kb_pattern_note(v, KB_EXPLANATION, 1), whole);
  INT_EQ(kb_pattern_note(v, KB_EXPLANATION, 2), whole);
  STR_EQ(kb_note_at(v, (size_t)marked)->id, "marked");
  OK(kb_hint_capture(v, KB_EXPLANATION) != UINT32_MAX);
  OK(kb_query(v, KB_PITFALL) == NULL);
  /* Loading a note makes the view stale: without a compile there is none. */
  INT_EQ(kb_load_note(k, "more", "more/match.scm", "((lambda) @construct)", "more/en.md", hinted,
                      NULL, NULL, &pr), 0);
  OK(kb_hint_view(k) == k);
  INT_EQ(kb_compile(k, &pr), 0);
  v = kb_hint_view(k);
  OK(v != k);
  INT_EQ(ts_query_pattern_count(kb_query(v, KB_EXPLANATION)), 4);
  kb_problems_clear(&pr);
  kb_free(k);
}

/* Compiling only one kind leaves the other without a query. */
static void test_compile_kinds(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_compile(k, &pr), 0); /* an empty knowledge base */
  OK(kb_query(k, KB_PITFALL) == NULL);
  INT_EQ(kb_load_note(k, "e", "e/match.scm", SCM_OK, "e/en.md", EN_OK, NULL, NULL, &pr), 0);
  INT_EQ(kb_load_note(k, "p", "p/match.scm", "((call) @construct)", "p/en.md", PIT_OK, NULL, NULL, &pr), 0);
  INT_EQ(kb_compile_kinds(k, false, true, &pr), 0);
  OK(kb_query(k, KB_PITFALL) != NULL);
  OK(kb_query(k, KB_EXPLANATION) == NULL);
  INT_EQ(kb_compile_kinds(k, true, false, &pr), 0);
  OK(kb_query(k, KB_EXPLANATION) != NULL);
  OK(kb_can_start_at(k, KB_EXPLANATION, "lambda"));
  OK(!kb_can_start_at(k, KB_EXPLANATION, "call"));
  OK(!kb_module_rooted(k, KB_EXPLANATION));
  /* Loading again invalidates the compiled queries. */
  INT_EQ(kb_load_note(k, "m", "m/match.scm", "(module) @construct", "m/en.md", EN_OK, NULL, NULL, &pr), 0);
  OK(kb_query(k, KB_EXPLANATION) == NULL);
  INT_EQ(kb_compile(k, &pr), 0);
  OK(kb_module_rooted(k, KB_EXPLANATION));
  INT_EQ(pr.count, 0);
  kb_problems_clear(&pr);
  kb_free(k);
}

/* ---- links ---- */

static void test_check_links(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "a", "a/match.scm", SCM_OK, "a/en.md",
                      FM("title: A\nkind: explanation\nsee: b, missing-one\n"), NULL, NULL, &pr),
         0);
  INT_EQ(kb_load_note(k, "b", "b/match.scm", SCM_OK, "b/en.md",
                      FM("title: B\nkind: explanation\nsee: a\n"), NULL, NULL, &pr),
         0);
  INT_EQ(kb_check_links(k, &pr), 1);
  INT_EQ(pr.count, 1);
  OK(S_has_problem(&pr, "a/en.md", "missing-one"));
  kb_problems_clear(&pr);
  INT_EQ(kb_load_note(k, "missing-one", "m/match.scm", SCM_OK, "m/en.md", EN_OK, NULL, NULL, &pr), 0);
  INT_EQ(kb_check_links(k, &pr), 0);
  INT_EQ(pr.count, 0);
  kb_problems_clear(&pr);
  kb_free(k);
}

/* ---- ids and locales ---- */

static void test_ids_and_locales(void) {
  static const struct {
    const char *id;
    int valid;
  } ids[] = {{"a", 1},   {"lambda", 1}, {"py2-print", 1}, {"a-b-c", 1}, {"0", 1},
             {"", 0},    {"-a", 0},     {"a-", 0},        {"a--b", 0},  {"A", 0},
             {"a_b", 0}, {"a.b", 0},    {"a/b", 0},       {"é", 0}};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    if (kb_id_valid(ids[i].id) != ids[i].valid) fprintf(stderr, "id \"%s\"\n", ids[i].id);
    INT_EQ(kb_id_valid(ids[i].id), ids[i].valid);
  }
  INT_EQ(kb_id_valid(NULL), 0);

  static const struct {
    const char *locale;
    kb_lang lang;
  } locales[] = {{"zh-CN", KB_ZH}, {"zh_TW.UTF-8", KB_ZH}, {"zh", KB_ZH},     {"ZH", KB_ZH},
                 {"Zh-hans", KB_ZH}, {"zh.UTF-8", KB_ZH}, {"en-US", KB_EN},  {"en", KB_EN},
                 {"", KB_EN},      {"zhx", KB_EN},        {"z", KB_EN},      {"C.UTF-8", KB_EN},
                 {"fr_FR", KB_EN}, {"xzh", KB_EN}};
  for (size_t i = 0; i < sizeof locales / sizeof locales[0]; i++) {
    if (kb_lang_from_locale(locales[i].locale) != locales[i].lang)
      fprintf(stderr, "locale \"%s\"\n", locales[i].locale);
    INT_EQ(kb_lang_from_locale(locales[i].locale), locales[i].lang);
  }
  INT_EQ(kb_lang_from_locale(NULL), KB_EN);
}

/* ---- the built-in set ---- */

static void test_syntax_kind(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  const char *md = "---\ntitle: T\nkind: syntax\n---\n\nSummary {line}.\n\n```python bad\nx = (\n```\n";
  INT_EQ(kb_load_note(k, "some-error", "q.scm", NULL, "en.md", md, NULL, NULL, &pr), 0);
  OK(kb_count(k) == 1 && kb_note_at(k, 0)->kind == KB_SYNTAX);
  STR_EQ(kb_kind_name(KB_SYNTAX), "syntax");
  /* no query, no severity, examples bad or good */
  INT_EQ(kb_load_note(k, "with-query", "q.scm", "(call) @construct", "en.md", md, NULL, NULL, &pr), -1);
  const char *sev = "---\ntitle: T\nkind: syntax\nseverity: error\n---\n\nS.\n";
  INT_EQ(kb_load_note(k, "with-severity", "q.scm", NULL, "en.md", sev, NULL, NULL, &pr), -1);
  const char *plain = "---\ntitle: T\nkind: syntax\n---\n\nS.\n\n```python\nx\n```\n";
  INT_EQ(kb_load_note(k, "plain-example", "q.scm", NULL, "en.md", plain, NULL, NULL, &pr), -1);
  /* a pitfall still needs its query */
  const char *pit = "---\ntitle: T\nkind: pitfall\nseverity: error\n---\n\nS.\n";
  INT_EQ(kb_load_note(k, "no-query", "q.scm", NULL, "en.md", pit, NULL, NULL, &pr), -1);
  INT_EQ(pr.count, 4);
  kb_problems_clear(&pr);
  kb_free(k);
}

static void test_builtin(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_builtin(k, &pr), 0);
  S_dump(&pr);
  INT_EQ(pr.count, 0);
  OK(kb_count(k) > 0);
  for (size_t i = 0; i < kb_count(k); i++) {
    const kb_note *n = kb_note_at(k, i);
    if (!n->text[KB_EN] || !n->text[KB_ZH]) fprintf(stderr, "note %s lacks en.md or zh.md\n", n->id);
    OK(n->text[KB_EN] != NULL);
    OK(n->text[KB_ZH] != NULL);
    OK(strncmp(n->text[KB_EN]->path, "<built-in>/", 11) == 0);
    /* a syntax note has no query: syntax.c finds its errors */
    if (n->kind == KB_SYNTAX) OK(n->query_src == NULL && n->severity == KB_SEV_ERROR);
    else OK(n->query_src && strstr(n->query_src, "@construct") != NULL);
  }
  INT_EQ(kb_compile(k, &pr), 0);
  S_dump(&pr);
  INT_EQ(pr.count, 0);
  INT_EQ(kb_check_links(k, &pr), 0);
  S_dump(&pr);
  OK(kb_query(k, KB_EXPLANATION) != NULL);
  OK(kb_query(k, KB_PITFALL) != NULL);
  kb_problems_clear(&pr);
  kb_free(k);
}

static void test_load_dir_missing(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_dir(k, "/nonexistent/pylore-notes", &pr), -1);
  OK(S_has_problem(&pr, "/nonexistent/pylore-notes", NULL));
  kb_problems_clear(&pr);
  kb_free(k);
}

int main(void) {
  RUN(test_good_note);
  RUN(test_good_pitfall);
  RUN(test_bad_notes);
  RUN(test_null_problems);
  RUN(test_replace_by_id);
  RUN(test_compile_drops_broken);
  RUN(test_hint_view);
  RUN(test_compile_kinds);
  RUN(test_check_links);
  RUN(test_ids_and_locales);
  RUN(test_syntax_kind);
  RUN(test_builtin);
  RUN(test_load_dir_missing);
  return harness_done();
}
