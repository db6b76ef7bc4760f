#include "session.h"

#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "doc.h"
#include "feat.h"
#include "findings.h"
#include "fileio.h"
#include "kb.h"
#include "log.h"
#include "render.h"
#include "rpc.h"
#include "sig.h"
#include "transport.h"
#include "xalloc.h"

typedef enum { S_UNINITIALIZED, S_RUNNING, S_SHUT_DOWN } S_state;

typedef struct {
  char *uri;
  doc *d;
  json_int_t version;
  fnd_cache *findings; /* of one revision of d's text */
} S_doc;

/* Messages read ahead of the one being handled: lets a change that the next one supersedes
 * skip its analysis, and a request cancelled before it runs be answered -32800. */
typedef struct {
  rpc_message *items;
  size_t head, count, cap;
} S_queue;

/* Notes are loaded and their queries compiled on a thread of their own as soon as the server
 * starts: compiling costs more than the whole initialize handshake, so it overlaps with it. */
typedef struct {
  const sess_options *opt;
  kb *k;
  sig_table *sigs;
  kb_problems problems;
} S_preload;

typedef struct sess {
  tp_writer *writer;
  tp_reader *reader;
  const sess_options *opt;
  S_state state;
  bool exit_requested;
  doc_encoding enc;
  kb_lang lang;
  bool markdown;
  unsigned inlay_kinds;
  bool inlay_label_parts;
  bool inlay_lazy;
  bool explanations;
  bool pull_diagnostics;
  bool log_to_client;
  bool initializing; /* inside initialize: LSP lets window/logMessage out already */
  bool show_document; /* the client accepts window/showDocument */
  char *handbook_url; /* initializationOptions.handbookUrl */
  json_int_t next_request_id;
  /* What the log sink reads, from whichever thread logs: log_to_client, once the client
   * may receive window/logMessage. Set on the main thread by S_update_forwarding. */
  atomic_bool forward_logs;
  atomic_bool output_failed; /* the writer refused a message: the session must end */
  kb *k;
  sig_table *sigs;
  unsigned char *enabled;
  TSParser *parser;
  an_ctx *an;
  double budget_ms; /* CPU time per analysis */
  S_doc *docs;
  size_t doc_count, doc_cap;
  S_queue queue;
  S_preload preload;
  pthread_t preload_tid;
  bool preload_running;
} sess;

/* ---- output ----
 * Everything goes through the writer's queue, never straight to the descriptor: the main
 * loop must go back to reading input whatever the client does with its output. S_send may
 * run on any thread (the log sink calls it); it touches nothing but the writer. */

static void S_send(sess *s, json_t *msg) {
  if (!msg) {
    /* A builder failed on a format/argument mismatch: a bug in pylore, worth a line. */
    log_error("internal error: a message could not be built");
    return;
  }
  size_t len;
  char *body = rpc_dump(msg, &len);
  json_decref(msg);
  if (!body) {
    log_error("internal error: a message could not be serialised");
    return;
  }
  tp_send_status st = tp_writer_send(s->writer, body, len);
  if (st == TP_SENT) return;
  size_t queued = 0;
  int err = 0;
  tp_writer_stats(s->writer, &queued, NULL, &err);
  if (st == TP_SENT_QUEUE_GREW) {
    log_warn("the client is not reading: %zu MB of output are waiting", queued >> 20);
    return;
  }
  if (!atomic_exchange(&s->output_failed, true)) {
    if (st == TP_SEND_OVERFLOW)
      log_error("the client is not reading: more than %zu MB of output would be waiting "
                "(--max-output-mb): ending the session",
                s->opt->max_queued_mb ? s->opt->max_queued_mb : TP_DEFAULT_MAX_QUEUED >> 20);
    else
      log_error("cannot write to the client: %s", strerror(err));
  }
}

static void S_reply_error(sess *s, json_t *id, int code, const char *message) {
  S_send(s, rpc_make_error(id, code, message, NULL));
}

static void S_notify(sess *s, const char *method, json_t *params) {
  S_send(s, rpc_make_notification(method, params));
}

/* Forwards log lines as window/logMessage once the client asked for them with `trace`.
 * That includes initialize's own lines (LSP allows logMessage while initialize runs): they
 * say which notes of initializationOptions.notesPaths were rejected, and why. */
static void S_log_sink(log_level level, const char *msg, void *userdata) {
  sess *s = userdata;
  if (!atomic_load(&s->forward_logs)) return;
  int type = level == LOG_ERROR ? 1 : level == LOG_WARN ? 2 : level == LOG_INFO ? 3 : 4;
  S_notify(s, "window/logMessage", json_pack("{s:i,s:s}", "type", type, "message", msg));
}

