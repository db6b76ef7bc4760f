/* Tests for server/predicate.c. A table of (query, Python snippet, expected number of
 * matches): each query is compiled with ts_query_new + pred_set_new, run over the snippet's
 * tree, and the matches that capture @construct and pass pred_set_eval are counted. For a
 * row with a single predicate, the same query with the predicate negated (`not-` added or
 * removed) must give exactly the other matches, so every row checks both forms. Then the
 * loading errors, and one run through the knowledge base and analysis.c. */
#include "analysis.h"
#include "doc.h"
#include "harness.h"
#include "kb.h"
#include "pred_tree.h"
#include "predicate.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  const char *name;
  const char *query;
  const char *src;
  int want;
} S_case;

/* Queries that count identifiers read by a call (`foo()`), used by the binding rows. */
#define CALL_UNBOUND "((call function: (identifier) @construct) (#not-bound-in-file? @construct))"
#define RET_PARAM \
  "((return_statement (identifier) @construct) (#bound-in-scope? @construct \"parameter\"))"
#define LAMBDA_LOOP "((lambda) @construct (#captures-loop-variable? @construct))"
#define DEF_LOOP "((function_definition) @construct (#captures-loop-variable? @construct))"
#define CALL_ASYNC \
  "((call function: (identifier) @construct) (#eq? @construct \"s\") (#enclosing? @construct \"async_function\"))"

