/* xalloc: pylore's one out-of-memory policy. Every allocation in pylore goes through these
 * wrappers; when the system refuses memory they print one line on stderr and abort() (as
 * cmark's and tree-sitter's default allocators do). A language server or a `check` run that
 * cannot allocate a few bytes cannot do anything useful or honest, and a crash is what an
 * editor notices and restarts; branches that "handle" NULL were never tested and were wrong.
 *
 * Policy, for every file in server/ and its tests:
 *   - call xmalloc/xcalloc/xrealloc/xstrdup/xstrndup, never malloc & co. directly;
 *   - never test their result for NULL (it cannot be NULL);
 *   - xalloc_init() (called by main, the unit tests and the fuzzers) routes jansson's and
 *     tree-sitter's allocations through the same wrappers, so json_pack, json_dumps and
 *     ts_* results need no NULL check for memory either (json_pack can still fail on a
 *     format/argument mismatch, which is a bug, not an input).
 * Memory is freed with plain free(). */
#ifndef PYLORE_XALLOC_H
#define PYLORE_XALLOC_H

#include <stddef.h>

/* malloc(n), never NULL (n == 0 allocates 1 byte). */
void *xmalloc(size_t n);
/* calloc(count, size), never NULL; aborts when count * size overflows. */
void *xcalloc(size_t count, size_t size);
/* realloc(p, n), never NULL (n == 0 keeps a 1-byte block). */
void *xrealloc(void *p, size_t n);
/* xrealloc(p, count * size), aborting when the product overflows. */
void *xreallocarray(void *p, size_t count, size_t size);
/* A malloc'd copy of s (s must not be NULL). */
char *xstrdup(const char *s);
/* A malloc'd, NUL-terminated copy of the first n bytes of s. */
char *xstrndup(const char *s, size_t n);

/* Installs the wrappers as jansson's and tree-sitter's allocators. Idempotent; call it
 * before any other thread starts. */
void xalloc_init(void);

#endif
