/* fileio: reading a whole file into memory, for the notes, `check` and the CLI. */
#ifndef PYLORE_FILEIO_H
#define PYLORE_FILEIO_H

#include <stddef.h>

/* Reads the regular file at `path` into a malloc'd, NUL-terminated buffer the caller frees;
 * *len (when not NULL) gets its length. Returns NULL with errno set when the file cannot be
 * read, is not a regular file (EISDIR), is larger than `max` bytes (EFBIG; 0 = no limit),
 * or memory runs out. */
char *fio_read(const char *path, size_t *len, size_t max);

#endif