static const S_case S_cases[] = {
    /* ---- #eq? / #not-eq? ---- */
    {"eq string", "((identifier) @construct (#eq? @construct \"xrange\"))",
     "xrange(3)\nx = xrange\nxranges = 1\nxrang = 2\n", 2},
    {"not-eq string", "((identifier) @construct (#not-eq? @construct \"xrange\"))",
     "xrange(3)\nx = xrange\nxranges = 1\nxrang = 2\n", 3},
    {"eq capture",
     "((assignment left: (identifier) @a right: (identifier) @construct) (#eq? @a @construct))",
     "x = x\ny = x\nab = abc\nabc = ab\nzz = zz\n", 2},
    {"not-eq capture",
     "((assignment left: (identifier) @a right: (identifier) @construct) (#not-eq? @construct @a))",
     "x = x\ny = x\nab = abc\nabc = ab\nzz = zz\n", 3},

    /* ---- #match? / #not-match? ---- */
    {"match unanchored", "((identifier) @construct (#match? @construct \"rang\"))",
     "xrange\nrange\nrang_\nfoo\n", 3},
    {"match anchored", "((identifier) @construct (#match? @construct \"^range$\"))",
     "xrange\nrange\nranges\nfoo\n", 1},
    {"match start anchor", "((identifier) @construct (#match? @construct \"^x\"))",
     "xrange\nrange\nyx\n", 1},
    {"match class and +", "((identifier) @construct (#match? @construct \"^v[0-9]+$\"))",
     "v1\nv22\nvx\nv\nv1x\n", 2},
    {"match alternation", "((identifier) @construct (#match? @construct \"^(PY2|PY3)$\"))",
     "PY2\nPY3\nPY23\nPY\n", 2},
    {"not-match", "((identifier) @construct (#not-match? @construct \"^_\"))",
     "_a\nb\n__c\nd_\n", 2},

    /* ---- #any-of? / #not-any-of? ---- */
    {"any-of", "((identifier) @construct (#any-of? @construct \"print\" \"exec\"))",
     "print\nexec\nprinter\neval\npr\n", 2},
    {"any-of one string", "((identifier) @construct (#any-of? @construct \"eval\"))",
     "print\nexec\nprinter\neval\n", 1},
    {"not-any-of", "((identifier) @construct (#not-any-of? @construct \"print\" \"exec\"))",
     "print\nexec\nprinter\neval\n", 2},

    /* ---- #has-ancestor? / #has-parent? ---- */
    {"has-ancestor two types",
     "((call function: (identifier) @construct) (#has-ancestor? @construct lambda function_definition))",
     "f()\ng = lambda: f()\ndef h():\n    if x:\n        f()\nclass C:\n    f()\n", 2},
    {"has-ancestor one type",
     "((call function: (identifier) @construct) (#has-ancestor? @construct class_definition))",
     "f()\ng = lambda: f()\ndef h():\n    if x:\n        f()\nclass C:\n    f()\n", 1},
    {"not-has-ancestor",
     "((call function: (identifier) @construct) (#not-has-ancestor? @construct lambda function_definition class_definition))",
     "f()\ng = lambda: f()\ndef h():\n    f()\nclass C:\n    f()\n", 1},
    {"has-ancestor is proper",
     "((function_definition) @construct (#has-ancestor? @construct function_definition))",
     "def a():\n    def b():\n        pass\ndef c():\n    pass\n", 1},
    {"has-parent two types",
     "((identifier) @construct (#has-parent? @construct argument_list keyword_argument))",
     "f(a, k=b)\n", 3},
    {"has-parent not grandparent", "((identifier) @construct (#has-parent? @construct call))",
     "f(a)\n", 1},
    {"not-has-parent", "((identifier) @construct (#not-has-parent? @construct argument_list))",
     "f(a, k=b)\n", 3},

    /* ---- #in-field? ---- */
    {"in-field loop body, not else",
     "((call function: (attribute) @construct) (#in-field? @construct body for_statement while_statement))",
     "for x in xs:\n    q.pop(0)\nelse:\n    q.pop(0)\nwhile q:\n    if a:\n        q.pop(0)\n    else:\n        q.pop(0)\nq.pop(0)\n", 3},
    {"in-field condition",
     "((identifier) @construct (#in-field? @construct condition if_statement while_statement))",
     "if a:\n    b\nwhile c:\n    d\n", 2},
    {"not-in-field",
     "((call function: (attribute) @construct) (#not-in-field? @construct body for_statement))",
     "for x in xs:\n    q.pop(0)\nelse:\n    q.pop(0)\n", 1},

    /* ---- #captures-loop-variable? on a name: the def it was last bound to ---- */
    {"captures-loop-variable through a name",
     "((expression_statement (call arguments: (argument_list (identifier) @construct))) (#captures-loop-variable? @construct))",
     "for i in r:\n    def cb():\n        return i\n    hs.append(cb)\n"
     "for j in r:\n    def cb2(j=j):\n        return j\n    hs.append(cb2)\n"
     "for k in r:\n    def cb3():\n        return k\n    x = 1\n    hs.append(cb3)\n"
     "def cb4():\n    return 0\nhs.append(cb4)\n"
     "for m in r:\n    def cb5():\n        return m\n    cb5 = wrap(m)\n    hs.append(cb5)\n", 2},

    /* ---- #innermost-ancestor? ---- */
    {"innermost-ancestor",
     "((return_statement) @construct (#innermost-ancestor? @construct finally_clause function_definition))",
     "def f():\n    try:\n        pass\n    finally:\n        return 1\n"
     "def g():\n    try:\n        pass\n    finally:\n        def h():\n            return 2\n"
     "def k():\n    return 3\n", 1},
    {"in-loop-over",
     "((expression_statement) @construct (#in-loop-over? @construct \"xs\" \"enumerate\"))",
     "for x in xs:\n    a()\nelse:\n    b()\nfor i, x in enumerate(xs):\n    c()\n"
     "for x in sorted(xs):\n    d()\nfor x in xs:\n    def f():\n        e()\n", 2},
    {"in-loop-over a capture",
     "((call function: (attribute object: (identifier) @seq)) @construct (#in-loop-over? @construct @seq))",
     "for x in xs:\n    xs.remove(x)\n    ys.remove(x)\n", 1},

    /* ---- #only-indexes? ---- */
    {"only-indexes: reads of xs[i] only",
     "((for_statement left: (identifier) @i right: (call arguments: (argument_list (call arguments: "
     "(argument_list (identifier) @seq)))) body: (block) @body) @construct (#only-indexes? @i @body @seq))",
     "for i in range(len(xs)):\n    print(xs[i])\n"
     "for i in range(len(xs)):\n    xs[i] = 0\n"
     "for i in range(len(xs)):\n    print(xs[i], i)\n"
     "for i in range(len(xs)):\n    print(ys[i])\n"
     "for i in range(len(xs)):\n    print(o.i, xs[i], f(i=1))\n"
     "for i in range(len(xs)):\n    print(xs[i + 1])\n"
     "for i in range(len(xs)):\n    del xs[i]\n"
     "for i in range(len(xs)):\n    pass\n", 2},

    /* ---- #class-attribute? ---- */
    {"class-attribute: shared through self, unless an instance assigns its own",
     "((attribute object: (identifier) attribute: (identifier) @construct) (#class-attribute? @construct \"list\" \"set()\"))",
     "class A:\n    items = []\n    tags = set()\n    name = \"x\"\n    own = []\n"
     "    def __init__(self):\n        self.own = []\n"
     "    def f(self):\n        self.items.append(1)\n        self.tags.add(1)\n"
     "        self.name.upper()\n        self.own.append(1)\n"
     "        def g():\n            self.items.append(2)\n"
     "def h(self):\n    self.items.append(3)\n", 2},
    {"class-attribute: chained and annotated class assignments, decorated methods",
     "((attribute object: (identifier) attribute: (identifier) @construct) (#class-attribute? @construct \"dictionary\"))",
     "class B:\n    a = b = {}\n    c: dict = {}\n    d: int\n"
     "    @property\n    def f(self):\n        self.a[1] = self.b[2] = self.c[3] = self.d\n", 3},

    /* ---- #file-imports? ---- */
    {"file-imports: import of a submodule, aliased",
     "((call function: (attribute attribute: (identifier) @construct)) (#file-imports? @construct \"tkinter\"))",
     "import tkinter.ttk as t\nw.lower()\n", 1},
    {"file-imports: a star import inside a def",
     "((call function: (attribute attribute: (identifier) @construct)) (#file-imports? @construct \"tkinter\"))",
     "def f():\n    from tkinter import *\nw.lower()\n", 1},
    {"file-imports: relative imports and other names do not count",
     "((call function: (attribute attribute: (identifier) @construct)) (#file-imports? @construct \"tkinter\"))",
     "from .tkinter import x\nimport tkinterx\nfrom os import path\nw.lower()\n", 0},

    /* ---- #always-reaches? ---- */
    {"always-reaches after the statement",
     "((expression_statement) @construct (#always-reaches? @construct break_statement))",
     "for x in xs:\n    f(x)\n    break\nfor y in ys:\n    g(y)\n    if y:\n        break\n", 1},
    {"always-reaches: nested defs are stepped over",
     "((expression_statement) @construct (#always-reaches? @construct return_statement))",
     "for x in xs:\n    f(x)\n    def h():\n        return 1\n", 0},
    {"always-reaches: another exit first",
     "((expression_statement) @construct (#always-reaches? @construct raise_statement))",
     "def f():\n    a()\n    if x:\n        return\n    raise E\n"
     "def g():\n    b()\n    if x:\n        pass\n    raise E\n", 1},
    {"always-reaches: every branch of a block",
     "((block) @construct (#always-reaches? @construct raise_statement))",
     "try:\n    pass\nexcept:\n    if a:\n        raise\n    else:\n        raise X\n"
     "try:\n    pass\nexcept:\n    if a:\n        raise\n"
     "try:\n    pass\nexcept:\n    log()\n    return\n", 4},
    {"always-reaches: try and with",
     "((block) @construct (#has-parent? @construct except_clause) (#always-reaches? @construct raise_statement))",
     "try:\n    pass\nexcept:\n    with lock:\n        raise\n"
     "try:\n    pass\nexcept:\n    try:\n        undo()\n    finally:\n        raise\n"
     "try:\n    pass\nexcept:\n    try:\n        raise\n    except E:\n        pass\n"
     "try:\n    pass\nexcept:\n    for x in y:\n        raise\n", 2},

    /* ---- #enclosing? ---- */
    {"enclosing async_function", CALL_ASYNC,
     "s()\n"
     "async def a():\n"
     "    s()\n"
     "    def inner():\n"
     "        s()\n"
     "    f = lambda: s()\n"
     "    async def b():\n"
     "        s()\n"
     "def c():\n"
     "    s()\n"
     "    async def d():\n"
     "        if x:\n"
     "            s()\n"
     "@dec\n"
     "async def e():\n"
     "    s()\n"
     "async def g():\n"
     "    h = lambda: s()\n",
     4},
    {"not-enclosing async_function",
     "((call function: (identifier) @construct) (#eq? @construct \"s\") (#not-enclosing? @construct \"async_function\"))",
     "s()\n"
     "async def a():\n"
     "    s()\n"
     "    def inner():\n"
     "        s()\n"
     "    f = lambda: s()\n"
     "def c():\n"
     "    s()\n",
     4},
    {"in-async module level", "((call function: (identifier) @construct) (#enclosing? @construct \"async_function\"))",
     "s()\n", 0},
    {"in-async lambda in async def",
     "((call function: (identifier) @construct) (#enclosing? @construct \"async_function\"))",
     "async def a():\n    return lambda: s()\n", 0},
    {"in-async sync def in async def",
     "((call function: (identifier) @construct) (#enclosing? @construct \"async_function\"))",
     "async def a():\n    def b():\n        s()\n", 0},

    /* ---- #ancestor-field-eq? / #ancestor-field-match? ---- */
    {"ancestor-field-eq capture",
     "((call function: (attribute object: (identifier) @obj)) @construct"
     " (#ancestor-field-eq? @construct for_statement right @obj))",
     "for x in items:\n    items.remove(x)\nfor x in items:\n    other.remove(x)\n"
     "items.remove(x)\n",
     1},
    {"ancestor-field-eq capture, inner loop differs",
     "((call function: (attribute object: (identifier) @obj)) @construct"
     " (#ancestor-field-eq? @construct for_statement right @obj))",
     "for x in items:\n    for y in other:\n        items.remove(x)\n"
     "for x in items:\n    for y in other:\n        xs.remove(x)\n",
     1},
    {"ancestor-field-eq string",
     "((call function: (attribute object: (identifier) @construct))"
     " (#ancestor-field-eq? @construct for_statement right \"items\"))",
     "for x in items:\n    items.pop()\n"
     "for x in other:\n    items.pop()\n"
     "items.pop()\n"
     "for x in items:\n    for y in other:\n        items.pop()\n"
     "for x in items_2:\n    items.pop()\n",
     2},
    {"not-ancestor-field-eq string",
     "((call function: (attribute object: (identifier) @construct))"
     " (#not-ancestor-field-eq? @construct for_statement right \"items\"))",
     "for x in items:\n    items.pop()\nfor x in other:\n    items.pop()\nitems.pop()\n", 2},
    {"ancestor-field-eq: the field's own node does not count",
     "((identifier) @construct (#ancestor-field-eq? @construct for_statement right \"items\"))",
     "for x in items:\n    pass\n", 1},
    {"ancestor-field-eq: the field's node, outer loop counts",
     "((identifier) @construct (#ancestor-field-eq? @construct for_statement right \"items\"))",
     "for x in items:\n    for y in items:\n        pass\n", 3},
    {"ancestor-field-eq capture: the field's own node does not count",
     "((identifier) @construct (#ancestor-field-eq? @construct for_statement right @construct))",
     "for x in items:\n    items\n", 1},
    {"ancestor-field-eq other node type",
     "((call function: (identifier) @construct) (#ancestor-field-eq? @construct function_definition name \"main\"))",
     "def main():\n    f()\ndef other():\n    f()\nf()\n", 1},
    {"ancestor-field-match anchored",
     "((call function: (attribute object: (identifier) @construct))"
     " (#ancestor-field-match? @construct for_statement right \"^(items|data)$\"))",
     "for x in items:\n    items.pop()\nfor x in data:\n    data.pop()\n"
     "for x in items2:\n    items.pop()\nitems.pop()\n",
     2},
    {"ancestor-field-match unanchored",
     "((call function: (attribute object: (identifier) @construct))"
     " (#ancestor-field-match? @construct if_statement condition \"PY2|version\"))",
     "if PY2:\n    a.b()\nif sys.version_info < (3,):\n    a.b()\nif x:\n    a.b()\na.b()\n", 2},
    {"ancestor-field-match in the field itself",
     "((identifier) @construct (#ancestor-field-match? @construct if_statement condition \"^PY2$\"))",
     "if PY2:\n    x\n", 1},
    {"ancestor-field-match regex on range(len(",
     "((call function: (identifier) @construct) (#eq? @construct \"g\")"
     " (#ancestor-field-match? @construct for_statement right \"^range[(]len[(]\"))",
     "for i in range(len(xs)):\n    g()\nfor i in range(3):\n    g()\n", 1},
    {"not-ancestor-field-match",
     "((call function: (attribute object: (identifier) @construct))"
     " (#not-ancestor-field-match? @construct function_definition name \"^__(long|unicode)__$\"))",
     "def __long__(self):\n    a.b()\ndef __unicode__(self):\n    a.b()\ndef __str__(self):\n    a.b()\n",
     1},

    /* ---- #has-descendant? ---- */
    {"has-descendant skips nested def and class",
     "((function_definition) @construct (#has-descendant? @construct yield))",
     "def g():\n    yield 1\n"
     "def f():\n    def inner():\n        yield 2\n    return inner\n"
     "def h():\n    x = lambda: (yield)\n"
     "def k():\n    class C:\n        def m(self):\n            yield 3\n"
     "def both():\n    yield 4\n    def inner2():\n        yield 5\n",
     5},
    {"has-descendant several types",
     "((function_definition) @construct (#has-descendant? @construct yield await))",
     "async def a():\n    await b()\ndef g():\n    yield 1\ndef f():\n    return 1\n", 2},
    {"has-descendant sees the nested scope node itself",
     "((function_definition) @construct (#has-descendant? @construct lambda))",
     "def f():\n    return lambda: 1\ndef g():\n    return 1\n", 1},
    {"has-descendant of a lambda looks in its own body",
     "((lambda) @construct (#has-descendant? @construct call))", "a = lambda: f()\nb = lambda: 1\n",
     1},
    {"has-descendant does not enter a class", "((module) @construct (#has-descendant? @construct call))",
     "class C:\n    f()\n", 0},
    {"has-descendant at module level", "((module) @construct (#has-descendant? @construct call))",
     "if x:\n    f()\n", 1},
    {"not-has-descendant",
     "((function_definition) @construct (#not-has-descendant? @construct return_statement))",
     "def f():\n    return 1\ndef g():\n    pass\ndef h():\n    def i():\n        return 2\n", 2},

    /* ---- #captures-loop-variable? ---- */
    {"loop var: lambda reads it", LAMBDA_LOOP, "for i in range(3):\n    fs.append(lambda: i)\n", 1},
    {"loop var: lambda in an expression", LAMBDA_LOOP,
     "for i in range(3):\n    fs.append(lambda x: x + i)\n", 1},
    {"loop var: default i=i", LAMBDA_LOOP, "for i in range(3):\n    fs.append(lambda i=i: i)\n", 0},
    {"loop var: another name", LAMBDA_LOOP, "for i in range(3):\n    fs.append(lambda: j)\n", 0},
    {"loop var: own parameter", LAMBDA_LOOP, "for i in r:\n    f = lambda i: i\n", 0},
    {"loop var: *i and **i parameters", LAMBDA_LOOP,
     "for i in r:\n    f = lambda *i: i\n    g = lambda **i: i\n", 0},
    {"loop var: attribute obj.i", LAMBDA_LOOP, "for i in r:\n    f = lambda: obj.i\n", 0},
    {"loop var: keyword f(i=1)", LAMBDA_LOOP, "for i in r:\n    f = lambda: g(i=1)\n", 0},
    {"loop var: keyword value reads it", LAMBDA_LOOP, "for i in r:\n    f = lambda: g(i=i)\n", 1},
    {"loop var: tuple target", LAMBDA_LOOP,
     "for k, v in d.items():\n    fs.append(lambda: v)\n", 1},
    {"loop var: nested tuple target", LAMBDA_LOOP,
     "for (a, (b, c)) in x:\n    fs.append(lambda: c)\n", 1},
    {"loop var: tuple target, other name", LAMBDA_LOOP,
     "for k, v in d.items():\n    fs.append(lambda: w)\n", 0},
    {"loop var: in the iterable, not the body", LAMBDA_LOOP,
     "for i in map(lambda: i, r):\n    pass\n", 0},
    {"loop var: in the else clause", LAMBDA_LOOP,
     "for i in r:\n    pass\nelse:\n    f = lambda: i\n", 0},
    {"loop var: loop outside the enclosing def", LAMBDA_LOOP,
     "for i in r:\n    def outer():\n        return lambda: i\n", 0},
    {"loop var: nested loops", LAMBDA_LOOP,
     "for i in r:\n    for j in s:\n        fs.append(lambda: i)\n", 1},
    {"loop var: def in a for body", DEF_LOOP, "for i in range(3):\n    def f():\n        return i\n",
     1},
    {"loop var: def with parameter i", DEF_LOOP, "for i in r:\n    def f(i):\n        return i\n", 0},
    {"loop var: def's keyword-argument default is no parameter", DEF_LOOP,
     "for i in r:\n    def f(a=g(i=1)):\n        return i\n", 1},
    {"loop var: def in a loop inside a def", DEF_LOOP,
     "def f():\n    for i in r:\n        def g():\n            return i\n", 1},
    {"loop var: list comprehension", LAMBDA_LOOP, "fs = [lambda: i for i in range(3)]\n", 1},
    {"loop var: comprehension inside a def", LAMBDA_LOOP,
     "def f():\n    return [lambda: i for i in r]\n", 1},
    {"loop var: comprehension with default", LAMBDA_LOOP, "fs = [lambda i=i: i for i in r]\n", 0},
    {"loop var: dict, set and generator comprehensions", LAMBDA_LOOP,
     "a = {k: (lambda: k) for k in x}\nb = {lambda: s for s in x}\nc = (lambda: n for n in x)\n", 3},
    {"loop var: comprehension's second iterable", LAMBDA_LOOP,
     "a = [x for i in r for x in (lambda: i)()]\n", 0},
    {"loop var: not in a loop", LAMBDA_LOOP, "i = 1\nf = lambda: i\n", 0},

    /* ---- #bound-in-scope? @x "parameter" ---- */
    {"param plain", RET_PARAM, "def f(a):\n    return a\n", 1},
    {"param default", RET_PARAM, "def f(a=1):\n    return a\n", 1},
    {"param typed", RET_PARAM, "def f(a: int):\n    return a\n", 1},
    {"param typed default", RET_PARAM, "def f(a: int = 1):\n    return a\n", 1},
    {"param *args", RET_PARAM, "def f(*args):\n    return args\n", 1},
    {"param **kw", RET_PARAM, "def f(**kw):\n    return kw\n", 1},
    {"param typed *args", RET_PARAM, "def f(*args: int):\n    return args\n", 1},
    {"param keyword-only", RET_PARAM, "def f(*, a):\n    return a\n", 1},
    {"param other name", RET_PARAM, "def f(a):\n    return b\n", 0},
    {"param annotation is no parameter", RET_PARAM, "def f(a: int):\n    return int\n", 0},
    {"param default value is no parameter", RET_PARAM, "def f(a=b):\n    return b\n", 0},
    {"param keyword argument in a default is no parameter", RET_PARAM,
     "def f(a=g(b=1)):\n    return b\n", 0},
    {"param of an outer def", RET_PARAM, "def f(a):\n    def g():\n        return a\n", 0},
    {"param lambda", "((lambda body: (identifier) @construct) (#bound-in-scope? @construct \"parameter\"))",
     "f = lambda a: a\ng = lambda: a\nh = lambda *a: a\n", 2},
    {"param lambda inside def",
     "((lambda body: (identifier) @construct) (#bound-in-scope? @construct \"parameter\"))",
     "def f(a):\n    return lambda: a\n", 0},
    {"param class body",
     "((assignment right: (identifier) @construct) (#bound-in-scope? @construct \"parameter\"))",
     "def f(a):\n    class C:\n        x = a\n", 0},
    {"param module level",
     "((expression_statement (identifier) @construct) (#bound-in-scope? @construct \"parameter\"))", "a\n", 0},
    {"not-bound-in-scope parameter", "((return_statement (identifier) @construct) (#not-bound-in-scope? @construct \"parameter\"))",
     "def f(a, *b, c=1):\n    if x:\n        return a\n    if y:\n        return d\n    return c\n", 1},

    /* ---- #enclosing? / #inside? ---- */
    {"enclosing class", "((call function: (identifier) @construct) (#enclosing? @construct \"class\"))",
     "f()\nclass C:\n    f()\n    def m(self):\n        f()\n    x = [f() for _ in y]\n", 2},
    {"enclosing module", "((call function: (identifier) @construct) (#enclosing? @construct \"module\"))",
     "f()\nfor x in y:\n    f()\ndef g(a=f()):\n    f()\n", 3},
    {"enclosing function or lambda",
     "((call function: (identifier) @construct) (#enclosing? @construct \"function\" \"lambda\"))",
     "f()\nasync def a():\n    f()\nh = lambda: f()\n@f()\ndef g():\n    f()\n", 3},
    {"inside loop", "((call function: (identifier) @construct) (#inside? @construct \"loop\"))",
     "for x in f():\n    f()\nelse:\n    f()\nwhile f():\n    f()\n[f() for x in f()]\n", 3},
    {"inside function, across a class",
     "((call function: (identifier) @construct) (#inside? @construct \"function\"))",
     "def g():\n    class C:\n        f()\nclass D:\n    f()\n", 1},

    /* ---- #bound-in-scope? with other kinds ---- */
    {"bound-in-scope any kind",
     "((return_statement (identifier) @construct) (#bound-in-scope? @construct))",
     "def f():\n    a = 1\n    return a\ndef g():\n    return a\ndef h():\n    for a in b:\n        pass\n    return a\n", 2},
    {"bound-in-scope global declaration",
     "((return_statement (identifier) @construct) (#bound-in-scope? @construct \"global\" \"nonlocal\"))",
     "def f():\n    global a\n    return a\ndef g():\n    nonlocal a\n    return a\ndef h():\n    return a\n", 2},
    {"bound-in-scope a binding's own scope",
     "((identifier) @construct (#has-parent? @construct parameters) (#bound-in-scope? @construct \"parameter\"))",
     "def f(a, b):\n    pass\n", 2},
    {"bound-in-scope walrus in a comprehension binds outside",
     "((return_statement (identifier) @construct) (#bound-in-scope? @construct \"assignment\"))",
     "def f():\n    [y := x for x in z]\n    return y\ndef g():\n    [x for x in z]\n    return x\n", 1},
    {"bound-in-scope with and except targets",
     "((return_statement (identifier) @construct) (#bound-in-scope? @construct \"with\" \"except\"))",
     "def f():\n    with a as (b, c):\n        return c\n"
     "def g():\n    try:\n        pass\n    except E as e:\n        return e\n"
     "def h():\n    with a:\n        return a\n", 2},
    {"bound-in-scope match capture",
     "((return_statement (identifier) @construct) (#bound-in-scope? @construct \"match\"))",
     "def f(v):\n    match v:\n        case [a, *rest]:\n            return rest\n        case P(x=b) as c:\n            return c\n        case Color.RED:\n            return Color\n", 2},

    /* ---- #bound-in-file? with kinds ---- */
    {"bound-in-file def", "((call function: (identifier) @construct) (#bound-in-file? @construct \"def\" \"class\"))",
     "def f():\n    pass\nclass C:\n    pass\ng = 1\nf()\nC()\ng()\n", 2},

    /* ---- #imported-from? ---- */
    {"imported-from module and name",
     "((call) @construct (#imported-from? @construct \"time\" \"sleep\"))",
     "import time\ntime.sleep(1)\n"
     "import time as t\nt.sleep(1)\n"
     "from time import sleep\nsleep(1)\n"
     "from time import sleep as nap\nnap(1)\n"
     "from asyncio import sleep as zz\nzz(1)\n"
     "time.monotonic()\n", 4},
    {"imported-from follows scopes",
     "((call) @construct (#imported-from? @construct \"time\" \"sleep\"))",
     "from time import sleep\n"
     "def f(sleep):\n    sleep(1)\n"
     "def g():\n    sleep(1)\n"
     "def h():\n    from asyncio import sleep\n    sleep(1)\n"
     "class C:\n    from asyncio import sleep\n    def m(self):\n        sleep(1)\n", 2},
    {"imported-from global and nonlocal",
     "((call) @construct (#imported-from? @construct \"time\" \"sleep\"))",
     "from time import sleep\n"
     "def f():\n    global sleep\n    sleep(1)\n"
     "def g():\n    from time import sleep\n    def h():\n        nonlocal sleep\n        sleep(1)\n", 2},
    {"imported-from dotted imports",
     "((call) @construct (#imported-from? @construct \"os.path\" \"join\"))",
     "import os\nos.path.join(a)\n"
     "import os.path\nos.path.join(a)\n"
     "import os.path as p\np.join(a)\n"
     "from os import path\npath.join(a)\n"
     "from os.path import join\njoin(a)\n"
     "os.path.joinx(a)\nos.join(a)\n", 5},
    {"imported-from module only",
     "((call) @construct (#imported-from? @construct \"multiprocessing\"))",
     "import multiprocessing as mp\nmp.Pool()\n"
     "from multiprocessing.pool import ThreadPool\nThreadPool()\n"
     "import multiprocessingx\nmultiprocessingx.Pool()\n", 2},
    {"imported-from relative",
     "((call) @construct (#imported-from? @construct \"..pkg\" \"f\"))",
     "from ..pkg import f\nf()\nfrom . import f as g\ng()\n", 1},
    {"imported-from the names of several",
     "((call) @construct (#imported-from? @construct \"asyncio\" \"sleep\" \"wait_for\"))",
     "import asyncio\nasyncio.sleep(1)\nasyncio.wait_for(x, 1)\nasyncio.gather(x)\n", 2},

    /* ---- #in-loop-that-binds? ---- */
    {"in-loop-that-binds one capture",
     "((call arguments: (argument_list (identifier) @construct)) (#in-loop-that-binds? @construct))",
     "for x in xs:\n    f(x)\n    if a:\n        g(x)\nf(x)\n"
     "for y in ys:\n    f(z)\n"
     "for a, (b, c) in d:\n    f(c)\n"
     "[f(i) for i in r]\n"
     "for x in xs:\n    def h():\n        f(x)\n"
     "for x in xs:\n    pass\nelse:\n    f(x)\n", 4},
    {"in-loop-that-binds two captures",
     "((call function: (identifier) @construct arguments: (argument_list (identifier) @name)) (#in-loop-that-binds? @construct @name))",
     "for x in xs:\n    f(x)\nwhile x:\n    f(x)\n", 1},

    /* ---- #not-bound-in-file? ---- */
    {"unbound", CALL_UNBOUND, "foo()\n", 1},
    {"unbound: only read", CALL_UNBOUND, "x = foo\nfoo()\n", 1},
    {"unbound: attribute assignment", CALL_UNBOUND, "obj.foo = 1\nfoo()\n", 1},
    {"unbound: keyword argument", CALL_UNBOUND, "def f():\n    pass\nf(foo=1)\nfoo()\n", 1},
    {"unbound: default value", CALL_UNBOUND, "def f(a=foo):\n    pass\nfoo()\n", 1},
    {"unbound: subscript assignment", CALL_UNBOUND, "foo[0] = 1\nfoo()\n", 1},
    {"unbound: a module path", CALL_UNBOUND, "import os.foo\nfoo()\n", 1},
    {"unbound: the module of a from-import", CALL_UNBOUND, "from foo import x\nfoo()\n", 1},
    {"unbound: dotted module of a from-import", CALL_UNBOUND, "from foo.bar import x\nfoo()\n", 1},
    {"unbound: name renamed by import as", CALL_UNBOUND, "import foo as x\nfoo()\n", 1},
    {"unbound: name renamed by from-import as", CALL_UNBOUND, "from m import foo as x\nfoo()\n", 1},
    {"bound: import", CALL_UNBOUND, "import foo\nfoo()\n", 0},
    {"bound: import dotted", CALL_UNBOUND, "import foo.bar\nfoo()\n", 0},
    {"bound: import as", CALL_UNBOUND, "import x as foo\nfoo()\n", 0},
    {"bound: from-import", CALL_UNBOUND, "from m import foo\nfoo()\n", 0},
    {"bound: from-import list", CALL_UNBOUND, "from m import (a, foo)\nfoo()\n", 0},
    {"bound: relative from-import", CALL_UNBOUND, "from . import foo\nfoo()\n", 0},
    {"bound: from-import with alias", CALL_UNBOUND, "from m import x as foo\nfoo()\n", 0},
    {"bound: def", CALL_UNBOUND, "def foo():\n    pass\nfoo()\n", 0},
    {"bound: async def", CALL_UNBOUND, "async def foo():\n    pass\nfoo()\n", 0},
    {"bound: class", CALL_UNBOUND, "class foo:\n    pass\nfoo()\n", 0},
    {"bound: assignment", CALL_UNBOUND, "foo()\nfoo = 1\n", 0},
    {"bound: annotated assignment", CALL_UNBOUND, "foo: int = 1\nfoo()\n", 0},
    {"bound: tuple assignment", CALL_UNBOUND, "a, foo = 1, 2\nfoo()\n", 0},
    {"bound: starred assignment", CALL_UNBOUND, "a, *foo = x\nfoo()\n", 0},
    {"bound: augmented assignment", CALL_UNBOUND, "foo += 1\nfoo()\n", 0},
    {"bound: walrus", CALL_UNBOUND, "if (foo := 1):\n    foo()\n", 0},
    {"bound: for target", CALL_UNBOUND, "for foo in x:\n    foo()\n", 0},
    {"bound: for tuple target", CALL_UNBOUND, "for a, foo in x:\n    foo()\n", 0},
    {"bound: comprehension target", CALL_UNBOUND, "[foo() for foo in x]\n", 0},
    {"bound: with as", CALL_UNBOUND, "with x as foo:\n    foo()\n", 0},
    {"bound: except as", CALL_UNBOUND, "try:\n    pass\nexcept E as foo:\n    foo()\n", 0},
    {"bound: parameter", CALL_UNBOUND, "def f(foo):\n    foo()\n", 0},
    {"bound: default parameter", CALL_UNBOUND, "def f(foo=1):\n    foo()\n", 0},
    {"bound: typed parameter", CALL_UNBOUND, "def f(foo: int):\n    foo()\n", 0},
    {"bound: *args", CALL_UNBOUND, "def f(*foo):\n    foo()\n", 0},
    {"bound: **kwargs", CALL_UNBOUND, "def f(**foo):\n    foo()\n", 0},
    {"bound: lambda parameter", CALL_UNBOUND, "g = lambda foo: foo()\n", 0},
    {"bound: global", CALL_UNBOUND, "def f():\n    global foo\n    foo()\n", 0},
    {"bound: nonlocal", CALL_UNBOUND, "def f():\n    nonlocal foo\n    foo()\n", 0},
    {"bound elsewhere in the file", CALL_UNBOUND, "foo()\nbar()\ndef g():\n    bar = 1\n", 1},
};