/* Called on the main thread whenever what decides forwarding changes. */
static void S_update_forwarding(sess *s) {
  atomic_store(&s->forward_logs,
               s->log_to_client && (s->state != S_UNINITIALIZED || s->initializing));
}

/* ---- documents ---- */

static S_doc *S_find_doc(sess *s, const char *uri) {
  for (size_t i = 0; i < s->doc_count; i++) {
    if (strcmp(s->docs[i].uri, uri) == 0) return &s->docs[i];
  }
  return NULL;
}

static void S_close_doc(sess *s, const char *uri) {
  S_doc *d = S_find_doc(s, uri);
  if (!d) return;
  fnd_cache_free(d->findings);
  free(d->uri);
  doc_free(d->d);
  *d = s->docs[--s->doc_count];
}

/* The findings of the document's current text: cached, or computed now (incrementally
 * after an edit). NULL when out of memory or unparsable. */
static const fnd_set *S_findings(sess *s, S_doc *d) {
  fnd_env fe = {.k = s->k, .lang = s->lang, .enabled = s->enabled, .parser = s->parser, .an = s->an,
                .pitfalls = true, .syntax = true, .max_syntax = FND_MAX_SYNTAX_ERRORS};
  const fnd_set *f = fnd_get(d->findings, &fe, d->d);
  if (f && f->pitfalls.truncated)
    log_warn("%s: the analysis took more than %g ms of CPU time and was stopped; only the "
             "findings found until then are shown", d->uri, s->budget_ms);
  return f;
}

static feat_env S_env(sess *s, const S_doc *d, const fnd_set *found) {
  return (feat_env){.k = s->k, .enabled = s->enabled, .lang = s->lang, .enc = s->enc,
                    .markdown = s->markdown, .inlay_kinds = s->inlay_kinds,
                    .inlay_label_parts = s->inlay_label_parts, .inlay_lazy = s->inlay_lazy,
                    .sigs = s->sigs,
                    .pitfalls = found ? &found->pitfalls : NULL,
                    .syntax = found ? &found->syntax : NULL, .parser = s->parser,
                    .an = s->an, .handbook_url = s->handbook_url, .uri = d ? d->uri : NULL};
}

static void S_publish(sess *s, S_doc *d) {
  if (s->pull_diagnostics) return;
  const fnd_set *found = S_findings(s, d);
  feat_env env = S_env(s, d, found);
  json_t *list = diag_compute(&env, d->d, found);
  S_notify(s, "textDocument/publishDiagnostics",
           json_pack("{s:s,s:I,s:o}", "uri", d->uri, "version", d->version, "diagnostics",
                     list ? list : json_array()));
}

/* ---- the queue ---- */

static void S_queue_push(S_queue *q, rpc_message *m) {
  if (q->head + q->count == q->cap) {
    if (q->head > 0) {
      memmove(q->items, q->items + q->head, q->count * sizeof *q->items);
      q->head = 0;
    } else {
      q->cap = q->cap ? q->cap * 2 : 16;
      q->items = xreallocarray(q->items, q->cap, sizeof *q->items);
    }
  }
  q->items[q->head + q->count++] = *m;
}

static bool S_queue_pop(S_queue *q, rpc_message *out) {
  if (q->count == 0) return false;
  *out = q->items[q->head++];
  q->count--;
  if (q->count == 0) q->head = 0;
  return true;
}

/* Reads one message into the queue; returns false at the end of input. */
static bool S_read_one(sess *s) {
  char *body = NULL;
  size_t len = 0;
  char err[256] = "";
  for (;;) {
    tp_status st = tp_read(s->reader, &body, &len, err, sizeof err);
    if (st == TP_MESSAGE) break;
    if (st == TP_SKIPPED) {
      log_warn("skipped a message: %s", err);
      continue;
    }
    if (st == TP_IO_ERROR) log_error("reading the client: %s", err);
    return false;
  }
  rpc_message m;
  rpc_parse(body, len, &m);
  free(body);
  S_queue_push(&s->queue, &m);
  return true;
}

/* Pulls in whatever has already arrived, without waiting. */
static void S_read_ahead(sess *s) {
  while (s->queue.count < 256 && tp_ready(s->reader)) {
    if (!S_read_one(s)) break;
  }
}

static bool S_same_id(const json_t *a, const json_t *b) { return a && b && json_equal(a, b); }

