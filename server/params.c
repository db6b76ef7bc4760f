#include "params.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- formats and their messages ---- */

static const char *S_type_name(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "object";
  case JSON_ARRAY: return "array";
  case JSON_STRING: return "string";
  case JSON_INTEGER: return "integer";
  case JSON_REAL: return "real";
  case JSON_TRUE: return "true";
  case JSON_FALSE: return "false";
  case JSON_NULL: return "null";
  }
  return "?";
}

/* Appends ".key" to the path; a path that no longer fits ends in "...". */
static void S_append(char *path, size_t cap, const char *key) {
  size_t n = strlen(path);
  if (n + 1 + strlen(key) + 4 >= cap) {
    if (n + 4 < cap) strcpy(path + n, "...");
    return;
  }
  snprintf(path + n, cap - n, ".%s", key);
}

/* The member that json_vunpack_ex was reading when it failed, as a path below `base`. The
 * error's position is the format's token where the value was expected (1-based); the keys
 * are the `s` arguments of the objects around it, read from `ap` (the arguments the unpack
 * was given) while walking the format as jansson does. */
static void S_path(const char *fmt, int position, va_list ap, const char *base, char *path,
                   size_t cap) {
  snprintf(path, cap, "%s", base);
  if (position < 1) return;
  size_t at = (size_t)position - 1;
  const char *keys[32];
  size_t depth = 0; /* objects open around the token */
  bool want_key = false;
  for (size_t i = 0; fmt[i] && i <= at; i++) {
    char c = fmt[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == ',' || c == ':' || c == '!' || c == '*')
      continue;
    if (want_key) {
      if (c == '}') {
        if (depth > 0) depth--;
        want_key = depth > 0;
      } else if (c == 's') {
        const char *key = va_arg(ap, const char *);
        if (depth > 0 && depth <= sizeof keys / sizeof *keys) keys[depth - 1] = key;
        if (fmt[i + 1] == '?') i++;
        want_key = false;
      }
      continue;
    }
    if (i == at) {
      for (size_t d = 0; d < depth && d < sizeof keys / sizeof *keys; d++)
        S_append(path, cap, keys[d]);
      return;
    }
    switch (c) {
    case '{':
      depth++;
      want_key = true;
      continue;
    case 's':
      (void)va_arg(ap, const char **);
      if (fmt[i + 1] == '%') {
        (void)va_arg(ap, size_t *);
        i++;
      }
      break;
    case 'b':
    case 'i':
      (void)va_arg(ap, int *);
      break;
    case 'I':
      (void)va_arg(ap, json_int_t *);
      break;
    case 'f':
    case 'F':
      (void)va_arg(ap, double *);
      break;
    case 'o':
    case 'O':
      (void)va_arg(ap, json_t **);
      break;
    default: /* 'n' takes no argument; formats here use no arrays */
      break;
    }
    want_key = depth > 0;
  }
}

/* json_unpack_ex with a message naming the member that does not fit: "<path> is missing" or
 * "<path>: expected string, got integer". `base` names `root` ("params"). Returns 0 or -1. */
static int S_unpack(const json_t *root, const char *base, char *err, size_t errlen,
                    const char *fmt, ...) {
  if (!root) {
    snprintf(err, errlen, "%s is missing", base);
    return -1;
  }
  va_list ap, keys;
  va_start(ap, fmt);
  va_copy(keys, ap);
  json_error_t je;
  int rc = json_vunpack_ex((json_t *)root, &je, 0, fmt, ap);
  va_end(ap);
  if (rc != 0) {
    char path[160];
    bool validation = strcmp(je.source, "<validation>") == 0;
    S_path(fmt, validation ? je.position : 0, keys, base, path, sizeof path);
    enum json_error_code code = json_error_code(&je);
    if (code == json_error_item_not_found)
      snprintf(err, errlen, "%s is missing", path);
    else if (code == json_error_wrong_type && je.text[0] == 'E')
      snprintf(err, errlen, "%s: e%s", path, je.text + 1);
    else
      snprintf(err, errlen, "%s: %s", path, je.text);
  }
  va_end(keys);
  return rc;
}

/* Reads a member that may be absent or of the wrong type (then it counts as absent), with a
 * format of one output; the output is left as it was unless the whole format fits. */
static bool S_lenient(const json_t *root, const char *fmt, ...) {
  if (!root) return false;
  va_list ap;
  va_start(ap, fmt);
  int rc = json_vunpack_ex((json_t *)root, NULL, 0, fmt, ap);
  va_end(ap);
  return rc == 0;
}

static int S_position(json_int_t line, json_int_t character, const char *base,
                      doc_position *out, char *err, size_t errlen) {
  if (line < 0 || line > UINT32_MAX) {
    snprintf(err, errlen, "%s.line: must be between 0 and 4294967295", base);
    return -1;
  }
  if (character < 0 || character > UINT32_MAX) {
    snprintf(err, errlen, "%s.character: must be between 0 and 4294967295", base);
    return -1;
  }
  out->line = (uint32_t)line;
  out->character = (uint32_t)character;
  return 0;
}