/* ---- running a query ---- */

typedef struct {
  TSParser *parser;
  pred_cache *cache;
  TSQueryCursor *cursor;
} S_env;

/* Counts the matches of `query` over `src` that capture @construct and pass the predicates
 * (all of them when `check_preds` is false). Evaluates each match twice, with the shared
 * cache and with none, and flags any difference. Returns -1 when the query or its predicates
 * do not compile (then `err` says why). */
static int S_count(S_env *e, const char *query, const char *src, bool check_preds, char *err,
                   size_t errlen) {
  uint32_t offset = 0;
  TSQueryError type = TSQueryErrorNone;
  TSQuery *q = ts_query_new(doc_language(), query, (uint32_t)strlen(query), &offset, &type);
  if (!q) {
    snprintf(err, errlen, "query error %d at byte %u", (int)type, offset);
    return -1;
  }
  uint32_t bad = UINT32_MAX;
  pred_set *ps = pred_set_new(q, doc_language(), err, errlen, &bad);
  if (!ps) {
    ts_query_delete(q);
    return -1;
  }
  uint32_t construct = UINT32_MAX;
  for (uint32_t i = 0; i < ts_query_capture_count(q); i++) {
    uint32_t l;
    const char *name = ts_query_capture_name_for_id(q, i, &l);
    if (l == 9 && strncmp(name, "construct", 9) == 0) construct = i;
  }
  size_t len = strlen(src);
  TSTree *tree = ts_parser_parse_string(e->parser, NULL, src, (uint32_t)len);
  ts_query_cursor_exec(e->cursor, q, ts_tree_root_node(tree));
  TSQueryMatch m;
  int count = 0;
  while (ts_query_cursor_next_match(e->cursor, &m)) {
    bool have = false;
    for (uint16_t i = 0; i < m.capture_count; i++) have = have || m.captures[i].index == construct;
    if (!have) continue;
    if (check_preds) {
      bool cached = pred_set_eval(ps, &m, src, len, e->cache);
      bool uncached = pred_set_eval(ps, &m, src, len, NULL);
      if (cached != uncached) {
        snprintf(err, errlen, "evaluation with and without a cache differ");
        count = -1000;
      }
      if (!cached) continue;
    }
    count++;
  }
  /* The cache describes this tree: it must be reset before the tree is freed. */
  pred_cache_reset(e->cache);
  ts_tree_delete(tree);
  pred_set_free(ps);
  ts_query_delete(q);
  return count;
}