/* A later didChange of the same document is queued: this one's analysis would be wasted. */
static bool S_superseded(sess *s, const char *uri) {
  for (size_t i = 0; i < s->queue.count; i++) {
    rpc_message *m = &s->queue.items[s->queue.head + i];
    if (m->kind != RPC_NOTIFICATION || !m->method) continue;
    if (strcmp(m->method, "textDocument/didChange") != 0 &&
        strcmp(m->method, "textDocument/didClose") != 0)
      continue;
    char err[8];
    const char *u = conv_uri(m->params, err, sizeof err);
    if (u && strcmp(u, uri) == 0) return true;
  }
  return false;
}

static bool S_cancelled(sess *s, const json_t *id) {
  for (size_t i = 0; i < s->queue.count; i++) {
    rpc_message *m = &s->queue.items[s->queue.head + i];
    if (m->kind == RPC_NOTIFICATION && m->method && strcmp(m->method, "$/cancelRequest") == 0 &&
        S_same_id(json_object_get(m->params, "id"), id))
      return true;
  }
  return false;
}

/* ---- settings ---- */

static void S_apply_enabled(sess *s, const json_t *disabled) {
  size_t n = kb_count(s->k);
  free(s->enabled);
  s->enabled = xmalloc(n + 1);
  for (size_t i = 0; i < n; i++)
    s->enabled[i] = s->explanations || kb_note_at(s->k, i)->kind != KB_EXPLANATION;
  size_t idx;
  const json_t *v;
  json_array_foreach(disabled, idx, v) {
    if (!json_is_string(v)) continue;
    long at = kb_find(s->k, json_string_value(v));
    if (at >= 0)
      s->enabled[at] = 0;
    else
      log_warn("disabledNotes: no note `%s`", json_string_value(v));
  }
}

static bool S_has_string(const json_t *array, const char *value) {
  size_t i;
  const json_t *v;
  json_array_foreach(array, i, v) {
    if (json_is_string(v) && strcmp(json_string_value(v), value) == 0) return true;
  }
  return false;
}

static void *S_preload_run(void *arg) {
  S_preload *p = arg;
  p->k = kb_new();
  kb_load_builtin(p->k, &p->problems);
  kb_load_path_list(p->k, getenv("PYLORE_NOTES"), &p->problems);
  for (size_t i = 0; i < p->opt->notes_count; i++)
    kb_load_dir(p->k, p->opt->notes[i], &p->problems);
  kb_compile(p->k, &p->problems);
  p->sigs = sig_new();
  if (p->sigs) {
    sig_load_builtin(p->sigs, &p->problems);
    for (size_t i = 0; i < p->opt->notes_count; i++)
      sig_load_dir(p->sigs, p->opt->notes[i], &p->problems);
  }
  return NULL;
}

/* Takes the preloaded notes, adding the client's own folders (then compiling again). */
static void S_load_notes(sess *s, const json_t *paths) {
  S_preload *pre = &s->preload;
  if (s->preload_running) pthread_join(s->preload_tid, NULL);
  s->preload_running = false;
  s->k = pre->k;
  pre->k = NULL;
  s->sigs = pre->sigs;
  pre->sigs = NULL;
  kb_problems *pr = &pre->problems;
  if (json_array_size(paths) > 0) {
    size_t i;
    const json_t *v;
    json_array_foreach(paths, i, v) {
      if (json_is_string(v)) kb_load_dir(s->k, json_string_value(v), pr);
      if (json_is_string(v) && s->sigs) sig_load_dir(s->sigs, json_string_value(v), pr);
    }
    kb_compile(s->k, pr);
  }
  for (size_t i = 0; i < pr->count; i++) log_warn("%s", pr->items[i]);
  kb_problems_clear(pr);
  log_info("%zu notes loaded", kb_count(s->k));
}

/* ---- handlers ---- */

typedef struct {
  json_t *result;    /* new reference on success */
  int error_code;    /* nonzero on failure */
  char error[256];
} S_reply;

static void S_invalid(S_reply *r, const char *msg) {
  r->error_code = RPC_INVALID_PARAMS;
  snprintf(r->error, sizeof r->error, "%s", msg);
}

/* initializationOptions.inlayHints: a boolean for all kinds, or an object whose members
 * `constructs`, `parameters` and `callArguments` switch one kind off when false. */