static int S_range(json_int_t sl, json_int_t sc, json_int_t el, json_int_t ec, const char *base,
                   doc_position *start, doc_position *end, char *err, size_t errlen) {
  char path[160];
  snprintf(path, sizeof path, "%s.start", base);
  if (S_position(sl, sc, path, start, err, errlen) != 0) return -1;
  snprintf(path, sizeof path, "%s.end", base);
  return S_position(el, ec, path, end, err, errlen);
}

static bool S_has_string(const json_t *array, const char *value) {
  size_t i;
  const json_t *v;
  json_array_foreach(array, i, v) {
    if (json_is_string(v) && strcmp(json_string_value(v), value) == 0) return true;
  }
  return false;
}

/* ---- one reader per method ---- */

static int S_text_position(const json_t *params, const char *base, par_text_position *out,
                           char *err, size_t errlen) {
  json_int_t line, character;
  if (S_unpack(params, base, err, errlen, "{s:{s:s}, s:{s:I, s:I}}", "textDocument", "uri",
               &out->uri, "position", "line", &line, "character", &character) != 0)
    return -1;
  char path[160];
  snprintf(path, sizeof path, "%s.position", base);
  return S_position(line, character, path, &out->pos, err, errlen);
}

int par_text_position_read(const json_t *params, par_text_position *out, char *err,
                           size_t errlen) {
  return S_text_position(params, "params", out, err, errlen);
}

int par_inlay_hint_read(const json_t *params, par_text_range *out, char *err, size_t errlen) {
  json_int_t sl, sc, el, ec;
  out->only = NULL;
  if (S_unpack(params, "params", err, errlen, "{s:{s:s}, s:{s:{s:I, s:I}, s:{s:I, s:I}}}",
               "textDocument", "uri", &out->uri, "range", "start", "line", &sl, "character",
               &sc, "end", "line", &el, "character", &ec) != 0)
    return -1;
  return S_range(sl, sc, el, ec, "params.range", &out->start, &out->end, err, errlen);
}

int par_code_action_read(const json_t *params, par_text_range *out, char *err, size_t errlen) {
  json_int_t sl, sc, el, ec;
  json_t *only = NULL;
  /* context is required by LSP (its diagnostics too, which pylore does not read). */
  if (S_unpack(params, "params", err, errlen,
               "{s:{s:s}, s:{s:{s:I, s:I}, s:{s:I, s:I}}, s:{s?o}}", "textDocument", "uri",
               &out->uri, "range", "start", "line", &sl, "character", &sc, "end", "line", &el,
               "character", &ec, "context", "only", &only) != 0)
    return -1;
  if (only && !json_is_array(only)) {
    snprintf(err, errlen, "params.context.only: expected array, got %s", S_type_name(only));
    return -1;
  }
  out->only = only;
  return S_range(sl, sc, el, ec, "params.range", &out->start, &out->end, err, errlen);
}

int par_text_document_read(const json_t *params, const char **uri, char *err, size_t errlen) {
  return S_unpack(params, "params", err, errlen, "{s:{s:s}}", "textDocument", "uri", uri);
}

int par_inlay_resolve_read(const json_t *params, char *err, size_t errlen) {
  json_int_t line, character;
  json_t *label;
  if (S_unpack(params, "params", err, errlen, "{s:{s:I, s:I}, s:o}", "position", "line", &line,
               "character", &character, "label", &label) != 0)
    return -1;
  doc_position pos;
  return S_position(line, character, "params.position", &pos, err, errlen);
}

int par_did_open_read(const json_t *params, par_did_open *out, char *err, size_t errlen) {
  json_t *version = NULL;
  if (S_unpack(params, "params", err, errlen, "{s:{s:s, s:s%, s?o}}", "textDocument", "uri",
               &out->uri, "text", &out->text, &out->text_len, "version", &version) != 0)
    return -1;
  out->version = json_is_integer(version) ? json_integer_value(version) : 0;
  return 0;
}

int par_did_change_read(const json_t *params, par_did_change *out, char *err, size_t errlen) {
  json_t *version = NULL, *changes;
  if (S_unpack(params, "params", err, errlen, "{s:{s:s, s?o}, s:o}", "textDocument", "uri",
               &out->uri, "version", &version, "contentChanges", &changes) != 0)
    return -1;
  if (!json_is_array(changes)) {
    snprintf(err, errlen, "params.contentChanges: expected array, got %s", S_type_name(changes));
    return -1;
  }
  out->has_version = json_is_integer(version);
  out->version = out->has_version ? json_integer_value(version) : 0;
  out->changes = changes;
  return 0;
}

int par_change_read(const json_t *change, size_t index, par_change *out, char *err,
                    size_t errlen) {
  char base[64];
  snprintf(base, sizeof base, "params.contentChanges[%zu]", index);
  json_t *range = NULL;
  if (S_unpack(change, base, err, errlen, "{s:s%, s?o}", "text", &out->text, &out->text_len,
               "range", &range) != 0)
    return -1;
  out->has_range = range != NULL;
  if (!range) return 0;
  char path[96];
  snprintf(path, sizeof path, "%s.range", base);
  json_int_t sl, sc, el, ec;
  if (S_unpack(range, path, err, errlen, "{s:{s:I, s:I}, s:{s:I, s:I}}", "start", "line", &sl,
               "character", &sc, "end", "line", &el, "character", &ec) != 0)
    return -1;
  return S_range(sl, sc, el, ec, path, &out->start, &out->end, err, errlen);
}

