/* Tests for server/render.c: plain text from cmark documents (table-driven), CommonMark of
 * a node, and what a hover shows for a small note in Markdown and plain text, in English and
 * Chinese. */
#include "harness.h"
#include "kb.h"
#include "md.h"
#include "render.h"

#include <stdlib.h>

typedef struct {
  const char *name;
  const char *markdown;
  const char *text;
} S_case;

static const S_case S_cases[] = {
    {"plain paragraph", "Just text.", "Just text."},
    {"inline code keeps its backticks", "Use `x = 1` and `y`.", "Use `x = 1` and `y`."},
    {"emphasis dropped", "*a* **b** _c_ __d__ ***e***", "a b c d e"},
    {"emphasis around code", "*see `f()`*", "see `f()`"},
    {"soft break is a space", "one\ntwo", "one two"},
    {"hard break is a new line", "one  \ntwo", "one\ntwo"},
    {"paragraphs", "one\n\ntwo", "one\n\ntwo"},
    {"heading loses its marks", "# Head\n\ntext", "Head\n\ntext"},
    {"fenced code block indented", "Text.\n\n```python\ndef f():\n\n    return 1\n```\n\nAfter.",
     "Text.\n\n    def f():\n\n        return 1\n\nAfter."},
    {"indented code block", "    x = 1\n    y = 2\n", "    x = 1\n    y = 2"},
    {"unordered list", "- a\n- b\n\nx", "- a\n- b\n\nx"},
    {"unordered list with stars", "* a\n* `b`", "- a\n- `b`"},
    {"ordered list", "1. a\n2. b", "1. a\n2. b"},
    {"ordered list from 3", "3. a\n4. b\n5. c", "3. a\n4. b\n5. c"},
    {"ordered list numbered by position", "1. x\n1. y\n1. z", "1. x\n2. y\n3. z"},
    {"loose list", "1. a\n\n2. b\n\nend", "1. a\n\n2. b\n\nend"},
    {"nested list", "- a\n  - b\n  - c\n- d", "- a\n  - b\n  - c\n- d"},
    {"ordered list nested in a bullet", "- a\n  1. b\n  2. c\n- d", "- a\n  1. b\n  2. c\n- d"},
    {"bullet nested in an ordered list", "1. a\n   - b\n2. c", "1. a\n   - b\n2. c"},
    {"link shows the URL", "See [the docs](https://docs.python.org/3/).",
     "See the docs <https://docs.python.org/3/>."},
    {"link with code", "[`zip`](https://x.y/zip)", "`zip` <https://x.y/zip>"},
    {"autolink shown once", "See <https://a.b/c>.", "See https://a.b/c."},
    {"email autolink shown once", "Mail <a@b.cd>.", "Mail a@b.cd."},
    {"thematic break", "a\n\n---\n\nb", "a\n\n----\n\nb"},
    {"text after code block", "```\nx\n```\ny", "    x\n\ny"},
};

static void test_text_table(void) {
  for (size_t i = 0; i < sizeof S_cases / sizeof S_cases[0]; i++) {
    const S_case *c = &S_cases[i];
    cmark_node *doc = cmark_parse_document(c->markdown, strlen(c->markdown), CMARK_OPT_DEFAULT);
    char *got = md_node_text(doc);
    char *again = md_to_text(c->markdown);
    if (!got || strcmp(got, c->text) != 0)
      fprintf(stderr, "case \"%s\":\n--- got\n%s\n--- want\n%s\n---\n", c->name, got ? got : "(null)",
              c->text);
    STR_EQ(got, c->text);
    STR_EQ(again, c->text);
    free(got);
    free(again);
    cmark_node_free(doc);
  }
}