static void S_inlay_options(sess *s, const json_t *v) {
  s->inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS;
  if (json_is_false(v)) s->inlay_kinds = 0;
  if (!json_is_object(v)) return;
  if (json_is_false(json_object_get(v, "constructs"))) s->inlay_kinds &= ~(unsigned)INLAY_CONSTRUCTS;
  if (json_is_false(json_object_get(v, "parameters"))) s->inlay_kinds &= ~(unsigned)INLAY_PARAMETERS;
  if (json_is_false(json_object_get(v, "callArguments")))
    s->inlay_kinds &= ~(unsigned)INLAY_CALL_ARGUMENTS;
}

static void S_initialize(sess *s, const json_t *params, S_reply *r) {
  if (!json_is_object(params)) return S_invalid(r, "initialize needs params");
  const json_t *caps = json_object_get(params, "capabilities");
  const json_t *encs = json_object_get(json_object_get(caps, "general"), "positionEncodings");
  s->enc = DOC_UTF16;
  if (S_has_string(encs, "utf-8")) s->enc = DOC_UTF8;
  const json_t *td = json_object_get(caps, "textDocument");
  const json_t *formats = json_object_get(json_object_get(td, "hover"), "contentFormat");
  s->markdown = S_has_string(formats, "markdown");
  s->pull_diagnostics = json_is_object(json_object_get(td, "diagnostic"));
  const json_t *io = json_object_get(params, "initializationOptions");
  const json_t *lang = json_object_get(io, "language");
  const json_t *locale = json_object_get(params, "locale");
  if (json_is_string(lang) && strcmp(json_string_value(lang), "auto") != 0)
    s->lang = kb_lang_from_locale(json_string_value(lang));
  else if (json_is_string(locale))
    s->lang = kb_lang_from_locale(json_string_value(locale));
  else if (s->opt->lang)
    s->lang = kb_lang_from_locale(s->opt->lang);
  else
    s->lang = kb_lang_from_locale(getenv("LANG"));
  s->show_document = json_is_true(json_object_get(
      json_object_get(json_object_get(caps, "window"), "showDocument"), "support"));
  const json_t *handbook = json_object_get(io, "handbookUrl");
  if (json_is_string(handbook)) s->handbook_url = strdup(json_string_value(handbook));
  S_inlay_options(s, json_object_get(io, "inlayHints"));
  const json_t *props = json_object_get(
      json_object_get(json_object_get(td, "inlayHint"), "resolveSupport"), "properties");
  s->inlay_lazy = S_has_string(props, "tooltip");
  s->inlay_label_parts = S_has_string(props, "label.command");
  s->explanations = !json_is_false(json_object_get(io, "explanations"));
  const json_t *trace = json_object_get(params, "trace");
  s->log_to_client = json_is_string(trace) && strcmp(json_string_value(trace), "off") != 0;
  s->initializing = true;
  S_update_forwarding(s);
  S_load_notes(s, json_object_get(io, "notesPaths"));
  s->initializing = false;
  S_apply_enabled(s, json_object_get(io, "disabledNotes"));
  static const char *const enc_names[] = {"utf-8", "utf-16", "utf-32"};
  json_t *capabilities = json_pack(
      "{s:s,s:{s:b,s:i},s:b,s:b}", "positionEncoding", enc_names[s->enc], "textDocumentSync",
      "openClose", 1, "change", 2, "hoverProvider", 1, "inlayHintProvider", 1);
  json_object_set_new(capabilities, "codeActionProvider",
                      json_pack("{s:[s,s],s:b}", "codeActionKinds", "quickfix",
                                "source.fixAll.pylore", "resolveProvider", 0));
  json_object_set_new(capabilities, "executeCommandProvider",
                      json_pack("{s:[s]}", "commands", "pylore.showNote"));
  if (s->inlay_lazy)
    json_object_set_new(capabilities, "inlayHintProvider", json_pack("{s:b}", "resolveProvider", 1));
  if (s->pull_diagnostics)
    json_object_set_new(capabilities, "diagnosticProvider",
                        json_pack("{s:s,s:b,s:b}", "identifier", "pylore",
                                  "interFileDependencies", 0, "workspaceDiagnostics", 0));
  r->result = json_pack("{s:o,s:{s:s,s:s}}", "capabilities", capabilities, "serverInfo", "name",
                        "pylore", "version", PYLORE_VERSION);
  s->state = S_RUNNING;
  S_update_forwarding(s);
}

static void S_shutdown(sess *s, const json_t *params, S_reply *r) {
  (void)params;
  s->state = S_SHUT_DOWN;
  S_update_forwarding(s);
  r->result = json_null();
}

