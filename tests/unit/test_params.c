/* Tests for server/params: what each method's reader accepts, the member its message names
 * when it refuses (table-driven), the lenient reading of initialize, and random JSON thrown at
 * every reader (a refusal always says why, an acceptance fills every output). */
#include "harness.h"
#include "params.h"
#include "xalloc.h"

#include <stdlib.h>

typedef enum { R_POSITION, R_INLAY, R_ACTION, R_DOCUMENT, R_RESOLVE, R_OPEN, R_CHANGE, R_COMMAND,
               R_TRACE, R_CANCEL, R_INITIALIZE, R_COUNT } S_reader;

/* Runs reader r on params; returns its status, the message in err. */
static int S_read(S_reader r, const json_t *params, char *err, size_t errlen) {
  par_text_position tp;
  par_text_range tr;
  par_did_open op;
  par_did_change ch;
  par_command cmd;
  par_initialize init;
  const char *s;
  const json_t *id;
  switch (r) {
  case R_POSITION: return par_text_position_read(params, &tp, err, errlen);
  case R_INLAY: return par_inlay_hint_read(params, &tr, err, errlen);
  case R_ACTION: return par_code_action_read(params, &tr, err, errlen);
  case R_DOCUMENT: return par_text_document_read(params, &s, err, errlen);
  case R_RESOLVE: return par_inlay_resolve_read(params, err, errlen);
  case R_OPEN: return par_did_open_read(params, &op, err, errlen);
  case R_CHANGE: {
    int rc = par_did_change_read(params, &ch, err, errlen);
    if (rc != 0) return rc;
    size_t i;
    const json_t *c;
    json_array_foreach(ch.changes, i, c) {
      par_change pc;
      char e2[256] = "";
      if (par_change_read(c, i, &pc, e2, sizeof e2) != 0 && e2[0] == '\0') return -2;
    }
    return 0;
  }
  case R_COMMAND: {
    int rc = par_command_read(params, &cmd, err, errlen);
    par_show_note_arg arg;
    if (rc == 0 && cmd.arg) rc = par_show_note_arg_read(cmd.arg, &arg, err, errlen);
    return rc;
  }
  case R_TRACE: return par_set_trace_read(params, &s, err, errlen);
  case R_CANCEL: return par_cancel_read(params, &id, err, errlen);
  case R_INITIALIZE: return par_initialize_read(params, &init, err, errlen);
  case R_COUNT: break;
  }
  return -2;
}

typedef struct {
  S_reader reader;
  const char *params; /* JSON, or NULL for absent params */
  const char *error;  /* NULL: accepted */
} S_case;

