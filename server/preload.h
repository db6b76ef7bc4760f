/* preload: the notes are loaded and their queries compiled on a thread of their own as soon
 * as the server starts: compiling costs more than the whole initialize handshake, so it
 * overlaps with it. initialize then takes the result, adding the client's own note folders.
 * The preload owns the kb and the signature tables until pre_take hands them over. */
#ifndef PYLORE_PRELOAD_H
#define PYLORE_PRELOAD_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "kb.h"
#include "sig.h"

typedef struct {
  const char *const *dirs; /* note folders from the command line (borrowed, outlive the load) */
  size_t dir_count;
  kb *k;
  sig_table *sigs;
  kb_problems problems;
  pthread_t tid;
  bool running;
} pre_notes;

/* Starts loading the built-in notes, $PYLORE_NOTES and `dirs` (borrowed until pre_take or
 * pre_clear) on a thread; on this one when no thread can start. */
void pre_start(pre_notes *p, const char *const *dirs, size_t dir_count);
/* Waits for the load, adds the folders of `paths` (a JSON array of strings, borrowed; other
 * elements are skipped), logs every problem met and hands the notes over: *k and *sigs (the
 * caller frees them; *sigs may be NULL). */
void pre_take(pre_notes *p, const json_t *paths, kb **k, sig_table **sigs);
/* Waits for a load still running and frees whatever was not taken. */
void pre_clear(pre_notes *p);

#endif
