#include "session.h"

#include <signal.h>
#include <stdlib.h>

#include "dispatch.h"
#include "log.h"
#include "sess_state.h"
#include "xalloc.h"

int sess_serve(int in_fd, int out_fd, const sess_options *opt) {
  /* A client that goes away must not kill us mid-write; tp_write reports the error. */
  signal(SIGPIPE, SIG_IGN);
  xalloc_init();
  sess s = {.cli_lang = opt->lang, .cfg = cfg_defaults()};
  s.out.max_queued_mb = opt->max_queued_mb;
  s.out.writer = tp_writer_new(out_fd, opt->max_queued_mb << 20);
  s.parser = doc_parser_new();
  s.an = an_ctx_new();
  /* PYLORE_ANALYSIS_BUDGET_MS overrides the budget (tests use a tiny one). */
  const char *budget = getenv("PYLORE_ANALYSIS_BUDGET_MS");
  s.budget_ms = budget && *budget ? strtod(budget, NULL) : FND_BUDGET_MS;
  an_ctx_set_budget(s.an, s.budget_ms);
  if (!s.out.writer || !s.parser) {
    /* Not memory (that aborts): a thread that cannot start, or a grammar of the wrong ABI. */
    log_error("cannot start the server: %s", !s.out.writer ? "no writer thread" : "no parser");
    tp_writer_free(s.out.writer);
    if (s.parser) ts_parser_delete(s.parser);
    an_ctx_free(s.an);
    return 1;
  }
  s.inbox.reader = tp_reader_new(in_fd, 0);
  s.docs = ds_new();
  pre_start(&s.preload, opt->notes, opt->notes_count);
  log_set_sink(out_log_sink, &s.out);
  while (!s.exit_requested && !atomic_load(&s.out.failed)) {
    if (s.inbox.count == 0 && !ib_read_one(&s.inbox)) break;
    ib_read_ahead(&s.inbox);
    rpc_message m;
    if (!ib_pop(&s.inbox, &m)) continue;
    dsp_message(&s, &m);
    rpc_message_clear(&m);
  }
  log_set_sink(NULL, NULL);
  pre_clear(&s.preload);
  int status = s.exit_requested && s.state == SESS_SHUT_DOWN ? 0 : 1;
  /* The last replies (shutdown's) go out before the process ends, unless the client is
   * the reason the session ends. */
  if (atomic_load(&s.out.failed)) {
    tp_writer_abort(s.out.writer);
    status = 1;
  } else if (tp_writer_free(s.out.writer) != 0) {
    status = 1;
  }
  ib_clear(&s.inbox);
  ds_free(s.docs);
  free(s.enabled);
  cfg_clear(&s.cfg);
  kb_free(s.k);
  sig_free(s.sigs);
  an_ctx_free(s.an);
  ts_parser_delete(s.parser);
  tp_reader_free(s.inbox.reader);
  return status;
}