/* Resolves params.textDocument.uri to an open document, or fails the request. */
static S_doc *S_doc_param(sess *s, const json_t *params, S_reply *r) {
  char err[128];
  const char *uri = conv_uri(params, err, sizeof err);
  if (!uri) {
    S_invalid(r, err);
    return NULL;
  }
  S_doc *d = S_find_doc(s, uri);
  if (!d) {
    r->error_code = RPC_INVALID_PARAMS;
    snprintf(r->error, sizeof r->error, "document not open: %.200s", uri);
  }
  return d;
}

/* A TextDocumentPositionParams request answered by `feature`. */
static void S_at_position(sess *s, const json_t *params, S_reply *r,
                          json_t *(*feature)(const feat_env *, doc *, doc_position)) {
  S_doc *d = S_doc_param(s, params, r);
  if (!d) return;
  doc_position pos;
  char err[128];
  if (conv_position(json_object_get(params, "position"), &pos, err, sizeof err) != 0)
    return S_invalid(r, err);
  /* Hover reads the pitfalls of this revision, from the cache (updated first if needed). */
  feat_env env = S_env(s, d, S_findings(s, d));
  r->result = feature(&env, d->d, pos);
}

static void S_hover(sess *s, const json_t *params, S_reply *r) {
  S_at_position(s, params, r, hover_compute);
}

static void S_show_note(sess *s, const json_t *params, S_reply *r) {
  S_at_position(s, params, r, hover_note);
}

/* The document and the `range` of a request; NULL (with the error reply set) when either is
 * missing or invalid. */
static S_doc *S_doc_range_param(sess *s, const json_t *params, S_reply *r, doc_position *a,
                                doc_position *b) {
  S_doc *d = S_doc_param(s, params, r);
  if (!d) return NULL;
  char err[128];
  if (conv_range(json_object_get(params, "range"), a, b, err, sizeof err) != 0) {
    S_invalid(r, err);
    return NULL;
  }
  return d;
}

static void S_code_action(sess *s, const json_t *params, S_reply *r) {
  doc_position a, b;
  S_doc *d = S_doc_range_param(s, params, r, &a, &b);
  if (!d) return;
  feat_env env = S_env(s, d, S_findings(s, d));
  r->result = action_compute(&env, d->d, a, b,
                             json_object_get(json_object_get(params, "context"), "only"));
}

/* Writes the note's Markdown under $XDG_CACHE_HOME/pylore/notes/<lang>/ (else ~/.cache):
 * returns its file:// URI (malloc'd), or NULL when it cannot be written. */
static char *S_note_file(const char *id, kb_lang lang, const char *markdown) {
  const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  char dir[4096];
  int n;
  if (cache && cache[0] == '/')
    n = snprintf(dir, sizeof dir, "%s/pylore/notes/%s", cache, lang == KB_ZH ? "zh" : "en");
  else if (home && home[0] == '/')
    n = snprintf(dir, sizeof dir, "%s/.cache/pylore/notes/%s", home, lang == KB_ZH ? "zh" : "en");
  else
    return NULL;
  if (n < 0 || (size_t)n + strlen(id) + 8 >= sizeof dir || fio_mkdirs(dir) != 0) return NULL;
  char path[4200];
  snprintf(path, sizeof path, "%s/%s.md", dir, id);
  if (fio_write_atomic(path, markdown, strlen(markdown)) != 0) {
    log_warn("cannot write %s", path);
    return NULL;
  }
  return conv_file_uri(path);
}

/* workspace/executeCommand pylore.showNote: the argument is a note id, {id}, or
 * {textDocument, position} (the note of the construct there). */
static void S_execute_command(sess *s, const json_t *params, S_reply *r) {
  const json_t *cmd = json_object_get(params, "command");
  if (!json_is_string(cmd) || strcmp(json_string_value(cmd), "pylore.showNote") != 0)
    return S_invalid(r, "unknown command (pylore offers pylore.showNote)");
  const json_t *arg = json_array_get(json_object_get(params, "arguments"), 0);
  const json_t *id = json_is_string(arg) ? arg : json_object_get(arg, "id");
  long at = -1;
  if (json_is_string(id)) {
    at = kb_find(s->k, json_string_value(id));
  } else if (json_is_object(arg) && json_object_get(arg, "position")) {
    S_reply inner = {0};
    S_at_position(s, arg, &inner, hover_note);
    if (inner.error_code) {
      *r = inner;
      return;
    }
    const json_t *found = json_object_get(inner.result, "id");
    if (json_is_string(found)) at = kb_find(s->k, json_string_value(found));
    json_decref(inner.result);
  } else {
    return S_invalid(r, "pylore.showNote takes a note id, {id} or {textDocument, position}");
  }
  if (at < 0) {
    r->result = json_null();
    return;
  }
  const kb_note *n = kb_note_at(s->k, (size_t)at);
  char *md = render_full(n, s->lang, true);
  if (!md) {
    r->error_code = RPC_INTERNAL_ERROR;
    snprintf(r->error, sizeof r->error, "out of memory");
    return;
  }
  char *uri = s->show_document ? S_note_file(n->id, s->lang, md) : NULL;
  r->result = json_pack("{s:s,s:s,s:s}", "id", n->id, "title",
                        kb_note_text(n, s->lang)->title, "kind", kb_kind_name(n->kind));
  if (uri) {
    json_object_set_new(r->result, "uri", json_string(uri));
    json_t *req_id = json_integer(++s->next_request_id); /* borrowed by rpc_make_request */
    S_send(s, rpc_make_request(req_id, "window/showDocument",
                               json_pack("{s:s,s:b}", "uri", uri, "takeFocus", 1)));
    json_decref(req_id);
  } else {
    json_object_set_new(r->result, "contents", json_string(md));
  }
  free(uri);
  free(md);
}

