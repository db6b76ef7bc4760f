#include "handbook.h"

#include <cmark.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "render.h"
#include "xalloc.h"

static const char *const S_langs[KB_LANG_COUNT] = {"en", "zh"};

static void S_esc(FILE *f, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    default: fputc(*s, f);
    }
  }
}

/* Writes what `fill` prints to path, atomically. */
static int S_write(const char *dir, const char *name, FILE *err,
                   void (*fill)(FILE *, const void *), const void *arg) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m) return -1;
  fill(m, arg);
  if (fclose(m) != 0) {
    free(buf);
    return -1;
  }
  char path[4096];
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
    fprintf(err, "pylore: %s/%s: path too long\n", dir, name);
    free(buf);
    return -1;
  }
  int rc = fio_write_atomic(path, buf, len);
  if (rc != 0) fprintf(err, "pylore: %s: %s\n", path, strerror(errno));
  free(buf);
  return rc;
}

static const char *S_kind_heading(const char *kind, kb_lang lang) {
  bool zh = lang == KB_ZH;
  if (strcmp(kind, "explanation") == 0) return zh ? "讲解" : "Explanations";
  if (strcmp(kind, "pitfall") == 0) return zh ? "陷阱" : "Pitfalls";
  if (strcmp(kind, "syntax") == 0) return zh ? "语法错误" : "Syntax errors";
  return kind;
}

static void S_head(FILE *f, kb_lang lang, const char *title) {
  fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          S_langs[lang]);
  S_esc(f, title);
  fputs(" · pylore</title>\n<link rel=\"stylesheet\" href=\"../style.css\">\n</head>\n<body>\n", f);
}

typedef struct {
  const kb *k;
  kb_lang lang;
  const kb_note *note;
} S_page;

/* cmark's HTML of a note's body, each Python example preceded by its label. */
static void S_body(FILE *f, const kb_note *note, kb_lang lang) {
  char *body = render_generic(note, lang, kb_note_text(note, lang)->body_md);
  cmark_node *root = cmark_parse_document(body, strlen(body), CMARK_OPT_DEFAULT);
  free(body);
  /* The label of every code block, in document order (the HTML has one <pre> per block). */
  size_t n = 0, cap = 16;
  const char **labels = xmalloc(cap * sizeof *labels);
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *node = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_CODE_BLOCK) continue;
    const char *info = cmark_node_get_fence_info(node);
    const char *label = NULL;
    if (info && strncmp(info, "python", 6) == 0) {
      if (strstr(info + 6, "bad")) label = lang == KB_ZH ? "问题" : "Problem";
      else if (strstr(info + 6, "good")) label = lang == KB_ZH ? "改为" : "Instead";
    }
    if (n == cap) labels = xreallocarray(labels, cap *= 2, sizeof *labels);
    labels[n++] = label;
  }
  cmark_iter_free(it);
  char *html = cmark_render_html(root, CMARK_OPT_DEFAULT);
  cmark_node_free(root);
  size_t block = 0;
  for (const char *p = html; *p;) {
    const char *pre = strstr(p, "<pre><code");
    if (!pre) {
      fputs(p, f);
      break;
    }
    fwrite(p, 1, (size_t)(pre - p), f);
    const char *label = block < n ? labels[block] : NULL;
    block++;
    if (label) {
      bool bad = strcmp(label, "Problem") == 0 || strcmp(label, "问题") == 0;
      fprintf(f, "<p class=\"example-label %s\">%s</p>\n<pre class=\"%s\"><code", bad ? "bad" : "good",
              label, bad ? "bad" : "good");
    } else {
      fputs("<pre><code", f);
    }
    p = pre + strlen("<pre><code");
  }
  free(html);
  free(labels);
}

