/* fileio: reading a whole file into memory, for the notes, `check` and the CLI; writing one
 * atomically (`check --fix`, the server's rendered notes). */
#ifndef PYLORE_FILEIO_H
#define PYLORE_FILEIO_H

#include <stddef.h>

/* Reads the regular file at `path` into a malloc'd, NUL-terminated buffer the caller frees;
 * *len (when not NULL) gets its length. Returns NULL with errno set when the file cannot be
 * read, is not a regular file (EISDIR), or is larger than `max` bytes (EFBIG; 0 = no limit). */
char *fio_read(const char *path, size_t *len, size_t max);

/* Replaces the file at `path` with data[0..len) atomically: a temporary file in the same
 * folder, then rename. An existing file keeps its permission bits; a new one gets 0644 (less
 * the umask). Returns 0, or -1 with errno set (the file is then unchanged). */
int fio_write_atomic(const char *path, const char *data, size_t len);
/* Creates `dir` and its missing parents (mode 0755). Returns 0, or -1 with errno set. */
int fio_mkdirs(const char *dir);

#endif
