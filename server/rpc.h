/* rpc: JSON-RPC 2.0 envelopes (with jansson). Classifies an incoming body as request,
 * notification or response, or produces the error reply the specification asks for; builds
 * results, errors and notifications. Knows nothing of LSP methods. */
#ifndef PYLORE_RPC_H
#define PYLORE_RPC_H

#include <jansson.h>
#include <stddef.h>

enum {
  RPC_PARSE_ERROR = -32700,
  RPC_INVALID_REQUEST = -32600,
  RPC_METHOD_NOT_FOUND = -32601,
  RPC_INVALID_PARAMS = -32602,
  RPC_INTERNAL_ERROR = -32603,
  RPC_SERVER_NOT_INITIALIZED = -32002,
  RPC_UNKNOWN_ERROR_CODE = -32001,
  RPC_REQUEST_FAILED = -32803,
  RPC_SERVER_CANCELLED = -32802,
  RPC_CONTENT_MODIFIED = -32801,
  RPC_REQUEST_CANCELLED = -32800
};

typedef enum {
  RPC_REQUEST,      /* has method and id */
  RPC_NOTIFICATION, /* has method, no id */
  RPC_RESPONSE,     /* has id and result or error, no method (replies to our requests) */
  RPC_INVALID       /* error_code/error_message say why; id is the request's id or null */
} rpc_kind;

typedef struct {
  rpc_kind kind;
  json_t *root;       /* owned: the whole parsed message (NULL on a parse error) */
  json_t *id;         /* borrowed from root; a json null when absent or unusable */
  const char *method; /* borrowed from root; NULL for responses and invalid messages */
  json_t *params;     /* borrowed from root; NULL when absent */
  int error_code;     /* for RPC_INVALID: RPC_PARSE_ERROR or RPC_INVALID_REQUEST */
  char error_message[160];
} rpc_message;

/* Parses one body. Always fills *out (the caller calls rpc_message_clear afterwards).
 * Returns 0 for a request, notification or response, -1 for RPC_INVALID. Rules: not JSON →
 * -32700 with id null; not an object, "jsonrpc" not "2.0", method not a string, id not a
 * string/integer/null, params neither object nor array → -32600 (with the id when it could
 * be read). A JSON array (batch) is not part of LSP and is answered -32600. */
int rpc_parse(const char *body, size_t len, rpc_message *out);
/* Releases what rpc_parse allocated. Safe on a zeroed or already-cleared message. */
void rpc_message_clear(rpc_message *m);

/* Builders. `id` is borrowed (copied); `result`, `data` and `params` are stolen (as with
 * jansson's *_new functions); a NULL result becomes json null. They return a new reference,
 * never NULL (memory: xalloc.h), except the calls for a NULL method. */
json_t *rpc_make_result(json_t *id, json_t *result);
json_t *rpc_make_error(json_t *id, int code, const char *message, json_t *data);
json_t *rpc_make_notification(const char *method, json_t *params);
json_t *rpc_make_request(json_t *id, const char *method, json_t *params);

/* Serialises compactly (UTF-8, keys in insertion order). Returns a malloc'd string the
 * caller frees; NULL only for a NULL msg. *len gets its length when len is not NULL. */
char *rpc_dump(const json_t *msg, size_t *len);

#endif
