#include "rpc.h"

#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing ---- */

static int S_invalid(rpc_message *out, int code, const char *why) {
  out->kind = RPC_INVALID;
  out->error_code = code;
  out->method = NULL;
  out->params = NULL;
  snprintf(out->error_message, sizeof out->error_message, "%s", why);
  return -1;
}

static int S_is_id(const json_t *v) { return json_is_string(v) || json_is_integer(v); }

int rpc_parse(const char *body, size_t len, rpc_message *out) {
  if (!out) return -1;
  memset(out, 0, sizeof *out);
  out->id = json_null(); /* a singleton in jansson: borrowing it needs no reference */
  if (!body) return S_invalid(out, RPC_PARSE_ERROR, "parse error: no message body");

  /* JSON_DECODE_ANY so that valid JSON which is not an object is told apart from text that
   * is not JSON at all: the first is an invalid request, the second a parse error.
   * JSON_ALLOW_NUL stays off: "\u0000" in a string would cut C strings short later on. */
  json_error_t jerr;
  json_t *root = json_loadb(body, len, JSON_DECODE_ANY, &jerr);
  if (!root) {
    /* jansson's text is at most 160 bytes; the precision keeps room for our words around it. */
    char why[sizeof out->error_message];
    if (json_error_code(&jerr) == json_error_numeric_overflow) {
      /* The text is JSON, but a number in it does not fit (typically an id beyond 64 bits);
       * the request cannot be honoured, yet calling it unparsable would be wrong. */
      snprintf(why, sizeof why, "number out of range: %.100s", jerr.text);
      return S_invalid(out, RPC_INVALID_REQUEST, why);
    }
    snprintf(why, sizeof why, "parse error: %.100s (line %d, column %d)", jerr.text, jerr.line,
             jerr.column);
    return S_invalid(out, RPC_PARSE_ERROR, why);
  }
  out->root = root;

  if (json_is_array(root))
    return S_invalid(out, RPC_INVALID_REQUEST, "batch messages are not supported");
  if (!json_is_object(root))
    return S_invalid(out, RPC_INVALID_REQUEST, "message is not a JSON object");

  /* The id is read first so that an error reply to a malformed request can still carry it. */
  json_t *id = json_object_get(root, "id");
  if (id && !S_is_id(id) && !json_is_null(id))
    return S_invalid(out, RPC_INVALID_REQUEST, "\"id\" must be a string or an integer");
  if (id && !json_is_null(id)) out->id = id;

  json_t *version = json_object_get(root, "jsonrpc");
  if (!version)
    return S_invalid(out, RPC_INVALID_REQUEST, "missing \"jsonrpc\": \"2.0\"");
  if (!json_is_string(version) || json_string_length(version) != 3 ||
      memcmp(json_string_value(version), "2.0", 3) != 0)
    return S_invalid(out, RPC_INVALID_REQUEST, "\"jsonrpc\" must be \"2.0\"");

  json_t *method = json_object_get(root, "method");
  if (method) {
    if (!json_is_string(method))
      return S_invalid(out, RPC_INVALID_REQUEST, "\"method\" must be a string");
    if (id && json_is_null(id))
      return S_invalid(out, RPC_INVALID_REQUEST, "a request's \"id\" must not be null");
    json_t *params = json_object_get(root, "params");
    /* Some clients send "params": null for parameterless methods (shutdown, exit); it
     * carries nothing, so it is taken as absent rather than refused. */
    if (params && json_is_null(params)) params = NULL;
    if (params && !json_is_object(params) && !json_is_array(params))
      return S_invalid(out, RPC_INVALID_REQUEST, "\"params\" must be an object or an array");
    out->kind = id ? RPC_REQUEST : RPC_NOTIFICATION;
    out->method = json_string_value(method);
    out->params = params;
    return 0;
  }

  json_t *result = json_object_get(root, "result");
  json_t *error = json_object_get(root, "error");
  if (!result && !error)
    return S_invalid(out, RPC_INVALID_REQUEST, "message has neither \"method\" nor a result");
  if (!id) return S_invalid(out, RPC_INVALID_REQUEST, "response without \"id\"");
  if (result && error)
    return S_invalid(out, RPC_INVALID_REQUEST, "response has both \"result\" and \"error\"");
  if (error && !json_is_object(error))
    return S_invalid(out, RPC_INVALID_REQUEST, "\"error\" must be an object");
  /* A null id is legal here: it is how a peer reports that it could not parse our request. */
  out->kind = RPC_RESPONSE;
  return 0;
}

void rpc_message_clear(rpc_message *m) {
  if (!m) return;
  json_decref(m->root);
  memset(m, 0, sizeof *m);
}

/* ---- building ----
 * jansson allocates through xalloc (xalloc_init), so its constructors never return NULL
 * for lack of memory; the one failure left is a string that is not UTF-8, handled below. */

/* jansson refuses strings that are not UTF-8. Messages may quote user text, so rather than
 * lose the whole reply, bytes outside ASCII are replaced when the text is not valid. */
static json_t *S_string_lossy(const char *s) {
  json_t *v = json_string(s);
  if (v) return v;
  char *copy = xstrdup(s);
  for (char *p = copy; *p; p++)
    if ((unsigned char)*p >= 0x80) *p = '?';
  v = json_string(copy);
  free(copy);
  return v;
}

/* Starts {"jsonrpc":"2.0"} with an "id" when with_id is set. A NULL id becomes json null. */
static json_t *S_envelope(int with_id, json_t *id) {
  json_t *msg = json_object();
  json_object_set_new(msg, "jsonrpc", json_string("2.0"));
  /* A copy, not a shared reference: the message the id came from is freed independently. */
  if (with_id) json_object_set_new(msg, "id", id ? json_copy(id) : json_null());
  return msg;
}

json_t *rpc_make_result(json_t *id, json_t *result) {
  json_t *msg = S_envelope(1, id);
  json_object_set_new(msg, "result", result ? result : json_null());
  return msg;
}

json_t *rpc_make_error(json_t *id, int code, const char *message, json_t *data) {
  json_t *msg = S_envelope(1, id);
  json_t *err = json_object();
  json_object_set_new(err, "code", json_integer(code));
  json_object_set_new(err, "message", S_string_lossy(message ? message : ""));
  if (data) json_object_set_new(err, "data", data);
  json_object_set_new(msg, "error", err);
  return msg;
}

/* Shared by requests and notifications, which differ only in the id. */
static json_t *S_make_call(int with_id, json_t *id, const char *method, json_t *params) {
  if (!method) {
    json_decref(params);
    return NULL;
  }
  json_t *msg = S_envelope(with_id, id);
  json_object_set_new(msg, "method", S_string_lossy(method));
  if (params) json_object_set_new(msg, "params", params);
  return msg;
}

json_t *rpc_make_notification(const char *method, json_t *params) {
  return S_make_call(0, NULL, method, params);
}

json_t *rpc_make_request(json_t *id, const char *method, json_t *params) {
  return S_make_call(1, id, method, params);
}

char *rpc_dump(const json_t *msg, size_t *len) {
  if (len) *len = 0;
  if (!msg) return NULL;
  /* Without JSON_ENSURE_ASCII, UTF-8 goes out as is: the peer counts Content-Length in
   * bytes either way, and the text stays readable in logs. */
  char *s = json_dumps(msg, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
  if (s && len) *len = strlen(s);
  return s;
}