/* The query with its only predicate negated, or NULL when it has more than one. */
static char *S_negated(const char *query) {
  const char *at = strstr(query, "(#");
  if (!at || strstr(at + 2, "(#")) return NULL;
  char *out = xmalloc(strlen(query) + 8);
  size_t head = (size_t)(at - query) + 2;
  memcpy(out, query, head);
  if (strncmp(at + 2, "not-", 4) == 0)
    strcpy(out + head, at + 6);
  else
    strcpy(stpcpy(out + head, "not-"), at + 2);
  return out;
}

static void test_table(void) {
  S_env e = {doc_parser_new(), pred_cache_new(), ts_query_cursor_new()};
  int negated_rows = 0;
  for (size_t i = 0; i < sizeof S_cases / sizeof S_cases[0]; i++) {
    const S_case *c = &S_cases[i];
    char err[256] = "";
    int got = S_count(&e, c->query, c->src, true, err, sizeof err);
    if (got != c->want) {
      fprintf(stderr, "case \"%s\": %d matches, want %d %s\n  query: %s\n  source:\n%s\n", c->name,
              got, c->want, err, c->query, c->src);
      INT_EQ(got, c->want);
      continue;
    }
    /* The `not-` form (or the positive one) must select exactly the other matches. */
    char *neg = S_negated(c->query);
    if (!neg) continue;
    int total = S_count(&e, c->query, c->src, false, err, sizeof err);
    int other = S_count(&e, neg, c->src, true, err, sizeof err);
    if (other != total - c->want) {
      fprintf(stderr, "case \"%s\" negated: %d matches, want %d %s\n  query: %s\n", c->name, other,
              total - c->want, err, neg);
      INT_EQ(other, total - c->want);
    }
    negated_rows++;
    free(neg);
  }
  OK(negated_rows > 80);
  ts_query_cursor_delete(e.cursor);
  pred_cache_free(e.cache);
  ts_parser_delete(e.parser);
}