/* One node rather than a document: the summary paragraph is rendered that way. */
static void test_single_nodes(void) {
  const char *md = "First *para* with `code`\nand a [link](http://l.example).\n\n- item\n";
  cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
  cmark_node *para = cmark_node_first_child(doc);
  char *text = md_node_text(para);
  STR_EQ(text, "First para with `code` and a link <http://l.example>.");
  free(text);
  char *markdown = md_node_markdown(para);
  STR_EQ(markdown, "First *para* with `code`\nand a [link](http://l.example).");
  free(markdown);
  char *list = md_node_text(cmark_node_next(para));
  STR_EQ(list, "- item");
  free(list);
  cmark_node_free(doc);
  /* A nested list or item rendered alone is not indented for the items around it. */
  md = "- a\n  - b\n  - c\n";
  doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
  cmark_node *inner = cmark_node_last_child(cmark_node_first_child(cmark_node_first_child(doc)));
  OK(cmark_node_get_type(inner) == CMARK_NODE_LIST);
  text = md_node_text(inner);
  STR_EQ(text, "- b\n- c");
  free(text);
  text = md_node_text(cmark_node_last_child(inner));
  STR_EQ(text, "- c");
  free(text);
  cmark_node_free(doc);
  char *empty = md_to_text("");
  STR_EQ(empty, "");
  free(empty);
}

/* ---- hovers ---- */

static const char S_en[] =
    "---\n"
    "title: Use `*args` [here]_now\n"
    "kind: explanation\n"
    "see: lambda\n"
    "---\n"
    "\n"
    "A `*args` parameter collects *extra*\npositional arguments.\n"
    "\n"
    "Details that the hover leaves out.\n"
    "\n"
    "```python nomatch\ndef f(a):\n    pass\n```\n"
    "\n"
    "```python\ndef f(*args):\n    return args\n```\n"
    "\n"
    "```python\nsecond = 2\n```\n";

static const char S_zh[] =
    "---\n"
    "title: 可变参数\n"
    "kind: explanation\n"
    "see: lambda\n"
    "---\n"
    "\n"
    "`*args` 收集**多余的**位置参数。\n"
    "\n"
    "```python nomatch\ndef f(a):\n    pass\n```\n"
    "\n"
    "```python\ndef f(*args):\n    return args\n```\n"
    "\n"
    "```python\nsecond = 2\n```\n";

static void test_hover_explanation(void) {
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "star-args-x", "s/match.scm", "((list_splat_pattern) @construct)", "s/en.md",
                      S_en, "s/zh.md", S_zh, &pr),
         0);
  INT_EQ(pr.count, 0);
  const kb_note *n = kb_note_at(k, 0);
  if (!n) {
    OK(n != NULL);
    kb_free(k);
    return;
  }
  char *s = render_hover(n, KB_EN, true);
  STR_EQ(s,
         "**Use \\`\\*args\\` \\[here\\]\\_now**\n"
         "\n"
         "A `*args` parameter collects *extra*\npositional arguments.\n"
         "\n"
         "```python\ndef f(*args):\n    return args\n```\n"
         "\n"
         "*[Full note](command:pylore.showNote?%5B%7B%22id%22%3A%22star-args-x%22%7D%5D)*");
  free(s);
  s = render_hover(n, KB_EN, false);
  STR_EQ(s,
         "Use `*args` [here]_now\n"
         "\n"
         "A `*args` parameter collects extra positional arguments.\n"
         "\n"
         "    def f(*args):\n        return args\n"
         "\n"
         "Full note: pylore notes star-args-x");
  free(s);
  s = render_hover(n, KB_ZH, true);
  STR_EQ(s,
         "**可变参数**\n"
         "\n"
         "`*args` 收集**多余的**位置参数。\n"
         "\n"
         "```python\ndef f(*args):\n    return args\n```\n"
         "\n"
         "*[完整笔记](command:pylore.showNote?%5B%7B%22id%22%3A%22star-args-x%22%7D%5D)*");
  free(s);
  s = render_hover(n, KB_ZH, false);
  STR_EQ(s,
         "可变参数\n"
         "\n"
         "`*args` 收集多余的位置参数。\n"
         "\n"
         "    def f(*args):\n        return args\n"
         "\n"
         "完整笔记: pylore notes star-args-x");
  free(s);

  /* The whole note: heading, kind, body and related notes. */
  s = render_full(n, KB_EN, true);
  OK(s && strncmp(s, "# Use \\`\\*args\\` \\[here\\]\\_now\n\n*explanation* · `star-args-x`\n\n", 62) == 0);
  OK(s && strstr(s, "Details that the hover leaves out.") != NULL);
  OK(s && strstr(s, "See also: `lambda`") != NULL);
  free(s);
  s = render_full(n, KB_ZH, false);
  OK(s && strncmp(s, "可变参数\n讲解 (star-args-x)\n\n", strlen("可变参数\n讲解 (star-args-x)\n\n")) == 0);
  OK(s && strstr(s, "    second = 2") != NULL);
  OK(s && strstr(s, "相关：lambda") != NULL);
  free(s);
  kb_problems_clear(&pr);
  kb_free(k);
}

