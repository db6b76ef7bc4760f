/* Tests for server/syntax.c: the first syntax error of a source (its id and 1-based line, as
 * CPython reports the line), the errors left out as follow-ons, valid syntax of Python 3.8 to
 * 3.14 accepted (including what tree-sitter-python 0.23.6 cannot parse), and messages with
 * their specifics filled in. */
#include "doc.h"
#include "harness.h"
#include "kb.h"
#include "syntax.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static TSParser *parser;

/* The errors of `src`; the caller clears them. */
static syn_errors S_check(const kb *k, const char *src) {
  syn_errors e = {0};
  TSTree *tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)strlen(src));
  syn_check(k, KB_EN, NULL, tree, src, strlen(src), 100, &e);
  ts_tree_delete(tree);
  return e;
}

typedef struct {
  const char *src, *id;
  int line;
} S_case;

static const S_case errors[] = {
    {"def greet(name)\n    return name\n", "missing-colon", 1},
    {"@dec\ndef f()\n    pass\n", "missing-colon", 2},
    {"if x = 3:\n    pass\n", "assign-in-condition", 1},
    {"class = 3\n", "keyword-as-name", 1},
    {"def = 1\n", "keyword-as-name", 1},
    {"x.class = 1\n", "keyword-as-name", 1},
    {"def f(for): pass\n", "keyword-as-name", 1},
    {"x = [1 2]\n", "missing-comma", 1},
    {"f(a b)\n", "missing-comma", 1},
    {"x = `y`\n", "py2-backticks", 1},
    {"else:\n    pass\n", "orphan-clause", 1},
    {"x = 1\nelif x:\n    pass\n", "orphan-clause", 2},
    {"return 1\n", "outside-function", 1},
    {"x = 1\nyield x\n", "outside-function", 2},
    {"class A:\n    return 1\n", "outside-function", 2},
    {"break\n", "outside-loop", 1},
    {"for x in y:\n    pass\nelse:\n    break\n", "outside-loop", 4},
    {"while x:\n    def f():\n        continue\n", "outside-loop", 3},
    {"await x\n", "outside-function", 1},
    {"def f():\n    await x\n", "await-outside-async", 2},
    {"async def f():\n    g = lambda: await x\n", "await-outside-async", 2},
    {"x = = 1\n", "syntax-error", 1},
    /* a whole file as one ERROR node: `from .` inside it is no keyword used as a name */
    {"x = [1]\n\nfrom . import a\nfrom . import b\n\ndef f():\n    try\n        pass\n"
     "    finally:\n        pass\n", "missing-colon", 7},
    /* a generic error gives way to a tokenizer error anywhere (CPython's full-source check) */
    {"x = = 1\ny = \"abc\n", "unterminated-string", 2},
    /* … but an unclosed bracket only takes the blame for errors inside it */
    {"def broken(:\n    pass\n\nvalues = [1, 2,\n", "syntax-error", 1},
    {"x = (1,\ny = 2\n", "unclosed-bracket", 1},
    /* compile-time errors only when the file parses */
    {"return 1\nx = = 2\n", "syntax-error", 2},
    {"for i in range(3):\nprint(i)\n", "expected-indented-block", 2},
    {"print（\"hi\"）\n", "fullwidth-punctuation", 1},
};

static void test_first_error(void) {
  for (size_t i = 0; i < sizeof errors / sizeof *errors; i++) {
    syn_errors e = S_check(NULL, errors[i].src);
    const char *id = e.count ? e.items[0].id : "none";
    int line = e.count ? (int)e.items[0].start.row + 1 : 0;
    if (strcmp(id, errors[i].id) != 0 || line != errors[i].line) {
      fprintf(stderr, "%s: got %s at line %d, want %s at line %d\n", errors[i].src, id, line,
              errors[i].id, errors[i].line);
      OK(0);
    }
    syn_errors_clear(&e);
  }
}