static void S_inlay(sess *s, const json_t *params, S_reply *r) {
  doc_position a, b;
  S_doc *d = S_doc_range_param(s, params, r, &a, &b);
  if (!d) return;
  feat_env env = S_env(s, NULL, NULL);
  r->result = inlay_compute(&env, d->d, a, b);
}

static void S_inlay_resolve(sess *s, const json_t *params, S_reply *r) {
  if (!json_is_object(params) || !json_is_object(json_object_get(params, "position")))
    return S_invalid(r, "inlayHint/resolve needs an InlayHint");
  feat_env env = S_env(s, NULL, NULL);
  r->result = inlay_resolve(&env, params);
}

static void S_pull(sess *s, const json_t *params, S_reply *r) {
  S_doc *d = S_doc_param(s, params, r);
  if (!d) return;
  const fnd_set *found = S_findings(s, d);
  feat_env env = S_env(s, d, found);
  r->result = json_pack("{s:s,s:o}", "kind", "full", "items", diag_compute(&env, d->d, found));
}

static void S_did_open(sess *s, const json_t *params) {
  const json_t *td = json_object_get(params, "textDocument");
  const json_t *uri = json_object_get(td, "uri"), *text = json_object_get(td, "text");
  if (!json_is_string(uri) || !json_is_string(text)) {
    log_warn("didOpen: textDocument.uri and textDocument.text must be strings");
    return;
  }
  S_close_doc(s, json_string_value(uri));
  if (s->doc_count == s->doc_cap) {
    s->doc_cap = s->doc_cap ? s->doc_cap * 2 : 8;
    s->docs = xreallocarray(s->docs, s->doc_cap, sizeof *s->docs);
  }
  /* doc_new refuses only text past tree-sitter's 4 GB offsets (memory aborts, xalloc.h). */
  doc *text_doc = doc_new(json_string_value(text), json_string_length(text));
  if (!text_doc) {
    log_error("didOpen: %s is too large to open", json_string_value(uri));
    return;
  }
  S_doc *d = &s->docs[s->doc_count];
  d->uri = xstrdup(json_string_value(uri));
  d->d = text_doc;
  d->findings = fnd_cache_new();
  const json_t *version = json_object_get(td, "version");
  d->version = json_is_integer(version) ? json_integer_value(version) : 0;
  s->doc_count++;
  if (!S_superseded(s, d->uri)) S_publish(s, d);
}

static void S_did_change(sess *s, const json_t *params) {
  char err[256];
  const char *uri = conv_uri(params, err, sizeof err);
  S_doc *d = uri ? S_find_doc(s, uri) : NULL;
  if (!d) {
    log_warn("didChange: %s", uri ? "document not open" : err);
    return;
  }
  const json_t *version = json_object_get(json_object_get(params, "textDocument"), "version");
  if (json_is_integer(version) && json_integer_value(version) < d->version) {
    /* LSP versions only grow: an older one is a change the client sent out of order, and
     * its ranges refer to a text that no longer exists. Applying it would corrupt ours. */
    log_warn("didChange: %s: version %" JSON_INTEGER_FORMAT " is older than %" JSON_INTEGER_FORMAT
             ", the last applied; ignored",
             d->uri, json_integer_value(version), d->version);
    return;
  }
  if (json_is_integer(version)) d->version = json_integer_value(version);
  size_t i;
  const json_t *change;
  json_array_foreach(json_object_get(params, "contentChanges"), i, change) {
    const json_t *text = json_object_get(change, "text");
    if (!json_is_string(text)) {
      log_warn("didChange: change %zu has no text; skipped", i);
      continue;
    }
    const json_t *range = json_object_get(change, "range");
    if (!range) {
      if (doc_replace(d->d, json_string_value(text), json_string_length(text)) != 0)
        log_error("didChange: out of memory; the document is unchanged");
      continue;
    }
    doc_position a, b;
    if (conv_range(range, &a, &b, err, sizeof err) != 0) {
      log_warn("didChange: change %zu: %s; skipped", i, err);
      continue;
    }
    if (doc_apply_change(d->d, a, b, json_string_value(text), json_string_length(text), s->enc,
                         err, sizeof err) != 0)
      log_warn("didChange: change %zu rejected: %s; the text is left as it was", i, err);
  }
  if (!S_superseded(s, d->uri)) S_publish(s, d);
}

