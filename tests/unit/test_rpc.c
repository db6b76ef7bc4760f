/* Tests for server/rpc: classification of incoming messages (table-driven), and the exact
 * text of what the builders produce. */
#include "harness.h"
#include "rpc.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  const char *name;
  const char *body;
  size_t len; /* 0: strlen(body) */
  rpc_kind kind;
  int code;           /* for RPC_INVALID */
  const char *id;     /* the id, dumped */
  const char *method; /* NULL when none is expected */
  const char *params; /* the params, dumped; NULL when absent */
} S_case;

#define V "\"jsonrpc\":\"2.0\""

static const S_case S_cases[] = {
    /* not JSON at all: -32700, id null */
    {"garbage", "not json", 0, RPC_INVALID, RPC_PARSE_ERROR, "null", NULL, NULL},
    {"empty", "", 0, RPC_INVALID, RPC_PARSE_ERROR, "null", NULL, NULL},
    {"truncated", "{" V ",\"id\":1,\"method\":\"a\"", 0, RPC_INVALID, RPC_PARSE_ERROR, "null",
     NULL, NULL},
    {"trailing junk", "{" V ",\"id\":1,\"method\":\"a\"} x", 0, RPC_INVALID, RPC_PARSE_ERROR,
     "null", NULL, NULL},
    {"two objects", "{" V ",\"method\":\"a\"}{}", 0, RPC_INVALID, RPC_PARSE_ERROR, "null", NULL,
     NULL},
    {"invalid utf-8", "{" V ",\"id\":1,\"method\":\"\xff\"}", 0, RPC_INVALID, RPC_PARSE_ERROR,
     "null", NULL, NULL},
    {"escaped NUL", "{" V ",\"id\":1,\"method\":\"a\\u0000b\"}", 0, RPC_INVALID,
     RPC_PARSE_ERROR, "null", NULL, NULL},
    {"raw NUL", "{" V ",\"id\":1,\"method\":\"a\0b\"}", sizeof("{" V ",\"id\":1,\"method\":\"a\0b\"}") - 1, RPC_INVALID, RPC_PARSE_ERROR, "null",
     NULL, NULL},
    {"NUL after object", "{" V ",\"method\":\"a\"}\0", sizeof("{" V ",\"method\":\"a\"}\0") - 1, RPC_INVALID, RPC_PARSE_ERROR, "null",
     NULL, NULL},
    {"single quotes", "{'jsonrpc':'2.0'}", 0, RPC_INVALID, RPC_PARSE_ERROR, "null", NULL, NULL},

    /* JSON, but not a request object: -32600 */
    {"number", "42", 0, RPC_INVALID, RPC_INVALID_REQUEST, "null", NULL, NULL},
    {"string", "\"hello\"", 0, RPC_INVALID, RPC_INVALID_REQUEST, "null", NULL, NULL},
    {"null", "null", 0, RPC_INVALID, RPC_INVALID_REQUEST, "null", NULL, NULL},
    {"empty batch", "[]", 0, RPC_INVALID, RPC_INVALID_REQUEST, "null", NULL, NULL},
    {"batch", "[{" V ",\"id\":1,\"method\":\"a\"}]", 0, RPC_INVALID, RPC_INVALID_REQUEST, "null",
     NULL, NULL},
    {"empty object", "{}", 0, RPC_INVALID, RPC_INVALID_REQUEST, "null", NULL, NULL},

    /* the envelope: -32600, carrying the id when it could be read */
    {"jsonrpc 1.0", "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"a\"}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "7", NULL, NULL},
    {"jsonrpc missing", "{\"id\":\"q\",\"method\":\"a\"}", 0, RPC_INVALID, RPC_INVALID_REQUEST,
     "\"q\"", NULL, NULL},
    {"jsonrpc number", "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"a\"}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "1", NULL, NULL},
    {"jsonrpc 2.0 plus", "{\"jsonrpc\":\"2.0 \",\"id\":1,\"method\":\"a\"}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "1", NULL, NULL},
    {"method number", "{" V ",\"id\":1,\"method\":5}", 0, RPC_INVALID, RPC_INVALID_REQUEST, "1",
     NULL, NULL},
    {"method null", "{" V ",\"id\":1,\"method\":null}", 0, RPC_INVALID, RPC_INVALID_REQUEST,
     "1", NULL, NULL},
    {"method object", "{" V ",\"method\":{}}", 0, RPC_INVALID, RPC_INVALID_REQUEST, "null",
     NULL, NULL},
    {"id float", "{" V ",\"id\":1.5,\"method\":\"a\"}", 0, RPC_INVALID, RPC_INVALID_REQUEST,
     "null", NULL, NULL},
    {"id 1.0", "{" V ",\"id\":1.0,\"method\":\"a\"}", 0, RPC_INVALID, RPC_INVALID_REQUEST,
     "null", NULL, NULL},
    {"id bool", "{" V ",\"id\":true,\"method\":\"a\"}", 0, RPC_INVALID, RPC_INVALID_REQUEST,
     "null", NULL, NULL},
    {"id object", "{" V ",\"id\":{\"a\":1},\"method\":\"a\"}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "null", NULL, NULL},
    {"id array", "{" V ",\"id\":[1],\"method\":\"a\"}", 0, RPC_INVALID, RPC_INVALID_REQUEST,
     "null", NULL, NULL},
    {"id null with method", "{" V ",\"id\":null,\"method\":\"a\"}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "null", NULL, NULL},
    {"id beyond 64 bits", "{" V ",\"id\":99999999999999999999,\"method\":\"a\"}", 0,
     RPC_INVALID, RPC_INVALID_REQUEST, "null", NULL, NULL},
    {"params string", "{" V ",\"id\":3,\"method\":\"a\",\"params\":\"x\"}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "3", NULL, NULL},
    {"params number", "{" V ",\"id\":3,\"method\":\"a\",\"params\":1}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "3", NULL, NULL},
    {"params bool", "{" V ",\"method\":\"a\",\"params\":false}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "null", NULL, NULL},
    {"no method, no result", "{" V ",\"id\":4}", 0, RPC_INVALID, RPC_INVALID_REQUEST, "4", NULL,
     NULL},
    {"response without id", "{" V ",\"result\":1}", 0, RPC_INVALID, RPC_INVALID_REQUEST, "null",
     NULL, NULL},
    {"result and error", "{" V ",\"id\":1,\"result\":1,\"error\":{\"code\":1}}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "1", NULL, NULL},
    {"error not object", "{" V ",\"id\":1,\"error\":\"bad\"}", 0, RPC_INVALID,
     RPC_INVALID_REQUEST, "1", NULL, NULL},

    /* requests */
    {"request", "{" V ",\"id\":1,\"method\":\"initialize\",\"params\":{\"a\":[1]}}", 0,
     RPC_REQUEST, 0, "1", "initialize", "{\"a\":[1]}"},
    {"request, fields in any order", "{\"params\":[1,2],\"method\":\"m\",\"id\":2," V "}", 0,
     RPC_REQUEST, 0, "2", "m", "[1,2]"},
    {"request without params", "{" V ",\"id\":0,\"method\":\"shutdown\"}", 0, RPC_REQUEST, 0,
     "0", "shutdown", NULL},
    {"request, params null", "{" V ",\"id\":9,\"method\":\"shutdown\",\"params\":null}", 0,
     RPC_REQUEST, 0, "9", "shutdown", NULL},
    {"string id", "{" V ",\"id\":\"abc-1\",\"method\":\"m\"}", 0, RPC_REQUEST, 0, "\"abc-1\"",
     "m", NULL},
    {"empty string id", "{" V ",\"id\":\"\",\"method\":\"m\"}", 0, RPC_REQUEST, 0, "\"\"", "m",
     NULL},
    {"id 2^53+1", "{" V ",\"id\":9007199254740993,\"method\":\"m\"}", 0, RPC_REQUEST, 0,
     "9007199254740993", "m", NULL},
    {"id int64 max", "{" V ",\"id\":9223372036854775807,\"method\":\"m\"}", 0, RPC_REQUEST, 0,
     "9223372036854775807", "m", NULL},
    {"negative id", "{" V ",\"id\":-5,\"method\":\"m\"}", 0, RPC_REQUEST, 0, "-5", "m", NULL},
    {"utf-8 method", "{" V ",\"id\":1,\"method\":\"\xe6\x96\x87\xe6\xa1\xa3\"}", 0, RPC_REQUEST,
     0, "1", "\xe6\x96\x87\xe6\xa1\xa3", NULL},
    {"whitespace around", " \r\n\t{" V ",\"id\":1,\"method\":\"m\"}\n ", 0, RPC_REQUEST, 0, "1",
     "m", NULL},
    {"extra members ignored", "{" V ",\"id\":1,\"method\":\"m\",\"x\":[]}", 0, RPC_REQUEST, 0,
     "1", "m", NULL},

    /* notifications */
    {"notification", "{" V ",\"method\":\"textDocument/didOpen\",\"params\":{}}", 0,
     RPC_NOTIFICATION, 0, "null", "textDocument/didOpen", "{}"},
    {"notification without params", "{" V ",\"method\":\"exit\"}", 0, RPC_NOTIFICATION, 0,
     "null", "exit", NULL},
    {"notification with result member", "{" V ",\"method\":\"x\",\"result\":1}", 0,
     RPC_NOTIFICATION, 0, "null", "x", NULL},

    /* responses (to our requests) */
    {"response", "{" V ",\"id\":5,\"result\":{\"ok\":true}}", 0, RPC_RESPONSE, 0, "5", NULL,
     NULL},
    {"response null result", "{" V ",\"id\":\"s\",\"result\":null}", 0, RPC_RESPONSE, 0,
     "\"s\"", NULL, NULL},
    {"error response", "{" V ",\"id\":6,\"error\":{\"code\":-32601,\"message\":\"no\"}}", 0,
     RPC_RESPONSE, 0, "6", NULL, NULL},
    {"error response, null id", "{" V ",\"id\":null,\"error\":{\"code\":-32700}}", 0,
     RPC_RESPONSE, 0, "null", NULL, NULL},
};

static char *S_dump(const json_t *v) { return v ? rpc_dump(v, NULL) : NULL; }

static void t_classification(void) {
  for (size_t i = 0; i < sizeof S_cases / sizeof S_cases[0]; i++) {
    const S_case *c = &S_cases[i];
    size_t len = c->len ? c->len : strlen(c->body);
    rpc_message m;
    int rc = rpc_parse(c->body, len, &m);
    int before = harness_failed_checks;
    INT_EQ(rc, c->kind == RPC_INVALID ? -1 : 0);
    INT_EQ(m.kind, c->kind);
    char *id = S_dump(m.id);
    STR_EQ(id, c->id);
    free(id);
    if (c->kind == RPC_INVALID) {
      INT_EQ(m.error_code, c->code);
      OK(m.error_message[0] != '\0');
      OK(m.method == NULL && m.params == NULL);
      if (c->code == RPC_PARSE_ERROR) OK(m.root == NULL);
    } else {
      OK(m.root != NULL);
      if (c->method)
        STR_EQ(m.method, c->method);
      else
        OK(m.method == NULL);
    }
    if (c->params) {
      char *p = S_dump(m.params);
      STR_EQ(p, c->params);
      free(p);
    } else {
      OK(m.params == NULL);
    }
    if (harness_failed_checks != before)
      fprintf(stderr, "  in case \"%s\" (%s)\n", c->name, m.error_message);
    rpc_message_clear(&m);
  }
}

static void t_error_messages(void) {
  /* The reason is for people reading logs: it names what is wrong. */
  static const struct {
    const char *body, *needle;
  } cases[] = {
      {"nope", "parse error"},
      {"[1]", "batch"},
      {"7", "not a JSON object"},
      {"{\"jsonrpc\":\"1.0\",\"method\":\"a\"}", "jsonrpc"},
      {"{" V ",\"id\":true,\"method\":\"a\"}", "id"},
      {"{" V ",\"id\":1,\"method\":\"a\",\"params\":\"x\"}", "params"},
      {"{" V ",\"id\":1,\"method\":1}", "method"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rpc_message m;
    rpc_parse(cases[i].body, strlen(cases[i].body), &m);
    if (!strstr(m.error_message, cases[i].needle))
      fprintf(stderr, "  \"%s\" does not mention \"%s\"\n", m.error_message, cases[i].needle);
    OK(strstr(m.error_message, cases[i].needle) != NULL);
    rpc_message_clear(&m);
  }
}

static void t_parse_edge_arguments(void) {
  rpc_message m;
  INT_EQ(rpc_parse(NULL, 0, &m), -1);
  INT_EQ(m.error_code, RPC_PARSE_ERROR);
  rpc_message_clear(&m);
  rpc_message_clear(&m); /* twice is fine */
  rpc_message z;
  memset(&z, 0, sizeof z);
  rpc_message_clear(&z);
  rpc_message_clear(NULL);
  INT_EQ(rpc_parse("{}", 2, NULL), -1);
  /* The length is honoured: the bytes after it are not looked at. */
  const char *body = "{" V ",\"method\":\"a\"}GARBAGE";
  INT_EQ(rpc_parse(body, strlen(body) - 7, &m), 0);
  INT_EQ(m.kind, RPC_NOTIFICATION);
  rpc_message_clear(&m);
}

/* ---- builders ---- */

#define DUMP_EQ(expr, want)                \
  do {                                     \
    json_t *v_ = (expr);                   \
    OK(v_ != NULL);                        \
    char *s_ = v_ ? rpc_dump(v_, NULL) : NULL; \
    STR_EQ(s_, (want));                    \
    free(s_);                              \
    json_decref(v_);                       \
  } while (0)

static void t_make_result(void) {
  json_t *id = json_integer(1);
  json_t *res = json_object();
  json_object_set_new(res, "zeta", json_integer(1));
  json_object_set_new(res, "alpha", json_integer(2));
  DUMP_EQ(rpc_make_result(id, res), "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"zeta\":1,\"alpha\":2}}");
  json_decref(id); /* borrowed: still ours */
  DUMP_EQ(rpc_make_result(NULL, NULL), "{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":null}");
  id = json_string("r-1");
  DUMP_EQ(rpc_make_result(id, json_string("h\xc3\xa9llo \xe4\xbd\xa0\xe5\xa5\xbd/\n")),
          "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":\"h\xc3\xa9llo \xe4\xbd\xa0\xe5\xa5\xbd/\\n\"}");
  json_decref(id);
  id = json_integer(INT64_MAX);
  DUMP_EQ(rpc_make_result(id, json_true()),
          "{\"jsonrpc\":\"2.0\",\"id\":9223372036854775807,\"result\":true}");
  json_decref(id);
}

static void t_make_error(void) {
  json_t *id = json_integer(2);
  DUMP_EQ(rpc_make_error(id, RPC_METHOD_NOT_FOUND, "Method not found", NULL),
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
  DUMP_EQ(rpc_make_error(id, RPC_INVALID_PARAMS, "bad", json_pack("{s:s}", "k", "v")),
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"bad\",\"data\":{\"k\":\"v\"}}}");
  json_decref(id);
  DUMP_EQ(rpc_make_error(NULL, RPC_PARSE_ERROR, NULL, NULL),
          "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"\"}}");
  /* Text that is not UTF-8 still makes a reply rather than none. */
  DUMP_EQ(rpc_make_error(NULL, RPC_INTERNAL_ERROR, "bad \xff byte", NULL),
          "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"bad ? byte\"}}");
}

static void t_make_notification_and_request(void) {
  DUMP_EQ(rpc_make_notification("window/logMessage", json_pack("{s:i,s:s}", "type", 3, "message", "hi")),
          "{\"jsonrpc\":\"2.0\",\"method\":\"window/logMessage\",\"params\":{\"type\":3,\"message\":\"hi\"}}");
  DUMP_EQ(rpc_make_notification("exit", NULL), "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
  json_t *id = json_string("srv-1");
  DUMP_EQ(rpc_make_request(id, "client/registerCapability", json_pack("{s:[]}", "registrations")),
          "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"client/registerCapability\",\"params\":{\"registrations\":[]}}");
  json_decref(id);
  /* Without a method there is nothing to build; params are still taken (valgrind checks). */
  OK(rpc_make_notification(NULL, json_object()) == NULL);
  OK(rpc_make_request(NULL, NULL, json_array()) == NULL);
}

static void t_id_is_copied(void) {
  /* A reply may outlive the message it answers. */
  const char *body = "{" V ",\"id\":\"keep-me\",\"method\":\"m\"}";
  rpc_message m;
  INT_EQ(rpc_parse(body, strlen(body), &m), 0);
  json_t *reply = rpc_make_result(m.id, NULL);
  rpc_message_clear(&m);
  DUMP_EQ(reply, "{\"jsonrpc\":\"2.0\",\"id\":\"keep-me\",\"result\":null}");
}

static void t_round_trip(void) {
  json_t *id = json_integer(42);
  json_t *req = rpc_make_request(id, "textDocument/hover", json_pack("{s:{s:i}}", "position", "line", 3));
  json_decref(id);
  size_t len = 0;
  char *text = rpc_dump(req, &len);
  OK(text != NULL);
  if (text) INT_EQ(len, strlen(text));
  rpc_message m;
  INT_EQ(rpc_parse(text, len, &m), 0);
  INT_EQ(m.kind, RPC_REQUEST);
  STR_EQ(m.method, "textDocument/hover");
  INT_EQ(json_integer_value(m.id), 42);
  INT_EQ(json_integer_value(json_object_get(json_object_get(m.params, "position"), "line")), 3);
  rpc_message_clear(&m);
  free(text);
  json_decref(req);
  size_t l = 7;
  OK(rpc_dump(NULL, &l) == NULL);
  INT_EQ(l, 0);
}

int main(void) {
  xalloc_init();
  RUN(t_classification);
  RUN(t_error_messages);
  RUN(t_parse_edge_arguments);
  RUN(t_make_result);
  RUN(t_make_error);
  RUN(t_make_notification_and_request);
  RUN(t_id_is_copied);
  RUN(t_round_trip);
  return harness_done();
}