/* The cache is keyed by tree: a cache used for one tree must give the right answer for a
 * second tree once reset, and a cache kept across evaluations of one tree must not go stale. */
static void test_cache_between_trees(void) {
  S_env e = {doc_parser_new(), pred_cache_new(), ts_query_cursor_new()};
  char err[256] = "";
  INT_EQ(S_count(&e, CALL_UNBOUND, "import foo\nfoo()\n", true, err, sizeof err), 0);
  INT_EQ(S_count(&e, CALL_UNBOUND, "foo()\n", true, err, sizeof err), 1);
  INT_EQ(S_count(&e, CALL_UNBOUND, "foo()\nbar()\nbar = 1\n", true, err, sizeof err), 1);
  ts_query_cursor_delete(e.cursor);
  pred_cache_free(e.cache);
  ts_parser_delete(e.parser);
  pred_cache_free(NULL);
  pred_cache_reset(NULL);
  pred_set_free(NULL);
}

/* A capture absent from a match (optional) vetoes neither a predicate on it nor its `not-`
 * form, and #eq? against an absent capture has nothing to compare. */
static void test_absent_capture(void) {
  S_env e = {doc_parser_new(), pred_cache_new(), ts_query_cursor_new()};
  char err[256] = "";
  const char *src = "f(f)\ng(h)\nk()\n";
  INT_EQ(S_count(&e,
                 "((call function: (identifier) @construct arguments: (argument_list (identifier)? @a))"
                 " (#eq? @construct @a))",
                 src, true, err, sizeof err),
         2);
  INT_EQ(S_count(&e,
                 "((call function: (identifier) @construct arguments: (argument_list (identifier)? @a))"
                 " (#not-eq? @construct @a))",
                 src, true, err, sizeof err),
         2);
  const char *field_eq = "((call function: (identifier) @construct arguments: (argument_list (identifier)? @a))"
                         " (#ancestor-field-eq? @construct function_definition name @a))";
  const char *in_def = "def f():\n    f(f)\n    g(h)\n    k()\n";
  INT_EQ(S_count(&e, field_eq, in_def, true, err, sizeof err), 2);
  char *neg = S_negated(field_eq);
  INT_EQ(S_count(&e, neg, in_def, true, err, sizeof err), 2);
  free(neg);
  /* An absent first capture: the predicate on it is skipped, in both forms. */
  INT_EQ(S_count(&e,
                 "((call function: (identifier) @construct arguments: (argument_list (identifier)? @a))"
                 " (#bound-in-scope? @a \"parameter\"))",
                 src, true, err, sizeof err),
         1);
  INT_EQ(S_count(&e,
                 "((call function: (identifier) @construct arguments: (argument_list (identifier)? @a))"
                 " (#not-bound-in-scope? @a \"parameter\"))",
                 src, true, err, sizeof err),
         3);
  ts_query_cursor_delete(e.cursor);
  pred_cache_free(e.cache);
  ts_parser_delete(e.parser);
}

