/* main: the pylore command line. With no command (or `serve`) it serves LSP on stdio;
 * `check`, `explain`, `notes` and `parse` run the same analysis from a terminal or CI. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "check.h"
#include "doc.h"
#include "fileio.h"
#include "findings.h"
#include "handbook.h"
#include "kb.h"
#include "log.h"
#include "notecheck.h"
#include "render.h"
#include "session.h"
#include "syntax.h"
#include "xalloc.h"

static const char S_usage[] =
    "usage: pylore [serve] [--log-level LEVEL] [--notes DIR]... [--lang en|zh]\n"
    "                      [--max-output-mb N]\n"
    "       pylore check [--format text|concise|json|sarif] [--select IDS] [--ignore IDS]\n"
    "                    [--jobs N] [--no-progress] [--no-cache] [--fix | --diff]\n"
    "                    [--unsafe-fixes] PATH...\n"
    "       pylore explain FILE:LINE:COL\n"
    "       pylore notes [ID]          list the notes, or print one in full\n"
    "       pylore notes --check DIR   check a folder of notes and their examples\n"
    "       pylore notes --html DIR    write the notes as a static handbook (HTML)\n"
    "       pylore parse FILE          print the syntax tree (for writing queries)\n"
    "       pylore --version | --help\n"
    "\n"
    "Options for every command:\n"
    "  --notes DIR        add a folder of notes (repeatable; also PYLORE_NOTES=dir:dir)\n"
    "  --lang en|zh       language of the notes (default: from LANG)\n"
    "  --log-level L      off, error, warn, info, debug (default warn)\n"
    "  --max-output-mb N  serve: end the session when the client leaves more than N MB of\n"
    "                     replies unread (default 1024)\n"
    "--fix applies the safe fixes of the selected notes and reports what is left; --diff\n"
    "prints them as a unified diff instead (exit 1 when there are some); --unsafe-fixes adds\n"
    "the fixes that can change what a working program does.\n"
    "IDS is a comma-separated list of note ids (syntax errors are `syntax-error`).\n"
    "Lines and columns are 1-based; columns count characters.\n"
    "Exit status: 0 clean, 1 findings at warning level or above, 2 usage or I/O error.\n";

typedef struct {
  const char *notes[32];
  size_t notes_count;
  const char *lang;
  const char *select, *ignore;
  const char *format;
  int jobs;
  size_t max_output_mb;
  int no_progress;
  int no_cache;
  int check_notes;
  int fix, diff, unsafe_fixes;
  const char *html;
  char **args;
  size_t arg_count;
} S_cli;

static int S_usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "pylore: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n%s", S_usage);
  return 2;
}

static int S_parse_args(int argc, char **argv, int from, S_cli *cli) {
  cli->args = xcalloc((size_t)argc + 1, sizeof *cli->args);
  for (int i = from; i < argc; i++) {
    const char *a = argv[i];
    const char *value = NULL;
    int takes = strcmp(a, "--notes") == 0 || strcmp(a, "--lang") == 0 ||
                strcmp(a, "--log-level") == 0 || strcmp(a, "--select") == 0 ||
                strcmp(a, "--ignore") == 0 || strcmp(a, "--format") == 0 ||
                strcmp(a, "--jobs") == 0 || strcmp(a, "--html") == 0 ||
                strcmp(a, "--max-output-mb") == 0;
    if (takes) {
      if (i + 1 >= argc) return S_usage_error("%s needs a value", a), -1;
      value = argv[++i];
    }
    if (strcmp(a, "--notes") == 0) {
      if (cli->notes_count < 32) cli->notes[cli->notes_count++] = value;
    } else if (strcmp(a, "--lang") == 0) {
      cli->lang = value;
    } else if (strcmp(a, "--log-level") == 0) {
      log_level level;
      if (log_parse_level(value, &level) != 0)
        return S_usage_error("unknown log level `%s`", value), -1;
      log_set_level(level);
    } else if (strcmp(a, "--select") == 0) {
      cli->select = value;
    } else if (strcmp(a, "--ignore") == 0) {
      cli->ignore = value;
    } else if (strcmp(a, "--format") == 0) {
      cli->format = value;
    } else if (strcmp(a, "--jobs") == 0) {
      cli->jobs = atoi(value);
    } else if (strcmp(a, "--html") == 0) {
      cli->html = value;
    } else if (strcmp(a, "--fix") == 0) {
      cli->fix = 1;
    } else if (strcmp(a, "--diff") == 0) {
      cli->diff = 1;
    } else if (strcmp(a, "--unsafe-fixes") == 0) {
      cli->unsafe_fixes = 1;
    } else if (strcmp(a, "--max-output-mb") == 0) {
      char *end = NULL;
      unsigned long long mb = strtoull(value, &end, 10);
      if (!*value || *end || value[0] == '-' || mb == 0 || mb > ((size_t)-1 >> 21))
        return S_usage_error("--max-output-mb needs a positive number, not `%s`", value), -1;
      cli->max_output_mb = (size_t)mb;
    } else if (strcmp(a, "--no-progress") == 0) {
      cli->no_progress = 1;
    } else if (strcmp(a, "--no-cache") == 0) {
      cli->no_cache = 1;
    } else if (strcmp(a, "--check") == 0) {
      cli->check_notes = 1;
    } else if (strcmp(a, "--stdio") == 0) {
      /* What some clients pass to every server; stdio is the only transport anyway. */
    } else if (a[0] == '-' && a[1] == '-' && a[2]) {
      return S_usage_error("unknown option %s", a), -1;
    } else {
      cli->args[cli->arg_count++] = argv[i];
    }
  }
  return 0;
}

