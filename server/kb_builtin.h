/* kb_builtin: the notes of knowledge/ compiled into the binary.
 * The table is generated at build time by cmake/embed_notes.cmake; each entry is one file,
 * named by its path relative to knowledge/ ("lambda/en.md"). Data is NUL-terminated and
 * lives for the whole program. The table ends with an entry whose path is NULL. */
#ifndef PYLORE_KB_BUILTIN_H
#define PYLORE_KB_BUILTIN_H
#include <stddef.h>

typedef struct {
  const char *path;
  const char *data;
  size_t len;
} kb_builtin_file;

extern const kb_builtin_file kb_builtin_files[];
extern const size_t kb_builtin_count;

#endif
