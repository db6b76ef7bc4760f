/* session: the language server's main loop. sess_serve creates the session's state
 * (sess_state.h), reads framed messages (transport) into the inbox (inbox.h), hands each
 * to the method table (dispatch.h) and frees everything at the end. The parts, one job each:
 * output.h (the writer queue and log forwarding), docstore.h (open documents), settings.h
 * (the client's settings), preload.h (notes loaded on a thread), handlers.h (one function per
 * method, by feature area). */
#ifndef PYLORE_SESSION_H
#define PYLORE_SESSION_H

#include <stddef.h>

typedef struct {
  const char *const *notes; /* extra note folders from the command line (borrowed) */
  size_t notes_count;
  const char *lang;         /* --lang, or NULL */
  size_t max_queued_mb;     /* output left unread by the client that ends the session;
                               0: TP_DEFAULT_MAX_QUEUED */
} sess_options;

/* Serves LSP on in_fd/out_fd until `exit` or the end of input. Returns the process exit
 * status: 0 after shutdown + exit, 1 otherwise. */
int sess_serve(int in_fd, int out_fd, const sess_options *opt);

#endif
