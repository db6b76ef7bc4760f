/* checkcache: `pylore check`'s cache of each file's findings, keyed by a hash of the file's
 * content and of everything else the findings depend on (pylore's version, the notes loaded
 * and selected, whether syntax errors are reported), as Ruff's cache does: a second check of
 * unchanged files reads their findings instead of parsing them. One small file per content
 * hash under the cache folder; a file that cannot be read or written is simply not cached. */
#ifndef PYLORE_CHECKCACHE_H
#define PYLORE_CHECKCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint64_t a, b;
} cc_hash;

/* A 128-bit hash of data, continuing from `seed` (use the zero hash to start). */
cc_hash cc_hash_bytes(cc_hash seed, const void *data, size_t len);

/* The cache folder: $PYLORE_CACHE_DIR, else $XDG_CACHE_HOME/pylore/check, else
 * $HOME/.cache/pylore/check; created if needed. Returns 0, or -1 when there is none. */
int cc_dir(char *out, size_t outlen);

/* One cached finding. `id` is a note id or NULL (a syntax error, with `message`). */
typedef struct {
  uint32_t line, col, end_line, end_col;
  int severity;
  char *id;
  char *message;
} cc_item;

/* Reads the findings stored under `key`: returns 0 and a malloc'd array (free with
 * cc_items_free) when present and well-formed, -1 otherwise. */
int cc_load(const char *dir, cc_hash key, cc_item **items, size_t *count);
void cc_items_free(cc_item *items, size_t count);
/* Stores findings under `key` (write to a temporary file, then rename: a concurrent reader
 * sees the old entry or the new one). Returns 0, or -1 (nothing stored). */
int cc_store(const char *dir, cc_hash key, const cc_item *items, size_t count);

#endif