static void S_did_close(sess *s, const json_t *params) {
  char err[128];
  const char *uri = conv_uri(params, err, sizeof err);
  if (!uri) return;
  bool was_open = S_find_doc(s, uri) != NULL;
  S_close_doc(s, uri);
  /* Clear what was published, so closed files do not keep stale problems. */
  if (was_open && !s->pull_diagnostics)
    S_notify(s, "textDocument/publishDiagnostics",
             json_pack("{s:s,s:[]}", "uri", uri, "diagnostics"));
}

static void S_set_trace(sess *s, const json_t *params) {
  const json_t *v = json_object_get(params, "value");
  if (json_is_string(v)) s->log_to_client = strcmp(json_string_value(v), "off") != 0;
  S_update_forwarding(s);
}

typedef void (*S_request_fn)(sess *s, const json_t *params, S_reply *r);
typedef void (*S_notify_fn)(sess *s, const json_t *params);

static const struct {
  const char *method;
  S_request_fn fn;
} S_requests[] = {
    {"initialize", S_initialize},
    {"shutdown", S_shutdown},
    {"textDocument/hover", S_hover},
    {"textDocument/inlayHint", S_inlay},
    {"inlayHint/resolve", S_inlay_resolve},
    {"textDocument/diagnostic", S_pull},
    {"pylore/showNote", S_show_note},
    {"textDocument/codeAction", S_code_action},
    {"workspace/executeCommand", S_execute_command},
};

static const struct {
  const char *method;
  S_notify_fn fn;
} S_notifications[] = {
    {"textDocument/didOpen", S_did_open},
    {"textDocument/didChange", S_did_change},
    {"textDocument/didClose", S_did_close},
    {"$/setTrace", S_set_trace},
};

static void S_handle_request(sess *s, rpc_message *m) {
  if (s->state == S_SHUT_DOWN) {
    S_reply_error(s, m->id, RPC_INVALID_REQUEST, "the server is shut down");
    return;
  }
  bool is_init = strcmp(m->method, "initialize") == 0;
  if (s->state == S_UNINITIALIZED && !is_init) {
    S_reply_error(s, m->id, RPC_SERVER_NOT_INITIALIZED, "the server is not initialized");
    return;
  }
  if (s->state == S_RUNNING && is_init) {
    S_reply_error(s, m->id, RPC_INVALID_REQUEST, "initialize was already received");
    return;
  }
  if (S_cancelled(s, m->id)) {
    S_reply_error(s, m->id, RPC_REQUEST_CANCELLED, "cancelled");
    return;
  }
  for (size_t i = 0; i < sizeof S_requests / sizeof S_requests[0]; i++) {
    if (strcmp(S_requests[i].method, m->method) != 0) continue;
    if (m->params && !json_is_object(m->params) && !is_init && strcmp(m->method, "shutdown") != 0) {
      S_reply_error(s, m->id, RPC_INVALID_PARAMS, "params must be an object");
      return;
    }
    S_reply r = {0};
    S_requests[i].fn(s, m->params, &r);
    if (r.error_code) {
      json_decref(r.result);
      S_reply_error(s, m->id, r.error_code, r.error);
    } else if (!r.result) {
      /* A handler that neither answered nor failed hit a bug (memory cannot run out here:
       * xalloc.h); json null would pass for "nothing here". */
      log_error("internal error: %s produced no result", m->method);
      S_reply_error(s, m->id, RPC_INTERNAL_ERROR, "internal error: the request produced no result");
    } else {
      S_send(s, rpc_make_result(m->id, r.result));
    }
    return;
  }
  char msg[200];
  snprintf(msg, sizeof msg, "unknown method %.150s", m->method);
  S_reply_error(s, m->id, RPC_METHOD_NOT_FOUND, msg);
}