/* ---- loading errors ---- */

typedef struct {
  const char *query;
  const char *want_in_message; /* NULL: the set must compile */
} S_load_case;

static const S_load_case S_load_cases[] = {
    {"((identifier) @construct (#frobnicate? @construct))", "frobnicate?"},
    {"((identifier) @construct (#not-frobnicate? @construct))", "not-frobnicate?"},
    {"((identifier) @construct (#not-not-eq? @construct \"x\"))", "not-not-eq?"},
    {"((identifier) @construct (#set! @construct \"x\"))", "set!"},
    {"((identifier) @construct (#not-bound-in-file? @construct))", NULL},
    {"((identifier) @construct (#bound-in-file? @construct))", NULL},
    /* counts */
    {"((identifier) @construct (#eq? @construct))", "eq?"},
    {"((identifier) @construct (#eq? @construct \"a\" \"b\"))", "eq?"},
    {"((identifier) @construct (#match? @construct))", "match?"},
    {"((identifier) @construct (#any-of? @construct))", "any-of?"},
    {"((identifier) @construct (#not-any-of? @construct))", "not-any-of?"},
    {"((identifier) @construct (#has-ancestor? @construct))", "has-ancestor?"},
    {"((identifier) @construct (#has-parent? @construct))", "has-parent?"},
    {"((identifier) @construct (#has-descendant? @construct))", "has-descendant?"},
    {"((identifier) @construct (#in-field? @construct body))", "in-field?"},
    {"((identifier) @construct (#in-field? @construct nosuchfield for_statement))", "in-field?"},
    {"((identifier) @construct (#enclosing? @construct))", "enclosing?"},
    {"((identifier) @construct (#enclosing?))", "enclosing?"},
    {"((identifier) @construct (#captures-loop-variable? @construct @construct))", "captures-loop-variable?"},
    {"((identifier) @construct (#imported-from? @construct))", "imported-from?"},
    {"((identifier) @construct (#in-loop-that-binds? @construct @construct @construct))", "in-loop-that-binds?"},
    {"((identifier) @construct (#always-reaches? @construct))", "always-reaches?"},
    {"((identifier) @construct (#in-loop-that-binds? @construct))", NULL},
    {"((identifier) @construct (#imported-from? @construct \"m\"))", NULL},
    {"((identifier) @construct (#bound-in-scope? @construct \"parameter\" \"loop\"))", NULL},
    /* kind names */
    {"((identifier) @construct (#bound-in-scope? @construct \"param\"))", "unknown kind `param`"},
    {"((identifier) @construct (#enclosing? @construct \"function\" \"method\"))", "unknown kind `method`"},
    {"((identifier) @construct (#inside? @construct \"parameter\"))", "unknown kind `parameter`"},
    /* removed: their general forms replace them */
    {"((identifier) @construct (#in-async-function? @construct))", "unknown predicate #in-async-function?"},
    {"((identifier) @construct (#is-parameter? @construct))", "unknown predicate #is-parameter?"},
    {"((identifier) @construct (#uses-loop-variable? @construct))", "unknown predicate #uses-loop-variable?"},
    {"((identifier) @construct (#not-bound-in-file? @construct \"x\"))", "not-bound-in-file?"},
    {"((identifier) @construct (#ancestor-field-eq? @construct for_statement right))",
     "ancestor-field-eq?"},
    {"((identifier) @construct (#ancestor-field-eq? @construct for_statement right \"a\" \"b\"))",
     "ancestor-field-eq?"},
    {"((identifier) @construct (#ancestor-field-match? @construct for_statement right))",
     "ancestor-field-match?"},
    /* kinds */
    {"((identifier) @construct (#eq? \"x\" @construct))", "eq?"},
    {"((identifier) @construct (#enclosing? \"x\"))", "enclosing?"},
    {"((identifier) @construct (#in-loop-that-binds? @construct \"x\"))", "in-loop-that-binds?"},
    {"((identifier) @construct (#match? @construct @construct))", "match?"},
    {"((identifier) @construct (#any-of? @construct @construct))", "any-of?"},
    {"((identifier) @construct (#any-of? @construct \"a\" @construct))", "any-of?"},
    {"((identifier) @construct (#has-ancestor? @construct @construct))", "has-ancestor?"},
    {"((identifier) @construct (#ancestor-field-eq? @construct @construct right \"x\"))",
     "ancestor-field-eq?"},
    {"((identifier) @construct (#ancestor-field-eq? @construct for_statement @construct \"x\"))",
     "ancestor-field-eq?"},
    {"((identifier) @construct (#ancestor-field-match? @construct for_statement right @construct))",
     "ancestor-field-match?"},
    /* regular expressions and fields */
    {"((identifier) @construct (#match? @construct \"a(\"))", "match?"},
    {"((identifier) @construct (#not-match? @construct \"[z-a]\"))", "not-match?"},
    {"((identifier) @construct (#ancestor-field-match? @construct for_statement right \"(\"))",
     "ancestor-field-match?"},
    {"((identifier) @construct (#ancestor-field-eq? @construct for_statement nosuchfield \"x\"))",
     "nosuchfield"},
    {"((identifier) @construct (#ancestor-field-match? @construct for_statement nosuchfield \"x\"))",
     "nosuchfield"},
};

