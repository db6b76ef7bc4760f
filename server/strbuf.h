/* strbuf: a growable NUL-terminated string for building the text people read. Memory comes
 * from xalloc.h (never fails). Pure C. */
#ifndef PYLORE_STRBUF_H
#define PYLORE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

/* Zero-initialise (`strbuf b = {0};`); the string is owned by the buffer until finished. */
typedef struct {
  char *s;
  size_t len, cap;
} strbuf;

void strbuf_put(strbuf *b, const char *s, size_t n);
/* NULL is a no-op. */
void strbuf_puts(strbuf *b, const char *s);
void strbuf_printf(strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The string, with trailing newlines and spaces removed, now owned by the caller (free it);
 * "" when nothing was written. */
char *strbuf_finish(strbuf *b);

#endif