/* ---- soft breaks in CJK prose ----
 * A line broken between two CJK characters, or CJK and full-width punctuation, joins with
 * nothing, in plain text and in the Markdown given to clients; elsewhere it stays a space. */
typedef struct {
  const char *name;
  const char *markdown;
  const char *text;     /* md_to_text */
  const char *joined;   /* md_node_markdown of the first block */
} S_cjk_case;

static const S_cjk_case S_cjk_cases[] = {
    {"between ideographs", "随身\n带着", "随身带着", "随身带着"},
    {"before full-width parenthesis", "随身带着\n（可以用", "随身带着（可以用", "随身带着（可以用"},
    {"after full-width comma", "先导入，\n再调用", "先导入，再调用", "先导入，再调用"},
    {"before a curly quote", "很适合\n“查找”", "很适合“查找”", "很适合“查找”"},
    {"after a curly quote", "“查找”\n场景", "“查找”场景", "“查找”场景"},
    {"kana", "ひらがな\nカタカナ", "ひらがなカタカナ", "ひらがなカタカナ"},
    {"into emphasis", "迭代器。\n*迭代器*有", "迭代器。迭代器有", "迭代器。*迭代器*有"},
    {"out of a link", "见[文档](http://d.example)\n说明", "见文档 <http://d.example>说明",
     "见[文档](http://d.example)说明"},
    {"several in one paragraph", "一\n二\n三", "一二三", "一二三"},
    {"CJK then Latin stays a space", "调用\nPython", "调用 Python", "调用\nPython"},
    {"Latin then CJK stays a space", "Python\n调用", "Python 调用", "Python\n调用"},
    {"code span stays a space", "用 `x`\n调用", "用 `x` 调用", "用 `x`\n调用"},
    {"curly quotes between Latin words", "the “word”\n“next”", "the “word” “next”",
     "the “word”\n“next”"},
    {"Hangul keeps its space", "한국어\n문장", "한국어 문장", "한국어\n문장"},
    {"English", "one\ntwo", "one two", "one\ntwo"},
    {"hard break is kept", "一  \n二", "一\n二", "一  \n二"},
};

