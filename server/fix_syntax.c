/* The fixes of syntax errors that have one certain fix (fix_syntax). */
#include <string.h>

#include "fix.h"
#include "fix_internal.h"
#include "tokcheck.h"

/* ---- syntax errors with one certain fix ---- */

/* The syntax notes whose error has one certain fix; the ranges are syntax.h's. */
static const char *const S_syntax_fixed[] = {"missing-colon", "fullwidth-punctuation",
                                             "assign-in-condition"};

int fix_syntax(const syn_error *e, const char *src, size_t len, fix_edits *out) {
  uint32_t a = e->start_byte, z = e->end_byte;
  if (a > z || z > len) return 0;
  if (strcmp(e->id, "missing-colon") == 0) {
    if (a != z) return 0;
    fix__edit_str(out, a, a, ":");
    return 1;
  }
  if (strcmp(e->id, "fullwidth-punctuation") == 0) {
    size_t n = 0;
    uint32_t cp = tc_decode((const unsigned char *)src + a, z - a, &n);
    if (n == 0 || n != z - a) return 0;
    char ascii[2] = {tc_fullwidth_ascii(cp), '\0'};
    /* a full-width space is not punctuation to type differently: no certain fix */
    if (!ascii[0] || ascii[0] == ' ') return 0;
    fix__edit_str(out, a, z, ascii);
    /* An opening curly quote made ASCII opens a string that its curly closing quote cannot
     * end: the closing one on the same line becomes ASCII too, in the same fix. */
    uint32_t close = cp == 0x201C ? 0x201D : cp == 0x2018 ? 0x2019 : 0;
    for (size_t i = z; close && i < len && src[i] != '\n' && src[i] != '\r';) {
      size_t m = 0;
      uint32_t c = tc_decode((const unsigned char *)src + i, len - i, &m);
      if (m == 0) break;
      if (c == close) {
        fix__edit_str(out, (uint32_t)i, (uint32_t)(i + m), ascii);
        return 1;
      }
      i += m;
    }
    return 1;
  }
  if (strcmp(e->id, "assign-in-condition") == 0) {
    /* the `=` is the range's last byte; anything else is not the shape this fix knows */
    if (z == a || src[z - 1] != '=' || (z - 1 > a && strchr("=!<>:+-*/%&|^@", src[z - 2])) ||
        (z < len && src[z] == '='))
      return 0;
    fix__edit_str(out, z - 1, z, "==");
    return 1;
  }
  return 0;
}

bool fix__syntax_implemented(const char *id) {
  for (size_t i = 0; i < sizeof S_syntax_fixed / sizeof *S_syntax_fixed; i++)
    if (strcmp(S_syntax_fixed[i], id) == 0) return true;
  return false;
}