static void test_load_errors(void) {
  for (size_t i = 0; i < sizeof S_load_cases / sizeof S_load_cases[0]; i++) {
    const S_load_case *c = &S_load_cases[i];
    uint32_t offset = 0;
    TSQueryError type = TSQueryErrorNone;
    TSQuery *q = ts_query_new(doc_language(), c->query, (uint32_t)strlen(c->query), &offset, &type);
    if (!q) {
      fprintf(stderr, "load case %zu: tree-sitter rejects the query (%d at %u): %s\n", i, (int)type,
              offset, c->query);
      OK(q != NULL);
      continue;
    }
    char err[256] = "";
    uint32_t bad = 99;
    pred_set *ps = pred_set_new(q, doc_language(), err, sizeof err, &bad);
    if (!c->want_in_message) {
      if (!ps) fprintf(stderr, "load case %zu: unexpected error \"%s\"\n", i, err);
      OK(ps != NULL);
    } else {
      if (ps || !strstr(err, c->want_in_message))
        fprintf(stderr, "load case %zu: want an error naming \"%s\", got %s \"%s\"\n  %s\n", i,
                c->want_in_message, ps ? "a set" : "NULL and", err, c->query);
      OK(ps == NULL);
      OK(strstr(err, c->want_in_message) != NULL);
      INT_EQ(bad, 0);
    }
    pred_set_free(ps);
    ts_query_delete(q);
  }
}