static void S_note_page(FILE *f, const void *arg) {
  const S_page *pg = arg;
  const kb_note *n = pg->note;
  const kb_text *t = kb_note_text(n, pg->lang);
  kb_lang other = pg->lang == KB_ZH ? KB_EN : KB_ZH;
  S_head(f, pg->lang, t->title);
  fprintf(f, "<nav><a href=\"index.html\">%s</a> · <a class=\"lang\" href=\"../%s/%s.html\" "
             "hreflang=\"%s\">%s</a></nav>\n<main>\n<h1>",
          pg->lang == KB_ZH ? "pylore 手册" : "pylore handbook", S_langs[other], n->id,
          S_langs[other], other == KB_ZH ? "中文" : "English");
  S_esc(f, t->title);
  const char *kind = kb_kind_name(n->kind);
  if (pg->lang == KB_ZH)
    kind = n->kind == KB_PITFALL ? "陷阱" : n->kind == KB_EXPLANATION ? "讲解" : kind;
  fprintf(f, "</h1>\n<p class=\"meta\">%s", kind);
  if (n->kind == KB_PITFALL) fprintf(f, " · %s", kb_severity_name(n->severity));
  fprintf(f, " · <code>%s</code>", n->id);
  if (t->fix_title) {
    fprintf(f, " · %s%s: ", pg->lang == KB_ZH ? "快速修复" : "quick fix",
            n->fix == KB_FIX_SAFE ? "" : (pg->lang == KB_ZH ? "（需确认）" : " (unsafe)"));
    S_esc(f, t->fix_title);
  }
  fputs("</p>\n", f);
  S_body(f, n, pg->lang);
  if (n->see_count) {
    fprintf(f, "<p class=\"see\">%s", pg->lang == KB_ZH ? "相关：" : "See also: ");
    for (size_t i = 0; i < n->see_count; i++) {
      long at = kb_find(pg->k, n->see[i]);
      if (i) fputs(", ", f);
      if (at < 0) {
        S_esc(f, n->see[i]);
        continue;
      }
      fprintf(f, "<a href=\"%s.html\">", n->see[i]);
      S_esc(f, kb_note_text(kb_note_at(pg->k, (size_t)at), pg->lang)->title);
      fputs("</a>", f);
    }
    fputs("</p>\n", f);
  }
  fputs("</main>\n</body>\n</html>\n", f);
}

/* One paragraph of Markdown as inline HTML (cmark's <p> wrapper dropped). */
static void S_inline(FILE *f, const char *md) {
  char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
  if (!html) return;
  char *p = html;
  size_t n = strlen(p);
  while (n && p[n - 1] == '\n') p[--n] = '\0';
  if (strncmp(p, "<p>", 3) == 0 && n >= 7 && strcmp(p + n - 4, "</p>") == 0) {
    p[n - 4] = '\0';
    p += 3;
  }
  fputs(p, f);
  free(html);
}

static int S_cmp_int(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

static void S_index_page(FILE *f, const void *arg) {
  const S_page *pg = arg;
  const kb *k = pg->k;
  bool zh = pg->lang == KB_ZH;
  S_head(f, pg->lang, zh ? "pylore 手册" : "pylore handbook");
  fprintf(f, "<nav><a class=\"lang\" href=\"../%s/index.html\" hreflang=\"%s\">%s</a></nav>\n"
             "<main>\n<h1>%s</h1>\n"
             "<input id=\"filter\" type=\"search\" placeholder=\"%s\" autofocus>\n"
             "<p id=\"nothing\" hidden>%s</p>\n",
          zh ? "en" : "zh", zh ? "en" : "zh", zh ? "English" : "中文",
          zh ? "pylore 手册" : "pylore handbook", zh ? "筛选笔记…" : "Filter notes…",
          zh ? "没有匹配的笔记。" : "No note matches.");
  /* The kinds present, in their enum order. */
  size_t count = kb_count(k), nk = 0;
  int *kinds = xmalloc((count + 1) * sizeof *kinds);
  for (size_t i = 0; i < count; i++) {
    int kind = (int)kb_note_at(k, i)->kind;
    bool seen = false;
    for (size_t j = 0; j < nk && !seen; j++) seen = kinds[j] == kind;
    if (!seen) kinds[nk++] = kind;
  }
  qsort(kinds, nk, sizeof *kinds, S_cmp_int);
  for (size_t g = 0; g < nk; g++) {
    const char *name = kb_kind_name((kb_kind)kinds[g]);
    fprintf(f, "<section data-kind=\"%s\">\n<h2>%s</h2>\n<ul>\n", name,
            S_kind_heading(name, pg->lang));
    for (size_t i = 0; i < count; i++) {
      const kb_note *n = kb_note_at(k, i);
      if ((int)n->kind != kinds[g]) continue;
      const kb_text *t = kb_note_text(n, pg->lang);
      fprintf(f, "<li data-id=\"%s\"><a href=\"%s.html\">", n->id, n->id);
      S_esc(f, t->title);
      fputs("</a> <span class=\"summary\">", f);
      char *summary = render_generic(n, pg->lang, t->summary_md);
      S_inline(f, summary);
      free(summary);
      fputs("</span></li>\n", f);
    }
    fputs("</ul>\n</section>\n", f);
  }
  free(kinds);
  fputs("</main>\n<script src=\"../handbook.js\"></script>\n</body>\n</html>\n", f);
}

static void S_root_index(FILE *f, const void *arg) {
  (void)arg;
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"refresh\" content=\"0; url=en/index.html\">\n"
        "<title>pylore handbook</title>\n</head>\n<body>\n"
        "<p><a href=\"en/index.html\">pylore handbook</a> · "
        "<a href=\"zh/index.html\">pylore 手册</a></p>\n</body>\n</html>\n",
        f);
}

