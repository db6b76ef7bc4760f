/* Tests for server/tokcheck.c: a table of sources with the first error expected, its
 * 1-based line and 0-based byte column. The expectations are CPython 3.12's (its lineno,
 * and the byte where its caret points), checked by hand against `compile()`. */
#include "harness.h"
#include "tokcheck.h"

#include <stdint.h>
#include <string.h>

#define NONE (-1)

typedef struct {
  const char *name, *src;
  int kind; /* tc_kind of the first error, or NONE */
  int line, col;
} S_case;

static const S_case cases[] = {
    /* indentation */
    {"empty block", "for i in range(3):\nprint(i)\n", TC_EXPECTED_INDENT, 2, 0},
    {"empty block, CRLF", "for i in range(3):\r\nprint(i)\r\n", TC_EXPECTED_INDENT, 2, 0},
    {"empty block, CR", "if x:\rpass\r", TC_EXPECTED_INDENT, 2, 0},
    {"empty block at the end", "for x in y:\n", TC_EXPECTED_INDENT, 1, 11},
    {"empty block then comments", "for x in y:\n# c\n\n", TC_EXPECTED_INDENT, 3, 0},
    {"async def", "async def f():\npass\n", TC_EXPECTED_INDENT, 2, 0},
    {"unindent to no level", "if x:\n        a\n    b\n", TC_UNINDENT_MISMATCH, 3, 0},
    {"unexpected indent", "x = 1\n    y = 2\n", TC_UNEXPECTED_INDENT, 2, 0},
    {"first line indented", "  x = 1\n", TC_UNEXPECTED_INDENT, 1, 0},
    {"tab then 8 spaces", "if x:\n\ta\n        b\n", TC_TAB_ERROR, 3, 0},
    {"tabs throughout", "if x:\n\ta\n\tb\n", NONE, 0, 0},
    {"space-tab then tab", "if x:\n    \ta\n\tb\n", TC_TAB_ERROR, 3, 0},
    {"form feed resets the column", "if x:\n    a\n\f    b\n\fc = 1\n", NONE, 0, 0},
    {"comment lines do not count", "if x:\n        # odd\n    a\n  # odder\n", NONE, 0, 0},
    {"indentation inside brackets", "x = (1,\n        2,\n  3)\n", NONE, 0, 0},
    {"continuation line", "x = 1 + \\\n        2\ny = 3\n", NONE, 0, 0},
    {"one-line compound then clause", "if x: pass\nelse: pass\n", NONE, 0, 0},
    {"try/except/else/finally",
     "try:\n    a\nexcept E:\n    b\nelse:\n    c\nfinally:\n    d\n", NONE, 0, 0},
    {"else after a nested block", "if a:\n    for x in y:\n        pass\nelse:\n    pass\n", NONE, 0, 0},
    {"else alone", "x = 1\nelse:\n    pass\n", TC_ORPHAN_CLAUSE, 2, 0},
    {"except inside the try body", "try:\n    a\n    except E:\n    b\n", TC_ORPHAN_CLAUSE, 3, 4},
    /* brackets */
    {"mismatched", "x = (1, 2]\n", TC_MISMATCHED_BRACKET, 1, 9},
    {"mismatched across lines", "x = (1,\n  2]\n", TC_MISMATCHED_BRACKET, 2, 3},
    {"unmatched", "x = 1)\n", TC_UNMATCHED_BRACKET, 1, 5},
    {"unclosed, nested over lines", "x = (1,\n  [2,\n   3]\n", TC_UNCLOSED_BRACKET, 1, 4},
    {"full-width bracket", "print（\"hi\"）\n", TC_FULLWIDTH, 1, 5},
    /* strings */
    {"unterminated", "x = \"abc\n", TC_UNTERMINATED_STRING, 1, 4},
    {"escaped quote", "x = \"a\\\"b\"\n", NONE, 0, 0},
    {"escaped line break", "x = 'a\\\nb'\n", NONE, 0, 0},
    {"raw string ending in an escaped quote", "x = r'a\\'b'\n", NONE, 0, 0},
    {"unterminated triple", "x = \"\"\"abc\n\ny\n", TC_UNTERMINATED_TRIPLE, 1, 4},
    {"triple with quotes inside", "x = '''a ' '' b'''\n", NONE, 0, 0},
    {"f-string nesting the same quote (3.12)", "x = f\"{d[\"k\"]} {f\"{1}\"}\"\n", NONE, 0, 0},
    {"f-string format spec with a field", "x = f\"{v!r:>{w}} {{}}\"\n", NONE, 0, 0},
    {"f-string field over lines (3.12)", "x = f\"{\n  1 + 2\n}\"\n", NONE, 0, 0},
    {"f-string never closed", "x = f\"abc {x\n", TC_UNTERMINATED_STRING, 1, 4},
    {"t-string (3.14)", "x = t\"hi {name}\"\ny = Rt'{a}'\n", NONE, 0, 0},
    {"byte-order mark", "\xEF\xBB\xBFx = 1\n", NONE, 0, 0},
    /* characters */
    {"full-width comma", "x = [1，2]\n", TC_FULLWIDTH, 1, 6},
    {"full-width colon", "if x：\n    pass\n", TC_FULLWIDTH, 1, 4},
    {"curly quotes", "print(“hi”)\n", TC_FULLWIDTH, 1, 6},
    {"no-break space", "x = 1\xC2\xA0+ 2\n", TC_INVALID_CHAR, 1, 5},
    {"dollar", "x = 1 $ 2\n", TC_INVALID_CHAR, 1, 6},
    {"non-ASCII names", "变量 = 1\nnaïve = 2\nΔx = 3\n", NONE, 0, 0},
    {"full-width letters are names", "ｘ = 1\n", NONE, 0, 0},
    {"text in strings and comments", "x = \"，（）\"  # ：；\n", NONE, 0, 0},
    {"backticks", "x = `y`\n", TC_BACKTICK, 1, 4},
    {"backslash before text", "x = 1 \\ 2\n", TC_BACKSLASH, 1, 6},
    {"backslash at the end", "x = 1 \\", TC_BACKSLASH, 1, 6},
    /* what the tokens alone tell the parser */
    {"missing colon", "def f(x)\n    return x\n", TC_MISSING_COLON, 1, 8},
    {"missing colon, header over lines", "def f(a,\n      b)\n    pass\n", TC_MISSING_COLON, 2, 8},
    {"keyword as a name is no header", "class = 3\n", TC_KEYWORD_NAME, 1, 0},
    {"keyword as an attribute", "x.class = 1\n", TC_KEYWORD_NAME, 1, 2},
    {"keyword as a parameter", "def f(a, for): pass\n", TC_KEYWORD_NAME, 1, 9},
    {"keyword as a keyword argument", "f(if=1)\n", TC_KEYWORD_NAME, 1, 2},
    {"None assigned", "None = 1\n", TC_KEYWORD_NAME, 1, 0},
    {"keywords where they belong", "from . import x\nfrom .. import y\nz = ... if a else None\n"
     "def f(a=None, *, b=lambda: 1): pass\nx = None.__class__\n"
     "y: int | None = None\nf(x, y=None)\n", NONE, 0, 0},
    {"lambda in a header", "if lambda: 1:\n    pass\n", NONE, 0, 0},
    {"walrus in a header", "while (n := f()):\n    pass\n", NONE, 0, 0},
    {"missing comma", "x = [1 2]\n", TC_MISSING_COMMA, 1, 5},
    {"missing comma across lines", "x = [\n  \"a\",\n  42\n  \"b\",\n]\n", TC_MISSING_COMMA, 3, 2},
    {"adjacent strings join", "x = [\"a\" \"b\",\n     \"c\"\n     \"d\"]\n", NONE, 0, 0},
    {"numbers", "x = [1.5e100.real, .9e2, .1+.1j, 1_000.0j, 0x_fF, 1e-5, 1 .real]\n", NONE, 0, 0},
    {"parentheses in a def's body", "def g(): return (yield 1)\n", NONE, 0, 0},
    {"call and subscript", "x = [f (1), y [2], 1if z else 2]\n", NONE, 0, 0},
    {"= in a condition", "if x = 3:\n    pass\n", TC_ASSIGN_IN_CONDITION, 1, 3},
    {"= in a parenthesized condition", "if (a.b =\n    1):\n    pass\n", TC_ASSIGN_IN_CONDITION, 1, 4},
    {"keyword argument in a condition", "if f(x=1) and y <= 2:\n    pass\n", NONE, 0, 0},
    {"assignment after a one-line header", "while x: y = 1\n", NONE, 0, 0},
    {"nothing after =", "x =\ny = 2\n", TC_GENERIC, 1, 3},
    {"nothing after an operator", "x = 1 +\n", TC_GENERIC, 1, 7},
    {"import * and ... end lines", "from m import *\nx = ...\n", NONE, 0, 0},
    {"a colon opening nothing", "lse:\n    x = 1\n", TC_GENERIC, 1, 4},
    {"match and case headers", "match x:\n    case 1:\n        pass\n", NONE, 0, 0},
    {"a name before a string", "f '-x'\n", TC_GENERIC, 1, 2},
    {"print before a string is Python 2's", "print 'x'\n", NONE, 0, 0},
    {"try without except", "try:\n    a\nb = 1\n", TC_EXPECTED_EXCEPT, 3, 0},
    {"nested try closed by a dedent", "if x:\n    try:\n        a\nb = 1\n", TC_EXPECTED_EXCEPT, 4, 0},
    {"one-line try", "try: a\nfinally: b\n", NONE, 0, 0},
};