/* The index of the faulty pattern is reported; a bad predicate message names the regex. */
static void test_load_error_details(void) {
  const char *query = "((identifier) @construct (#eq? @construct \"a\"))\n"
                      "((string) @construct)\n"
                      "((call) @construct (#match? @construct \"x[\"))\n";
  uint32_t offset, bad = 99;
  TSQueryError type;
  TSQuery *q = ts_query_new(doc_language(), query, (uint32_t)strlen(query), &offset, &type);
  OK(q != NULL);
  if (!q) return;
  char err[256] = "";
  pred_set *ps = pred_set_new(q, doc_language(), err, sizeof err, &bad);
  OK(ps == NULL);
  INT_EQ(bad, 2);
  OK(strstr(err, "match?") != NULL);
  OK(strstr(err, "x[") != NULL);
  pred_set_free(ps);
  /* A NULL bad_pattern and a zero-length message buffer are allowed. */
  ps = pred_set_new(q, doc_language(), err, 0, NULL);
  OK(ps == NULL);
  ts_query_delete(q);

  const char *good = "((identifier) @construct (#eq? @construct \"a\"))\n((string) @construct)\n";
  q = ts_query_new(doc_language(), good, (uint32_t)strlen(good), &offset, &type);
  OK(q != NULL);
  if (!q) return;
  ps = pred_set_new(q, doc_language(), err, sizeof err, NULL);
  OK(ps != NULL);
  if (ps) {
    OK(!pred_set_trivial(ps, 0));
    OK(pred_set_trivial(ps, 1));
    OK(pred_set_trivial(ps, 7)); /* out of range: nothing to check */
  }
  pred_set_free(ps);
  ts_query_delete(q);
}

/* ---- through the knowledge base and analysis.c ---- */

static const char S_en[] = "---\ntitle: T\nkind: explanation\n---\n\nSummary.\n";
static const char S_en_pitfall[] =
    "---\ntitle: P\nkind: pitfall\nseverity: warning\n---\n\nSummary.\n";

/* One note with `scm`, compiled; the number of explanation findings over the whole text. */
static int S_kb_count(const char *scm, const char *src) {
  kb *k = kb_new();
  kb_problems pr = {0};
  int rc = kb_load_note(k, "t", "t/match.scm", scm, "t/en.md", S_en, NULL, NULL, &pr);
  if (rc == 0) rc = kb_compile(k, &pr);
  for (size_t i = 0; i < pr.count; i++) fprintf(stderr, "problem: %s\n", pr.items[i]);
  int count = -1;
  if (rc == 0 && pr.count == 0 && kb_count(k) == 1) {
    TSParser *p = doc_parser_new();
    size_t len = strlen(src);
    TSTree *tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
    an_ctx *c = an_ctx_new();
    an_findings f = {0};
    an_explanations(c, k, tree, src, len, 0, (uint32_t)len, NULL, &f);
    count = (int)f.count;
    an_findings_clear(&f);
    an_ctx_free(c);
    ts_tree_delete(tree);
    ts_parser_delete(p);
  }
  kb_problems_clear(&pr);
  kb_free(k);
  return count;
}

static void test_through_kb(void) {
  INT_EQ(S_kb_count("((call function: (attribute object: (identifier) @construct))"
                    " (#ancestor-field-eq? @construct for_statement right \"items\"))",
                    "for x in items:\n    items.pop()\nfor x in other:\n    items.pop()\n"),
         1);
  INT_EQ(S_kb_count(LAMBDA_LOOP, "for i in r:\n    f = lambda: i\n    g = lambda i=i: i\n"), 1);
  INT_EQ(S_kb_count(CALL_UNBOUND, "import foo\nfoo()\nbar()\n"), 1);
  INT_EQ(S_kb_count(CALL_ASYNC, "async def a():\n    s()\n    return lambda: s()\ns()\n"), 1);

  /* A pitfall's predicates run over the whole tree. */
  kb *k = kb_new();
  kb_problems pr = {0};
  INT_EQ(kb_load_note(k, "p", "p/match.scm",
                      "((call function: (identifier) @construct) (#eq? @construct \"xrange\")"
                      " (#not-bound-in-file? @construct))",
                      "p/en.md", S_en_pitfall, NULL, NULL, &pr),
         0);
  INT_EQ(kb_compile(k, &pr), 0);
  INT_EQ(pr.count, 0);
  const char *srcs[] = {"xrange(3)\nfor i in xrange(2):\n    pass\n",
                        "from past.builtins import xrange\nxrange(3)\n"};
  int want[] = {2, 0};
  TSParser *p = doc_parser_new();
  an_ctx *c = an_ctx_new();
  for (int i = 0; i < 2; i++) {
    size_t len = strlen(srcs[i]);
    TSTree *tree = ts_parser_parse_string(p, NULL, srcs[i], (uint32_t)len);
    an_findings f = {0};
    an_pitfalls(c, k, tree, srcs[i], len, NULL, &f);
    INT_EQ(f.count, want[i]);
    an_findings_clear(&f);
    ts_tree_delete(tree);
  }
  an_ctx_free(c);
  ts_parser_delete(p);
  kb_problems_clear(&pr);
  kb_free(k);
}

/* The path of the root itself, asked first of an empty path (no arrays yet), and then of a
 * node below it and of the root again. */
static void test_path_of_root(void) {
  TSParser *parser = doc_parser_new();
  TSTree *tree = ts_parser_parse_string(parser, NULL, "x = 1\n", 6);
  TSNode root = ts_tree_root_node(tree);
  ptree_path p = {0};
  ptree_path_of(&p, root);
  INT_EQ((long)p.depth, 0);
  INT_EQ(p.fields[0], 0);
  TSNode x = ts_node_descendant_for_byte_range(root, 0, 1);
  ptree_path_of(&p, x);
  OK(p.depth >= 2 && ts_node_eq(p.nodes[0], root));
  ptree_path_of(&p, root);
  INT_EQ((long)p.depth, 0);
  ptree_path_clear(&p);
  ptree_path fresh = {0};
  ptree_path_forget(&fresh);
  ptree_path_of(&fresh, root);
  INT_EQ((long)fresh.depth, 0);
  ptree_path_clear(&fresh);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
}

int main(void) {
  RUN(test_table);
  RUN(test_cache_between_trees);
  RUN(test_absent_capture);
  RUN(test_load_errors);
  RUN(test_load_error_details);
  RUN(test_through_kb);
  RUN(test_path_of_root);
  return harness_done();
}