static void test_cjk_soft_breaks(void) {
  for (size_t i = 0; i < sizeof S_cjk_cases / sizeof S_cjk_cases[0]; i++) {
    const S_cjk_case *c = &S_cjk_cases[i];
    char *text = md_to_text(c->markdown);
    cmark_node *doc = cmark_parse_document(c->markdown, strlen(c->markdown), CMARK_OPT_DEFAULT);
    char *joined = md_node_markdown(cmark_node_first_child(doc));
    if (!text || strcmp(text, c->text) != 0 || !joined || strcmp(joined, c->joined) != 0)
      fprintf(stderr, "case \"%s\"\n", c->name);
    STR_EQ(text, c->text);
    STR_EQ(joined, c->joined);
    free(text);
    free(joined);
    cmark_node_free(doc);
  }
  /* A whole note: its hover and its full text, in both forms. */
  const char *zh = "---\ntitle: 闭包\nkind: explanation\n---\n\n"
                   "返回的函数把它随身带着\n（可以用 `f.__closure__` 看到）。\n\n"
                   "正文第二段，\n换行之后。\n\n- 列表\n  里的项\n\n```python\nx = 1\n# 注释\n# 第二行\n```\n";
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "cjk-x", "c/match.scm", "((identifier) @construct)", "c/en.md",
                      "---\ntitle: C\nkind: explanation\n---\n\nClosure\ntext.\n\n```python\nx = 1\n```\n",
                      "c/zh.md", zh, &pr),
         0);
  const kb_note *n = kb_note_at(k, 0);
  if (n) {
    char *s = render_hover(n, KB_ZH, true);
    OK(s && strstr(s, "\n\n返回的函数把它随身带着（可以用 `f.__closure__` 看到）。\n\n") != NULL);
    free(s);
    s = render_hover(n, KB_ZH, false);
    OK(s && strstr(s, "\n\n返回的函数把它随身带着（可以用 `f.__closure__` 看到）。\n\n") != NULL);
    free(s);
    s = render_full(n, KB_ZH, true);
    OK(s && strstr(s, "正文第二段，换行之后。") != NULL);
    OK(s && strstr(s, "列表里的项") != NULL);
    OK(s && strstr(s, "x = 1\n# 注释\n# 第二行\n") != NULL); /* code is never joined */
    free(s);
    s = render_full(n, KB_ZH, false);
    OK(s && strstr(s, "正文第二段，换行之后。") != NULL);
    OK(s && strstr(s, "- 列表里的项") != NULL);
    free(s);
    s = render_full(n, KB_EN, true);
    OK(s && strstr(s, "Closure\ntext.") != NULL); /* untouched when nothing joins */
    free(s);
  }
  OK(n != NULL);
  kb_problems_clear(&pr);
  kb_free(k);
}

static void test_hover_pitfall(void) {
  const char *en = "---\ntitle: Bare except\nkind: pitfall\nseverity: warning\n---\n\n"
                   "A bare `except:` catches everything.\n\n"
                   "```python good\ntry:\n    f()\nexcept ValueError:\n    pass\n```\n\n"
                   "```python bad\ntry:\n    f()\nexcept:\n    pass\n```\n";
  const char *plain = "---\ntitle: T_1\nkind: explanation\n---\n\nOnly a summary.\n";
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "bare-except-x", "b/match.scm", "((except_clause) @construct)", "b/en.md",
                      en, NULL, NULL, &pr),
         0);
  INT_EQ(kb_load_note(k, "t", "t/match.scm", "((call) @construct)", "t/en.md", plain, NULL, NULL, &pr),
         0);
  INT_EQ(pr.count, 0);
  if (kb_count(k) != 2) {
    INT_EQ(kb_count(k), 2);
    kb_free(k);
    return;
  }
  char *s = render_hover(kb_note_at(k, 0), KB_EN, true);
  STR_EQ(s,
         "**Bare except** · `bare-except-x`\n\n"
         "A bare `except:` catches everything.\n\n"
         "**Problem**\n\n"
         "```python\ntry:\n    f()\nexcept:\n    pass\n```\n\n"
         "**Instead**\n\n"
         "```python\ntry:\n    f()\nexcept ValueError:\n    pass\n```\n\n"
         "*[Full note](command:pylore.showNote?%5B%7B%22id%22%3A%22bare-except-x%22%7D%5D)*");
  free(s);
  s = render_hover(kb_note_at(k, 0), KB_EN, false);
  STR_EQ(s,
         "Bare except [bare-except-x]\n\n"
         "A bare `except:` catches everything.\n\n"
         "Problem:\n\n"
         "    try:\n        f()\n    except:\n        pass\n\n"
         "Instead:\n\n"
         "    try:\n        f()\n    except ValueError:\n        pass\n\n"
         "Full note: pylore notes bare-except-x");
  free(s);
  /* No example: no code block. */
  s = render_hover(kb_note_at(k, 1), KB_EN, true);
  STR_EQ(s, "**T\\_1**\n\nOnly a summary.\n\n" "*[Full note](command:pylore.showNote?%5B%7B%22id%22%3A%22t%22%7D%5D)*");
  free(s);
  s = render_hover(kb_note_at(k, 1), KB_EN, false);
  STR_EQ(s, "T_1\n\nOnly a summary.\n\nFull note: pylore notes t");
  free(s);
  /* Chinese asked, only English written: the English text. */
  s = render_hover(kb_note_at(k, 1), KB_ZH, false);
  OK(s && strncmp(s, "T_1\n\nOnly a summary.\n\n", 22) == 0);
  free(s);
  kb_problems_clear(&pr);
  kb_free(k);
}