/* Valid Python of some version from 3.8 to 3.14: no error. */
static const char *const valid[] = {
    "match command.split():\n    case [action, obj]:\n        pass\n"
    "    case Point(x=0) | {\"k\": _}:\n        pass\n    case _:\n        pass\n",
    "match = 1\ncase = 2\ntype = 3\n_ = match + case\n",
    "try:\n    pass\nexcept* ValueError as e:\n    pass\n",
    "type Alias[T] = list[T]\ndef first[T](xs: list[T]) -> T:\n    return xs[0]\n"
    "class Box[T: (int, str), *Ts, **P]:\n    pass\n",
    "d = {}\ns = f\"{d[\"k\"]} {f\"{1 + 1}\"} {x!r:>{10}}\"\n",
    "s = f\"{\n    d['k']\n}\"\n",
    /* PEP 758 (3.14): tree-sitter-python 0.23.6 happens to parse it */
    "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
    /* PEP 750 (3.14): tree-sitter-python 0.23.6 reads `t` as a name before a string (an
     * ERROR node holding only that name); syntax.c recognises the shape and stays quiet. */
    "name = 'x'\nt1 = t\"hello {name}\"\nt2 = [rt'raw {name}', Tr\"{name}\"]\nprint(t\"x\")\n",
    "if (n := 10) > 5:\n    pass\ndef f(a, /, b, *, c):\n    pass\nprint(f\"{n=}\")\n",
    "async def g():\n    async with x as y:\n        pass\n    async for i in y:\n        pass\n"
    "    return [await i async for i in y]\n",
    "with (open('a') as a, open('b') as b):\n    pass\n",
    "@a.b[1](c)\ndef h(): pass\n",
    "def gen():\n    yield 1\n    f = lambda: (yield)\n",
    "for x in y:\n    try:\n        pass\n    finally:\n        continue\n",
    "变量 = 1\nprint(变量)\n",
    "x = 1 if y else 2\n",
    "y: int | None = None\n",
    "def make(n):\n    return (i for i in range(n) if await w(i))\n", /* async genexp, 3.7+ */
    /* a line inside brackets left of the block's indentation: valid, but tree-sitter-python
     * 0.23.6 closes the block there and reports an ERROR (tokcheck marks the statement) */
    "def f():\n    if (a and\nb):\n        pass\n    x = (\n\"s\"\n)\n    return x\n",
    "print >>sys.stderr, 'x'\n", /* Python 2 style, but an expression in Python 3 */
};

static void test_valid(void) {
  for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
    syn_errors e = S_check(NULL, valid[i]);
    if (e.count) {
      fprintf(stderr, "valid source reported: %s at %u:%u (%s)\n%s\n", e.items[0].id,
              e.items[0].start.row + 1, e.items[0].start.column + 1, e.items[0].message, valid[i]);
      OK(0);
    }
    syn_errors_clear(&e);
  }
}

static void test_follow_ons(void) {
  /* one unclosed bracket: one error, not one per line after it */
  syn_errors e = S_check(NULL, "x = foo(1,\ny = 2\nz = 3\nw = [4\n");
  INT_EQ(e.count, 1);
  syn_errors_clear(&e);
  /* independent errors in different statements are all reported */
  e = S_check(NULL, "x = [1，2]\ny = (3，4)\n");
  INT_EQ(e.count, 2);
  syn_errors_clear(&e);
  /* a missing colon, and its block is not an unexpected indent */
  e = S_check(NULL, "if x\n    y = 1\n");
  INT_EQ(e.count, 1);
  syn_errors_clear(&e);
}

static void test_messages(void) {
  syn_errors e = S_check(NULL, "for i in range(3):\nprint(i)\n");
  OK(e.count == 1);
  if (e.count) STR_EQ(e.items[0].message, "expected an indented block after 'for' statement on line 1");
  syn_errors_clear(&e);
  /* with the built-in notes: the note's summary, filled in */
  kb *k = kb_new();
  kb_load_builtin(k, NULL);
  e = S_check(k, "x = [1，2]\n");
  OK(e.count == 1 && e.items[0].note != UINT32_MAX);
  if (e.count) {
    OK(strstr(e.items[0].message, "，") && strstr(e.items[0].message, "U+FF0C") &&
       strstr(e.items[0].message, "`,`"));
    INT_EQ(e.items[0].start.column, 6);
    INT_EQ(e.items[0].end_byte - e.items[0].start_byte, 3);
  }
  syn_errors_clear(&e);
  e = S_check(k, "x = (1,\n  2]\n");
  OK(e.count == 1 && strstr(e.items[0].message, "line 1") && !strchr(e.items[0].message, '{'));
  syn_errors_clear(&e);
  /* a disabled note is not reported */
  unsigned char *enabled = xcalloc(kb_count(k), 1);
  const char *src = "x = [1，2]\n";
  TSTree *tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)strlen(src));
  syn_check(k, KB_EN, enabled, tree, src, strlen(src), 100, &e);
  INT_EQ(e.count, 0);
  ts_tree_delete(tree);
  free(enabled);
  syn_errors_clear(&e);
  kb_free(k);
}

int main(void) {
  parser = doc_parser_new();
  RUN(test_first_error);
  RUN(test_valid);
  RUN(test_follow_ons);
  RUN(test_messages);
  ts_parser_delete(parser);
  return harness_done();
}