static kb_lang S_lang(const S_cli *cli) {
  if (cli->lang) return kb_lang_from_locale(cli->lang);
  const char *env = getenv("LC_ALL");
  if (!env || !*env) env = getenv("LC_MESSAGES");
  if (!env || !*env) env = getenv("LANG");
  return kb_lang_from_locale(env);
}

static void S_print_problems(const kb_problems *p) {
  for (size_t i = 0; i < p->count; i++) fprintf(stderr, "pylore: %s\n", p->items[i]);
}

/* The notes every command uses: built-in, then PYLORE_NOTES, then --notes. */
static kb *S_load_kb(const S_cli *cli, int print_problems, bool explanations) {
  kb *k = kb_new();
  kb_problems pr = {0};
  kb_load_builtin(k, &pr);
  kb_load_path_list(k, getenv("PYLORE_NOTES"), &pr);
  for (size_t i = 0; i < cli->notes_count; i++) kb_load_dir(k, cli->notes[i], &pr);
  kb_compile_kinds(k, explanations, true, &pr);
  if (print_problems) S_print_problems(&pr);
  kb_problems_clear(&pr);
  return k;
}

/* Fills flags from --select/--ignore: returns 0, or -1 after printing an unknown id. */
static int S_filter(const kb *k, const char *select, const char *ignore, unsigned char *enabled,
                    int *syntax) {
  size_t n = kb_count(k);
  memset(enabled, select ? 0 : 1, n);
  *syntax = select ? 0 : 1;
  const char *lists[2] = {select, ignore};
  for (int which = 0; which < 2; which++) {
    if (!lists[which]) continue;
    char *copy = xstrdup(lists[which]), *save = NULL;
    for (char *id = strtok_r(copy, ", ", &save); id; id = strtok_r(NULL, ", ", &save)) {
      unsigned char on = which == 0;
      if (strcmp(id, CHECK_SYNTAX_ID) == 0) {
        /* every syntax error, as before syntax errors had notes of their own */
        *syntax = on;
        for (size_t i = 0; i < n; i++)
          if (kb_note_at(k, i)->kind == KB_SYNTAX) enabled[i] = on;
        continue;
      }
      long at = kb_find(k, id);
      if (at < 0) {
        fprintf(stderr, "pylore: unknown note id `%s` (see `pylore notes`)\n", id);
        free(copy);
        return -1;
      }
      enabled[at] = on;
    }
    free(copy);
  }
  for (size_t i = 0; i < n && !*syntax; i++)
    if (kb_note_at(k, i)->kind == KB_SYNTAX && enabled[i]) *syntax = 1;
  return 0;
}

