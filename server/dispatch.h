/* dispatch: the table of LSP methods and the lifecycle gates in front of it. Takes one
 * classified message (rpc.h), decides whether the lifecycle allows it (not initialized,
 * shut down, initialize twice), whether it was cancelled while queued, calls its handler
 * (handlers.h) and sends exactly one reply to every request. Unknown requests are answered
 * MethodNotFound; unknown notifications, $/ ones included, are ignored. */
#ifndef PYLORE_DISPATCH_H
#define PYLORE_DISPATCH_H

#include "rpc.h"
#include "sess_state.h"

/* Handles one message (borrowed; the caller clears it). */
void dsp_message(sess *s, rpc_message *m);

#endif
