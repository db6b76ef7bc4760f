#include "sess_state.h"

#include "log.h"

void sess_update_forwarding(sess *s) {
  out_forward_logs(&s->out, s->cfg.log_to_client &&
                                (s->state != SESS_UNINITIALIZED || s->initializing));
}

const fnd_set *sess_findings(sess *s, ds_doc *d) {
  fnd_env fe = {.k = s->k, .lang = s->cfg.lang, .enabled = s->enabled, .parser = s->parser,
                .an = s->an, .pitfalls = true, .syntax = true,
                .max_syntax = FND_MAX_SYNTAX_ERRORS};
  if (d->drops > 0 && !doc_has_tree(d->d))
    log_debug("%s: parsed and analysed from scratch (its tree was dropped to stay within "
              "analysisCacheKB)", d->uri);
  const fnd_set *f = fnd_get(d->findings, &fe, d->d);
  if (f && f->pitfalls.truncated)
    log_warn("%s: the analysis took more than %g ms of CPU time and was stopped; only the "
             "findings found until then are shown", d->uri, s->budget_ms);
  return f;
}

feat_env sess_env(sess *s, const ds_doc *d, const fnd_set *found) {
  const cfg_settings *c = &s->cfg;
  return (feat_env){.k = s->k, .enabled = s->enabled, .lang = c->lang, .enc = c->enc,
                    .markdown = c->markdown, .inlay_kinds = c->inlay_kinds,
                    .inlay_label_parts = c->inlay_label_parts, .inlay_lazy = c->inlay_lazy,
                    .sigs = s->sigs,
                    .pitfalls = found ? &found->pitfalls : NULL,
                    .syntax = found ? &found->syntax : NULL, .parser = s->parser,
                    .an = s->an, .handbook_url = c->handbook_url, .uri = d ? d->uri : NULL};
}