static int S_cmd_check(const S_cli *cli) {
  if (cli->arg_count == 0) return S_usage_error("check needs at least one PATH%s", "");
  check_options opt = {.format = CHECK_TEXT, .lang = S_lang(cli), .jobs = cli->jobs};
  if (cli->format) {
    if (strcmp(cli->format, "text") == 0) opt.format = CHECK_TEXT;
    else if (strcmp(cli->format, "concise") == 0) opt.format = CHECK_CONCISE;
    else if (strcmp(cli->format, "json") == 0) opt.format = CHECK_JSON;
    else if (strcmp(cli->format, "sarif") == 0) opt.format = CHECK_SARIF;
    else return S_usage_error("unknown format `%s` (text, concise, json or sarif)", cli->format);
  }
  if (cli->fix && cli->diff) return S_usage_error("--fix and --diff exclude each other%s", "");
  opt.fix = cli->fix ? CHECK_FIX_WRITE : cli->diff ? CHECK_FIX_DIFF : CHECK_FIX_NONE;
  opt.unsafe_fixes = cli->unsafe_fixes;
  opt.progress = !cli->no_progress && isatty(STDERR_FILENO) &&
                 (opt.format == CHECK_TEXT || opt.format == CHECK_CONCISE);
  opt.cache = !cli->no_cache;
  kb *k = S_load_kb(cli, 1, false);
  unsigned char *enabled = xcalloc(kb_count(k) + 1, 1);
  int syntax = 1, status;
  if (S_filter(k, cli->select, cli->ignore, enabled, &syntax) != 0) {
    status = 2;
  } else {
    /* Explanations never produce diagnostics; only pitfalls are checked. */
    opt.enabled = enabled;
    opt.syntax_errors = syntax;
    status = check_run(k, cli->args, cli->arg_count, &opt, stdout);
  }
  free(enabled);
  kb_free(k);
  return status;
}

static int S_cmd_parse(const S_cli *cli) {
  if (cli->arg_count != 1) return S_usage_error("parse needs one FILE%s", "");
  size_t len;
  char *text = fio_read(cli->args[0], &len, 0);
  if (!text) {
    fprintf(stderr, "pylore: %s: %s\n", cli->args[0], strerror(errno));
    return 2;
  }
  TSParser *parser = doc_parser_new();
  TSTree *tree = parser ? doc_parse(parser, NULL, text, len) : NULL;
  if (!tree) {
    free(text);
    if (parser) ts_parser_delete(parser);
    return 2;
  }
  /* One node per line, indented, with field names and 1-based positions: easier to read
   * than the S-expression when writing queries. */
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
  int depth = 0;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    const char *field = ts_tree_cursor_current_field_name(&c);
    TSPoint a = ts_node_start_point(n), b = ts_node_end_point(n);
    if (ts_node_is_named(n) || ts_node_is_missing(n)) {
      printf("%*s%s%s%s%s [%u:%u-%u:%u]", depth * 2, "", field ? field : "", field ? ": " : "",
             ts_node_is_missing(n) ? "MISSING " : "", ts_node_type(n), a.row + 1, a.column + 1,
             b.row + 1, b.column + 1);
      if (ts_node_child_count(n) == 0) {
        uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
        if (e - s <= 40 && !memchr(text + s, '\n', e - s)) printf(" `%.*s`", (int)(e - s), text + s);
      }
      printf("\n");
    } else {
      printf("%*s%s%s\"%s\"\n", depth * 2, "", field ? field : "", field ? ": " : "",
             ts_node_type(n));
    }
    if (!doc_cursor_next(&c, true, &depth)) break;
  }
  ts_tree_cursor_delete(&c);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  free(text);
  return 0;
}