static void test_table(void) {
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const S_case *c = &cases[i];
    tc_errors e = {0};
    tc_check(c->src, strlen(c->src), &e);
    int kind = e.count ? (int)e.items[0].kind : NONE;
    if (kind != c->kind || (kind != NONE && ((int)e.items[0].row + 1 != c->line ||
                                             (int)e.items[0].col != c->col))) {
      fprintf(stderr, "case \"%s\": got kind %d at %d:%d, want %d at %d:%d\n", c->name, kind,
              e.count ? (int)e.items[0].row + 1 : 0, e.count ? (int)e.items[0].col : 0,
              c->kind, c->line, c->col);
      OK(0);
    }
    tc_errors_clear(&e);
  }
}

static void test_details(void) {
  tc_errors e = {0};
  const char *src = "for i in range(3):\nprint(i)\n";
  tc_check(src, strlen(src), &e);
  OK(e.count == 1 && e.items[0].other_row == 0 && strcmp(e.items[0].what, "'for' statement") == 0);
  tc_errors_clear(&e);
  src = "x = (1,\n  2]\n";
  tc_check(src, strlen(src), &e);
  OK(e.count == 1 && e.items[0].open == '(' && e.items[0].close == ']' && e.items[0].other_row == 0);
  tc_errors_clear(&e);
  src = "x = [1，2]\n";
  tc_check(src, strlen(src), &e);
  OK(e.count == 1 && e.items[0].codepoint == 0xFF0C && e.items[0].ascii == ',');
  /* the underline covers the whole character */
  OK(e.count == 1 && e.items[0].end_byte - e.items[0].byte == 3);
  tc_errors_clear(&e);
  src = "x = \"\"\"abc\n\ny\n";
  tc_check(src, strlen(src), &e);
  OK(e.count == 1 && e.items[0].other_row == 2);
  tc_errors_clear(&e);
  /* several independent characters are all reported */
  src = "print（\"hi\"）\n";
  tc_check(src, strlen(src), &e);
  INT_EQ(e.count, 2);
  tc_errors_clear(&e);
}