/* A pitfall with an explanation after its summary, a long bad example and a fix. */
static void test_hover_pitfall_teaches_fix(void) {
  const char *en = "---\ntitle: Old print\nkind: pitfall\nseverity: error\n"
                   "fix: safe: Call print()\n---\n\n"
                   "The summary, which the diagnostic shows: call `print(...)`.\n\n"
                   "Why it *fails*.\n\n- one\n- two\n\nA third block, left out.\n\n"
                   "```python bad\nprint 1\nprint 2\nprint 3\nprint 4\nprint 5\nprint 6\n"
                   "print 7\nprint 8\nprint 9\n```\n\n"
                   "```python good\nprint(1)\n```\n\n```python good\nprint(2)\n```\n";
  const char *zh = "---\ntitle: 旧 print\nkind: pitfall\nseverity: error\n"
                   "fix: safe: 改成 print()\n---\n\n摘要：改用 `print(...)`。\n\n"
                   "```python bad\nprint 1\n```\n\n```python good\nprint(1)\n```\n";
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "old-print", "p/match.scm", "((print_statement) @construct)", "p/en.md",
                      en, "p/zh.md", zh, &pr),
         0);
  INT_EQ(pr.count, 0);
  if (kb_count(k) != 1) {
    kb_free(k);
    return;
  }
  const kb_note *n = kb_note_at(k, 0);
  INT_EQ(n->fix, KB_FIX_SAFE);
  char *s = render_hover(n, KB_EN, true);
  STR_EQ(s,
         "**Old print** · `old-print`\n\n"
         "Why it *fails*.\n\n  - one\n  - two\n\n"
         "**Problem**\n\n"
         "```python\nprint 1\nprint 2\nprint 3\nprint 4\nprint 5\nprint 6\nprint 7\n"
         "print 8\n# …\n```\n\n"
         "**Instead**\n\n```python\nprint(1)\n```\n\n"
         "Quick fix: Call print\\(\\)\n\n"
         "*[Full note](command:pylore.showNote?%5B%7B%22id%22%3A%22old-print%22%7D%5D)*");
  free(s);
  s = render_hover(n, KB_ZH, false);
  STR_EQ(s,
         "旧 print [old-print]\n\n摘要：改用 `print(...)`。\n\n"
         "问题:\n\n    print 1\n\n改为:\n\n    print(1)\n\n快速修复：改成 print()\n\n"
         "完整笔记: pylore notes old-print");
  free(s);
  kb_problems_clear(&pr);
  kb_free(k);
}

int main(void) {
  RUN(test_text_table);
  RUN(test_hover_pitfall_teaches_fix);
  RUN(test_single_nodes);
  RUN(test_hover_explanation);
  RUN(test_hover_pitfall);
  RUN(test_cjk_soft_breaks);
  return harness_done();
}
