/* initialize, shutdown and $/setTrace: the session's lifecycle and the client's settings. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "log.h"
#include "params.h"

void hdl_initialize(sess *s, const json_t *params, hdl_reply *r) {
  par_initialize p;
  if (par_initialize_read(params, &p, r->error, sizeof r->error) != 0) {
    r->error_code = RPC_INVALID_PARAMS;
    return;
  }
  cfg_read_initialize(&s->cfg, &p, s->cli_lang);
  ds_set_budget(s->docs, s->cfg.analysis_cache);
  s->initializing = true;
  sess_update_forwarding(s);
  pre_take(&s->preload, p.notes_paths, &s->k, &s->sigs);
  s->initializing = false;
  free(s->enabled);
  s->enabled = cfg_enabled(&s->cfg, s->k, p.disabled_notes);
  static const char *const enc_names[] = {"utf-8", "utf-16", "utf-32"};
  json_t *capabilities = json_pack(
      "{s:s,s:{s:b,s:i},s:b,s:b}", "positionEncoding", enc_names[s->cfg.enc], "textDocumentSync",
      "openClose", 1, "change", 2, "hoverProvider", 1, "inlayHintProvider", 1);
  json_object_set_new(capabilities, "codeActionProvider",
                      json_pack("{s:[s,s],s:b}", "codeActionKinds", "quickfix",
                                "source.fixAll.pylore", "resolveProvider", 0));
  json_object_set_new(capabilities, "executeCommandProvider",
                      json_pack("{s:[s]}", "commands", "pylore.showNote"));
  if (s->cfg.inlay_lazy)
    json_object_set_new(capabilities, "inlayHintProvider", json_pack("{s:b}", "resolveProvider", 1));
  if (s->cfg.pull_diagnostics)
    json_object_set_new(capabilities, "diagnosticProvider",
                        json_pack("{s:s,s:b,s:b}", "identifier", "pylore",
                                  "interFileDependencies", 0, "workspaceDiagnostics", 0));
  r->result = json_pack("{s:o,s:{s:s,s:s}}", "capabilities", capabilities, "serverInfo", "name",
                        "pylore", "version", PYLORE_VERSION);
  s->state = SESS_RUNNING;
  sess_update_forwarding(s);
}

void hdl_shutdown(sess *s, const json_t *params, hdl_reply *r) {
  (void)params;
  s->state = SESS_SHUT_DOWN;
  sess_update_forwarding(s);
  r->result = json_null();
}

void hdl_set_trace(sess *s, const json_t *params) {
  const char *value;
  char err[256];
  if (par_set_trace_read(params, &value, err, sizeof err) != 0) {
    log_warn("$/setTrace: %s; ignored", err);
    return;
  }
  s->cfg.log_to_client = strcmp(value, "off") != 0;
  sess_update_forwarding(s);
}