static const S_case S_cases[] = {
    {R_POSITION, "{\"textDocument\":{\"uri\":\"f\"},\"position\":{\"line\":1,\"character\":2}}", NULL},
    {R_POSITION, NULL, "params is missing"},
    {R_POSITION, "[1]", "params: expected object, got array"},
    {R_POSITION, "{\"position\":{\"line\":1,\"character\":2}}", "params.textDocument is missing"},
    {R_POSITION, "{\"textDocument\":{\"uri\":null},\"position\":{}}",
     "params.textDocument.uri: expected string, got null"},
    {R_POSITION, "{\"textDocument\":{\"uri\":\"f\"},\"position\":{\"line\":1}}",
     "params.position.character is missing"},
    {R_POSITION, "{\"textDocument\":{\"uri\":\"f\"},\"position\":{\"line\":4294967296,\"character\":0}}",
     "params.position.line: must be between 0 and 4294967295"},
    {R_POSITION, "{\"textDocument\":{\"uri\":\"f\"},\"position\":{\"line\":4294967295,\"character\":0}}",
     NULL},
    {R_INLAY, "{\"textDocument\":{\"uri\":\"f\"},\"range\":{\"start\":{\"line\":0,\"character\":0},"
              "\"end\":{\"line\":0,\"character\":false}}}",
     "params.range.end.character: expected integer, got false"},
    {R_INLAY, "{\"textDocument\":{\"uri\":\"f\"},\"range\":{\"start\":{\"line\":0,\"character\":-3},"
              "\"end\":{\"line\":0,\"character\":0}}}",
     "params.range.start.character: must be between 0 and 4294967295"},
    {R_ACTION, "{\"textDocument\":{\"uri\":\"f\"},\"range\":{\"start\":{\"line\":0,\"character\":0},"
               "\"end\":{\"line\":0,\"character\":0}},\"context\":{\"diagnostics\":[]}}", NULL},
    {R_ACTION, "{\"textDocument\":{\"uri\":\"f\"},\"range\":{\"start\":{\"line\":0,\"character\":0},"
               "\"end\":{\"line\":0,\"character\":0}},\"context\":{\"only\":{}}}",
     "params.context.only: expected array, got object"},
    {R_DOCUMENT, "{\"textDocument\":{\"uri\":\"f\"},\"identifier\":7}", NULL},
    {R_RESOLVE, "{\"position\":{\"line\":0,\"character\":0},\"label\":\"x\"}", NULL},
    {R_RESOLVE, "{\"position\":{\"line\":0},\"label\":\"x\"}", "params.position.character is missing"},
    {R_OPEN, "{\"textDocument\":{\"uri\":\"f\",\"text\":\"x\",\"version\":\"1\"}}", NULL},
    {R_OPEN, "{\"textDocument\":{\"uri\":\"f\",\"text\":3}}",
     "params.textDocument.text: expected string, got integer"},
    {R_CHANGE, "{\"textDocument\":{\"uri\":\"f\"},\"contentChanges\":[1,{\"text\":2},{}]}", NULL},
    {R_CHANGE, "{\"textDocument\":{\"uri\":\"f\"}}", "params.contentChanges is missing"},
    {R_CHANGE, "{\"textDocument\":{\"uri\":\"f\"},\"contentChanges\":\"x\"}",
     "params.contentChanges: expected array, got string"},
    {R_COMMAND, "{\"command\":\"pylore.showNote\",\"arguments\":[{\"id\":\"lambda\"}]}", NULL},
    {R_COMMAND, "{\"command\":\"pylore.showNote\",\"arguments\":[[]]}",
     "params.arguments[0]: pylore.showNote takes a note id, {id} or {textDocument, position}"},
    {R_COMMAND, "{\"arguments\":[]}", "params.command is missing"},
    {R_TRACE, "{\"value\":\"off\"}", NULL},
    {R_CANCEL, "{\"id\":1.5}", "params.id: expected integer or string, got real"},
    {R_CANCEL, "{\"id\":\"a\"}", NULL},
    {R_INITIALIZE, "{\"capabilities\":null,\"locale\":5,\"initializationOptions\":[1]}", NULL},
    {R_INITIALIZE, "\"x\"", "params: expected object, got string"},
};

static void test_cases(void) {
  for (size_t i = 0; i < sizeof S_cases / sizeof *S_cases; i++) {
    const S_case *c = &S_cases[i];
    json_t *params = c->params ? json_loads(c->params, JSON_DECODE_ANY, NULL) : NULL;
    OK(!c->params || params);
    char err[256] = "";
    int rc = S_read(c->reader, params, err, sizeof err);
    if (c->error) {
      INT_EQ(rc, -1);
      STR_EQ(err, c->error);
    } else {
      if (rc != 0) fprintf(stderr, "case %zu refused: %s\n", i, err);
      INT_EQ(rc, 0);
    }
    json_decref(params);
  }
}

static void test_values(void) {
  json_t *p = json_loads("{\"textDocument\":{\"uri\":\"file:///a\"},\"range\":{\"start\":{\"line\":3,"
                         "\"character\":4},\"end\":{\"line\":5,\"character\":6}},\"context\":"
                         "{\"only\":[\"quickfix\"]}}", 0, NULL);
  par_text_range r;
  char err[256];
  INT_EQ(par_code_action_read(p, &r, err, sizeof err), 0);
  STR_EQ(r.uri, "file:///a");
  INT_EQ(r.start.line, 3);
  INT_EQ(r.start.character, 4);
  INT_EQ(r.end.line, 5);
  INT_EQ(r.end.character, 6);
  OK(json_is_array(r.only));
  json_decref(p);
  p = json_loads("{\"textDocument\":{\"uri\":\"u\",\"version\":9},\"contentChanges\":[{\"range\":"
                 "{\"start\":{\"line\":0,\"character\":1},\"end\":{\"line\":0,\"character\":2}},"
                 "\"text\":\"a\\u0000b\"}]}", JSON_ALLOW_NUL, NULL);
  OK(p != NULL);
  if (!p) return;
  par_did_change ch;
  INT_EQ(par_did_change_read(p, &ch, err, sizeof err), 0);
  OK(ch.has_version);
  INT_EQ(ch.version, 9);
  par_change c;
  INT_EQ(par_change_read(json_array_get(ch.changes, 0), 0, &c, err, sizeof err), 0);
  OK(c.has_range);
  INT_EQ(c.text_len, 3); /* an escaped NUL stays in the text */
  INT_EQ(c.end.character, 2);
  json_decref(p);
}