static int S_cmd_explain(const S_cli *cli) {
  if (cli->arg_count != 1) return S_usage_error("explain needs FILE:LINE:COL%s", "");
  char *spec = xstrdup(cli->args[0]);
  char *col_s = strrchr(spec, ':');
  char *line_s = NULL;
  if (col_s) {
    *col_s++ = '\0';
    line_s = strrchr(spec, ':');
    if (line_s) *line_s++ = '\0';
  }
  char *end1 = NULL, *end2 = NULL;
  long line = line_s ? strtol(line_s, &end1, 10) : 0, col = col_s ? strtol(col_s, &end2, 10) : 0;
  if (!line_s || !col_s || *end1 || *end2 || line < 1 || col < 1) {
    free(spec);
    return S_usage_error("explain needs FILE:LINE:COL with 1-based numbers, got `%s`", cli->args[0]);
  }
  size_t len;
  char *text = fio_read(spec, &len, 0);
  if (!text) {
    fprintf(stderr, "pylore: %s: %s\n", spec, strerror(errno));
    free(spec);
    return 2;
  }
  kb *k = S_load_kb(cli, 1, true);
  doc *d = doc_new(text, len);
  TSParser *parser = doc_parser_new();
  an_ctx *ctx = an_ctx_new();
  int status = 2;
  if (d && parser) {
    /* The same findings the server and `check` give; the hover takes its pitfalls from them. */
    kb_lang lang = S_lang(cli);
    fnd_env env = {.k = k, .lang = lang, .parser = parser, .an = ctx, .pitfalls = true,
                   .syntax = true, .max_syntax = FND_MAX_SYNTAX_ERRORS};
    fnd_set set = {0};
    fnd_compute(&env, d, &set);
    const TSTree *tree = doc_tree(d, parser);
    size_t at = doc_offset_at(d, (doc_position){(uint32_t)(line - 1), (uint32_t)(col - 1)}, DOC_UTF32);
    an_findings found = {0};
    /* On a syntax error: the note that explains it, with the error's own message. */
    const syn_errors *errs = &set.syntax;
    long se = syn_errors_at(errs, (uint32_t)at);
    if (se >= 0 && errs->items[se].note != UINT32_MAX) {
      char *text_out = render_hover_with(kb_note_at(k, errs->items[se].note), lang, false,
                                         errs->items[se].message);
      printf("%s\n", text_out);
      free(text_out);
      status = 0;
    } else {
      an_hover(ctx, k, tree, doc_text(d), doc_length(d), (uint32_t)at, NULL, &set.pitfalls, &found);
      for (size_t i = 0; i < found.count; i++) {
        char *text_out = render_hover(kb_note_at(k, found.items[i].note), lang, false);
        if (i) printf("\n----\n\n");
        printf("%s\n", text_out);
        free(text_out);
      }
      if (found.count == 0) fprintf(stderr, "pylore: nothing to explain at %s\n", cli->args[0]);
      status = found.count ? 0 : 1;
    }
    fnd_set_clear(&set);
    an_findings_clear(&found);
  }
  an_ctx_free(ctx);
  if (parser) ts_parser_delete(parser);
  doc_free(d);
  kb_free(k);
  free(text);
  free(spec);
  return status;
}