static void S_style(FILE *f, const void *arg) {
  (void)arg;
  fputs("body { font: 16px/1.55 system-ui, sans-serif; margin: 0; color: #1d2330; }\n"
        "nav { padding: .6em 1.5em; background: #27364b; }\n"
        "nav a { color: #fff; margin-right: 1em; }\n"
        "main { max-width: 52em; margin: 0 auto; padding: 1em 1.5em 3em; }\n"
        "code { font: .92em/1.4 ui-monospace, monospace; background: #eef1f5; padding: 0 .2em; }\n"
        "pre { background: #f5f7fa; border-left: 4px solid #9aa7b8; padding: .7em 1em; "
        "overflow-x: auto; }\n"
        "pre code { background: none; padding: 0; }\n"
        "pre.bad { border-left-color: #c0392b; background: #fdf3f2; }\n"
        "pre.good { border-left-color: #1e8449; background: #f1f9f4; }\n"
        ".example-label { margin: 1em 0 -.6em; font-weight: 600; font-size: .9em; }\n"
        ".example-label.bad { color: #c0392b; } .example-label.good { color: #1e8449; }\n"
        ".meta { color: #5b6575; } .see { border-top: 1px solid #dde2ea; padding-top: .7em; }\n"
        "#filter { font-size: 1em; padding: .4em .6em; width: 100%; box-sizing: border-box; }\n"
        "li { margin: .35em 0; } .summary { color: #5b6575; font-size: .92em; }\n"
        "[hidden] { display: none !important; }\n",
        f);
}

static void S_script(FILE *f, const void *arg) {
  (void)arg;
  fputs("// The index's filter: keeps the notes whose id, title or summary holds every word.\n"
        "(function () {\n"
        "  var box = document.getElementById('filter');\n"
        "  if (!box) return;\n"
        "  function apply() {\n"
        "    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);\n"
        "    var shown = 0;\n"
        "    document.querySelectorAll('section').forEach(function (sec) {\n"
        "      var inSec = 0;\n"
        "      sec.querySelectorAll('li').forEach(function (li) {\n"
        "        var text = (li.dataset.id + ' ' + li.textContent).toLowerCase();\n"
        "        var ok = words.every(function (w) { return text.indexOf(w) >= 0; });\n"
        "        li.hidden = !ok;\n"
        "        if (ok) inSec++;\n"
        "      });\n"
        "      sec.hidden = inSec === 0;\n"
        "      shown += inSec;\n"
        "    });\n"
        "    document.getElementById('nothing').hidden = shown > 0;\n"
        "  }\n"
        "  box.addEventListener('input', apply);\n"
        "  apply();\n"
        "})();\n",
        f);
}

int handbook_write(const kb *k, const char *dir, FILE *err) {
  if (fio_mkdirs(dir) != 0) {
    fprintf(err, "pylore: %s: %s\n", dir, strerror(errno));
    return -1;
  }
  int rc = 0;
  rc |= S_write(dir, "index.html", err, S_root_index, NULL);
  rc |= S_write(dir, "style.css", err, S_style, NULL);
  rc |= S_write(dir, "handbook.js", err, S_script, NULL);
  for (int l = 0; l < KB_LANG_COUNT; l++) {
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/%s", dir, S_langs[l]);
    if (fio_mkdirs(sub) != 0) {
      fprintf(err, "pylore: %s: %s\n", sub, strerror(errno));
      return -1;
    }
    S_page pg = {k, (kb_lang)l, NULL};
    rc |= S_write(sub, "index.html", err, S_index_page, &pg);
    for (size_t i = 0; i < kb_count(k); i++) {
      pg.note = kb_note_at(k, i);
      char name[300];
      snprintf(name, sizeof name, "%s.html", pg.note->id);
      rc |= S_write(sub, name, err, S_note_page, &pg);
    }
  }
  return rc ? -1 : 0;
}
