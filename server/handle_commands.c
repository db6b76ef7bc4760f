/* workspace/executeCommand: pylore.showNote, the note in full (inline, or as a file the
 * client opens with window/showDocument). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "fileio.h"
#include "handlers.h"
#include "log.h"
#include "render.h"

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
void hdl_execute_command(sess *s, const json_t *params, hdl_reply *r) {
  par_command cmd;
  par_show_note_arg arg;
  r->error_code = RPC_INVALID_PARAMS;
  if (par_command_read(params, &cmd, r->error, sizeof r->error) != 0) return;
  if (strcmp(cmd.command, "pylore.showNote") != 0) {
    snprintf(r->error, sizeof r->error, "unknown command (pylore offers pylore.showNote)");
    return;
  }
  if (par_show_note_arg_read(cmd.arg, &arg, r->error, sizeof r->error) != 0) return;
  r->error_code = 0;
  long at = -1;
  if (arg.note_id) {
    at = kb_find(s->k, arg.note_id);
  } else {
    hdl_reply inner = {0};
    hdl_at_position(s, &arg.at, &inner, hover_note);
    if (inner.error_code) {
      *r = inner;
      return;
    }
    const json_t *found = json_object_get(inner.result, "id");
    if (json_is_string(found)) at = kb_find(s->k, json_string_value(found));
    json_decref(inner.result);
  }
  if (at < 0) {
    r->result = json_null();
    return;
  }
  const kb_note *n = kb_note_at(s->k, (size_t)at);
  char *md = render_full(n, s->cfg.lang, true);
  char *uri = s->cfg.show_document ? S_note_file(n->id, s->cfg.lang, md) : NULL;
  r->result = json_pack("{s:s,s:s,s:s}", "id", n->id, "title",
                        kb_note_text(n, s->cfg.lang)->title, "kind", kb_kind_name(n->kind));
  if (uri) {
    json_object_set_new(r->result, "uri", json_string(uri));
    json_t *req_id = json_integer(++s->next_request_id); /* borrowed by rpc_make_request */
    out_send(&s->out, rpc_make_request(req_id, "window/showDocument",
                                       json_pack("{s:s,s:b}", "uri", uri, "takeFocus", 1)));
    json_decref(req_id);
  } else {
    json_object_set_new(r->result, "contents", json_string(md));
  }
  free(uri);
  free(md);
}
