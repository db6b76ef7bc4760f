/* session: the language server's state and its main loop. Owns the lifecycle (initialize,
 * shutdown, exit), the negotiated position encoding, the client's settings, the knowledge
 * base and the open documents; reads framed messages (transport), classifies them (rpc) and
 * dispatches them through a table of methods to the features. */
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