int par_command_read(const json_t *params, par_command *out, char *err, size_t errlen) {
  json_t *args = NULL;
  if (S_unpack(params, "params", err, errlen, "{s:s, s?o}", "command", &out->command,
               "arguments", &args) != 0)
    return -1;
  if (args && !json_is_array(args)) {
    snprintf(err, errlen, "params.arguments: expected array, got %s", S_type_name(args));
    return -1;
  }
  out->arg = json_array_get(args, 0);
  return 0;
}

int par_show_note_arg_read(const json_t *arg, par_show_note_arg *out, char *err,
                           size_t errlen) {
  const char *base = "params.arguments[0]";
  memset(out, 0, sizeof *out);
  if (json_is_string(arg)) {
    out->note_id = json_string_value(arg);
    return 0;
  }
  if (json_is_object(arg) && json_object_get(arg, "id"))
    return S_unpack(arg, base, err, errlen, "{s:s}", "id", &out->note_id);
  if (json_is_object(arg) && json_object_get(arg, "position")) {
    out->by_position = true;
    return S_text_position(arg, base, &out->at, err, errlen);
  }
  snprintf(err, errlen, "%s: pylore.showNote takes a note id, {id} or {textDocument, position}",
           base);
  return -1;
}

int par_set_trace_read(const json_t *params, const char **value, char *err, size_t errlen) {
  return S_unpack(params, "params", err, errlen, "{s:s}", "value", value);
}

int par_cancel_read(const json_t *params, const json_t **id, char *err, size_t errlen) {
  json_t *v;
  if (S_unpack(params, "params", err, errlen, "{s:o}", "id", &v) != 0) return -1;
  if (!json_is_integer(v) && !json_is_string(v)) {
    snprintf(err, errlen, "params.id: expected integer or string, got %s", S_type_name(v));
    return -1;
  }
  *id = v;
  return 0;
}

int par_initialize_read(const json_t *params, par_initialize *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  out->explanations = true;
  json_t *caps = NULL, *io = NULL;
  /* processId and rootUri are required by LSP but not read: see the header. */
  if (S_unpack(params, "params", err, errlen, "{s?o, s?o}", "capabilities", &caps,
               "initializationOptions", &io) != 0)
    return -1;
  json_t *encs = NULL, *td = NULL, *formats = NULL, *props = NULL, *v = NULL;
  S_lenient(caps, "{s:{s:o}}", "general", "positionEncodings", &encs);
  out->utf8 = S_has_string(encs, "utf-8");
  S_lenient(caps, "{s:o}", "textDocument", &td);
  S_lenient(td, "{s:{s:o}}", "hover", "contentFormat", &formats);
  out->markdown = S_has_string(formats, "markdown");
  out->pull_diagnostics = S_lenient(td, "{s:{}}", "diagnostic");
  int flag = 0;
  out->show_document = S_lenient(caps, "{s:{s:{s:b}}}", "window", "showDocument", "support",
                                 &flag) && flag;
  S_lenient(td, "{s:{s:{s:o}}}", "inlayHint", "resolveSupport", "properties", &props);
  out->inlay_tooltip = S_has_string(props, "tooltip");
  out->inlay_label_command = S_has_string(props, "label.command");
  S_lenient(params, "{s:s}", "locale", &out->locale);
  S_lenient(params, "{s:s}", "trace", &out->trace);
  S_lenient(io, "{s:s}", "language", &out->language);
  S_lenient(io, "{s:s}", "handbookUrl", &out->handbook_url);
  out->explanations = !(S_lenient(io, "{s:b}", "explanations", &flag) && !flag);
  /* inlayHints: a boolean for all kinds, or an object whose members switch one kind off. */
  out->inlay_hints_off = S_lenient(io, "{s:b}", "inlayHints", &flag) && !flag;
  out->inlay_constructs_off =
      S_lenient(io, "{s:{s:b}}", "inlayHints", "constructs", &flag) && !flag;
  out->inlay_parameters_off =
      S_lenient(io, "{s:{s:b}}", "inlayHints", "parameters", &flag) && !flag;
  out->inlay_call_arguments_off =
      S_lenient(io, "{s:{s:b}}", "inlayHints", "callArguments", &flag) && !flag;
  if (S_lenient(io, "{s:o}", "notesPaths", &v) && json_is_array(v)) out->notes_paths = v;
  v = NULL;
  if (S_lenient(io, "{s:o}", "disabledNotes", &v) && json_is_array(v)) out->disabled_notes = v;
  out->analysis_cache_kb = -1;
  S_lenient(io, "{s:I}", "analysisCacheKB", &out->analysis_cache_kb);
  return 0;
}