static void test_initialize_is_lenient(void) {
  json_t *p = json_loads(
      "{\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-16\",\"utf-8\"]},"
      "\"textDocument\":{\"hover\":{\"contentFormat\":\"markdown\"},\"diagnostic\":{},"
      "\"inlayHint\":{\"resolveSupport\":{\"properties\":[\"tooltip\"]}}},"
      "\"window\":{\"showDocument\":{\"support\":1}}},\"trace\":\"verbose\","
      "\"initializationOptions\":{\"language\":\"zh\",\"inlayHints\":{\"parameters\":false},"
      "\"explanations\":\"no\",\"notesPaths\":\"/x\",\"disabledNotes\":[\"lambda\"]}}", 0, NULL);
  par_initialize in;
  char err[256];
  INT_EQ(par_initialize_read(p, &in, err, sizeof err), 0);
  OK(in.utf8);
  OK(!in.markdown);          /* contentFormat is not an array */
  OK(in.pull_diagnostics);
  OK(!in.show_document);     /* support is not a boolean */
  OK(in.inlay_tooltip && !in.inlay_label_command);
  STR_EQ(in.trace, "verbose");
  STR_EQ(in.language, "zh");
  OK(!in.inlay_hints_off && in.inlay_parameters_off && !in.inlay_constructs_off);
  OK(in.explanations);       /* only `false` switches them off */
  OK(in.notes_paths == NULL);
  OK(json_is_array(in.disabled_notes));
  json_decref(p);
}

/* A small random JSON value: objects use the members the readers look for. */
static json_t *S_random(unsigned *seed, int depth) {
  static const char *const keys[] = {"textDocument", "uri", "position", "line", "character",
                                     "range", "start", "end", "context", "only", "text",
                                     "version", "contentChanges", "command", "arguments", "id",
                                     "value", "label", "capabilities", "initializationOptions"};
  int kind = rand_r(seed) % (depth > 4 ? 6 : 8);
  switch (kind) {
  case 0: return json_null();
  case 1: return json_true();
  case 2: return json_integer((json_int_t)(rand_r(seed) % 7) - 2);
  case 3: return json_real(0.5);
  case 4: return json_string(keys[rand_r(seed) % 20]);
  case 5: return json_integer((json_int_t)1 << 33);
  case 6: {
    json_t *a = json_array();
    for (int i = rand_r(seed) % 3; i > 0; i--) json_array_append_new(a, S_random(seed, depth + 1));
    return a;
  }
  default: {
    json_t *o = json_object();
    for (int i = rand_r(seed) % 5; i > 0; i--)
      json_object_set_new(o, keys[rand_r(seed) % 20], S_random(seed, depth + 1));
    return o;
  }
  }
}

static void test_random_json(void) {
  unsigned seed = 8;
  int accepted = 0, refused = 0;
  for (int n = 0; n < 20000; n++) {
    json_t *params = S_random(&seed, 0);
    for (int r = 0; r < R_COUNT; r++) {
      char err[256] = "";
      int rc = S_read((S_reader)r, params, err, sizeof err);
      OK(rc == 0 || rc == -1);
      if (rc == -1) {
        OK(strncmp(err, "params", 6) == 0);
        refused++;
      } else {
        accepted++;
      }
    }
    json_decref(params);
  }
  OK(accepted > 0 && refused > 0);
}

int main(void) {
  xalloc_init();
  RUN(test_cases);
  RUN(test_values);
  RUN(test_initialize_is_lenient);
  RUN(test_random_json);
  return harness_done();
}