static void test_limits(void) {
  char deep[512];
  memset(deep, '(', 300);
  deep[300] = '\0';
  tc_errors e = {0};
  tc_check(deep, strlen(deep), &e);
  OK(e.count == 1 && e.items[0].kind == TC_TOO_DEEP);
  tc_errors_clear(&e);
  /* any bytes: no crash, a finding for an invalid byte */
  const char junk[] = "x = \xff\xfe\x00 1\n";
  tc_check(junk, sizeof junk - 1, &e);
  OK(e.count >= 1 && e.items[0].kind == TC_INVALID_CHAR);
  tc_errors_clear(&e);
}

static void test_identifier_chars(void) {
  OK(tc_is_identifier_char(0x53D8)); /* 变 */
  OK(tc_is_identifier_char(0x00E9)); /* é */
  OK(tc_is_identifier_char(0x0394)); /* Δ */
  OK(!tc_is_identifier_char(0xFF0C)); /* ， */
  OK(!tc_is_identifier_char(0x3002)); /* 。 */
  OK(!tc_is_identifier_char(0x201C)); /* “ */
  OK(!tc_is_identifier_char(0x00A0)); /* no-break space */
  OK(!tc_is_identifier_char(0x1F600)); /* emoji */
  INT_EQ(tc_fullwidth_ascii(0xFF08), '(');
  INT_EQ(tc_fullwidth_ascii(0x3010), '[');
  INT_EQ(tc_fullwidth_ascii(0xFF41), 0); /* ａ is a letter */
}

int main(void) {
  RUN(test_table);
  RUN(test_details);
  RUN(test_limits);
  RUN(test_identifier_chars);
  return harness_done();
}