static void S_handle_notification(sess *s, rpc_message *m) {
  if (strcmp(m->method, "exit") == 0) {
    s->exit_requested = true;
    return;
  }
  /* Before initialize, notifications other than exit are dropped (LSP says so). */
  if (s->state != S_RUNNING) return;
  for (size_t i = 0; i < sizeof S_notifications / sizeof S_notifications[0]; i++) {
    if (strcmp(S_notifications[i].method, m->method) == 0) {
      if (!json_is_object(m->params)) {
        log_warn("%s: params must be an object", m->method);
        return;
      }
      S_notifications[i].fn(s, m->params);
      return;
    }
  }
  /* Unknown notifications, $/ ones included, are ignored. */
  log_debug("ignored notification %s", m->method);
}

int sess_serve(int in_fd, int out_fd, const sess_options *opt) {
  /* A client that goes away must not kill us mid-write; tp_write reports the error. */
  signal(SIGPIPE, SIG_IGN);
  xalloc_init();
  sess s = {.opt = opt, .enc = DOC_UTF16,
            .inlay_kinds = INLAY_CONSTRUCTS | INLAY_PARAMETERS | INLAY_CALL_ARGUMENTS,
            .explanations = true};
  s.writer = tp_writer_new(out_fd, opt->max_queued_mb << 20);
  s.parser = doc_parser_new();
  s.an = an_ctx_new();
  if (s.an) {
    /* PYLORE_ANALYSIS_BUDGET_MS overrides the budget (tests use a tiny one). */
    const char *budget = getenv("PYLORE_ANALYSIS_BUDGET_MS");
    s.budget_ms = budget && *budget ? strtod(budget, NULL) : FND_BUDGET_MS;
    an_ctx_set_budget(s.an, s.budget_ms);
  }
  if (!s.writer || !s.parser || !s.an) {
    /* Not memory (that aborts): a thread that cannot start, or a grammar of the wrong ABI. */
    log_error("cannot start the server: %s", !s.writer ? "no writer thread" : "no parser");
    tp_writer_free(s.writer);
    if (s.parser) ts_parser_delete(s.parser);
    an_ctx_free(s.an);
    return 1;
  }
  s.reader = tp_reader_new(in_fd, 0);
  s.preload.opt = opt;
  s.preload_running = pthread_create(&s.preload_tid, NULL, S_preload_run, &s.preload) == 0;
  if (!s.preload_running) S_preload_run(&s.preload);
  log_set_sink(S_log_sink, &s);
  while (!s.exit_requested && !atomic_load(&s.output_failed)) {
    if (s.queue.count == 0 && !S_read_one(&s)) break;
    S_read_ahead(&s);
    rpc_message m;
    if (!S_queue_pop(&s.queue, &m)) continue;
    switch (m.kind) {
    case RPC_REQUEST:
      S_handle_request(&s, &m);
      break;
    case RPC_NOTIFICATION:
      S_handle_notification(&s, &m);
      break;
    case RPC_RESPONSE:
      break; /* the answers to window/showDocument: nothing to do with them */
    case RPC_INVALID:
      S_reply_error(&s, m.id, m.error_code, m.error_message);
      break;
    }
    rpc_message_clear(&m);
  }
  log_set_sink(NULL, NULL);
  if (s.preload_running) pthread_join(s.preload_tid, NULL);
  kb_free(s.preload.k);
  sig_free(s.preload.sigs);
  kb_problems_clear(&s.preload.problems);
  int status = s.exit_requested && s.state == S_SHUT_DOWN ? 0 : 1;
  /* The last replies (shutdown's) go out before the process ends, unless the client is
   * the reason the session ends. */
  if (atomic_load(&s.output_failed)) {
    tp_writer_abort(s.writer);
    status = 1;
  } else if (tp_writer_free(s.writer) != 0) {
    status = 1;
  }
  rpc_message m;
  while (S_queue_pop(&s.queue, &m)) rpc_message_clear(&m);
  free(s.queue.items);
  for (size_t i = 0; i < s.doc_count; i++) {
    fnd_cache_free(s.docs[i].findings);
    free(s.docs[i].uri);
    doc_free(s.docs[i].d);
  }
  free(s.docs);
  free(s.enabled);
  free(s.handbook_url);
  kb_free(s.k);
  sig_free(s.sigs);
  an_ctx_free(s.an);
  ts_parser_delete(s.parser);
  tp_reader_free(s.reader);
  return status;
}