static int S_cmd_notes(const S_cli *cli) {
  kb_lang lang = S_lang(cli);
  if (cli->html) {
    if (cli->arg_count) return S_usage_error("notes --html DIR takes no other argument%s", "");
    kb *k = S_load_kb(cli, 1, false);
    int rc = handbook_write(k, cli->html, stderr);
    kb_free(k);
    return rc == 0 ? 0 : 2;
  }
  if (cli->check_notes) {
    if (cli->arg_count == 0) return S_usage_error("notes --check needs a DIR%s", "");
    int status = 0;
    for (size_t a = 0; a < cli->arg_count; a++) {
      kb *k = kb_new();
      kb_problems pr = {0};
      if (!k) return 2;
      /* DIR is a folder of notes, or one note's own folder: it holds any of a note's
       * files. Probing en.md alone would take a note that lacks it for an empty folder of
       * notes, and pass it without a word. */
      static const char *const note_files[] = {"en.md", "zh.md", "match.scm"};
      bool single = false;
      for (size_t f = 0; f < sizeof note_files / sizeof note_files[0] && !single; f++) {
        char probe[4096];
        snprintf(probe, sizeof probe, "%s/%s", cli->args[a], note_files[f]);
        single = access(probe, F_OK) == 0;
      }
      int rejected;
      if (single) {
        char *copy = xstrdup(cli->args[a]);
        size_t l = strlen(copy);
        while (l > 1 && copy[l - 1] == '/') copy[--l] = '\0';
        const char *slash = strrchr(copy, '/');
        rejected = kb_load_note_dir(k, cli->args[a], slash ? slash + 1 : copy, &pr);
        free(copy);
      } else {
        rejected = kb_load_dir(k, cli->args[a], &pr);
        if (rejected >= 0 && kb_check_links(k, &pr) != 0) status = 1;
      }
      if (kb_compile(k, &pr) != 0 || rejected != 0) status = 1;
      unsigned char *enabled = xcalloc(kb_count(k) + 1, 1);
      int syntax;
      if (S_filter(k, cli->select, NULL, enabled, &syntax) != 0) {
        free(enabled);
        kb_problems_clear(&pr);
        kb_free(k);
        return 2;
      }
      size_t checked = 0;
      for (size_t i = 0; i < kb_count(k); i++) {
        if (!enabled[i]) continue;
        checked++;
        if (nc_check_note(k, i, &pr) != 0) status = 1;
      }
      S_print_problems(&pr);
      fprintf(stderr, "pylore: %s: %zu notes loaded, %zu checked, %zu problems\n", cli->args[a],
              kb_count(k), checked, pr.count);
      if (pr.count) status = 1;
      free(enabled);
      kb_problems_clear(&pr);
      kb_free(k);
    }
    return status;
  }
  kb *k = S_load_kb(cli, 1, true);
  int status = 0;
  if (cli->arg_count == 0) {
    for (size_t i = 0; i < kb_count(k); i++) {
      const kb_note *n = kb_note_at(k, i);
      printf("%-28s %-11s %s\n", n->id, kb_kind_name(n->kind), kb_note_text(n, lang)->title);
    }
  } else {
    for (size_t a = 0; a < cli->arg_count; a++) {
      long at = kb_find(k, cli->args[a]);
      if (at < 0) {
        fprintf(stderr, "pylore: no note `%s` (see `pylore notes`)\n", cli->args[a]);
        status = 2;
        continue;
      }
      char *text = render_full(kb_note_at(k, (size_t)at), lang, false);
      if (a) printf("\n");
      printf("%s", text);
      free(text);
    }
  }
  kb_free(k);
  return status;
}

int main(int argc, char **argv) {
  const char *cmd = argc > 1 ? argv[1] : "serve";
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
    printf("pylore %s\n", PYLORE_VERSION);
    return 0;
  }
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(S_usage, stdout);
    return 0;
  }
  xalloc_init();
  S_cli cli = {0};
  if (S_parse_args(argc, argv, 1, &cli) != 0) {
    free(cli.args);
    return 2;
  }
  /* The command is the first word that is not an option (options may come before it);
   * with none, serve. */
  cmd = "serve";
  if (cli.arg_count > 0) {
    cmd = cli.args[0];
    memmove(cli.args, cli.args + 1, (cli.arg_count - 1) * sizeof *cli.args);
    cli.arg_count--;
  }
  int status;
  if (strcmp(cmd, "serve") == 0) {
    sess_options opt = {.notes = cli.notes, .notes_count = cli.notes_count, .lang = cli.lang,
                        .max_queued_mb = cli.max_output_mb};
    status = sess_serve(STDIN_FILENO, STDOUT_FILENO, &opt);
  } else if (strcmp(cmd, "check") == 0) {
    status = S_cmd_check(&cli);
  } else if (strcmp(cmd, "explain") == 0) {
    status = S_cmd_explain(&cli);
  } else if (strcmp(cmd, "notes") == 0) {
    status = S_cmd_notes(&cli);
  } else if (strcmp(cmd, "parse") == 0) {
    status = S_cmd_parse(&cli);
  } else {
    status = S_usage_error("unknown command `%s`", cmd);
  }
  free(cli.args);
  return status;
}
