#include "convert.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *conv_position_json(doc_position p) {
  return json_pack("{s:I,s:I}", "line", (json_int_t)p.line, "character", (json_int_t)p.character);
}

json_t *conv_range_json(const doc *d, size_t start, size_t end, doc_encoding enc) {
  return json_pack("{s:o,s:o}", "start", conv_position_json(doc_position_at(d, start, enc)), "end",
                   conv_position_json(doc_position_at(d, end, enc)));
}

char *conv_file_uri(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(path);
  char *uri = xmalloc(n * 3 + 8);
  size_t w = 0;
  memcpy(uri, "file://", 7);
  w = 7;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)path[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '/') {
      uri[w++] = (char)c;
    } else {
      uri[w++] = '%';
      uri[w++] = hex[c >> 4];
      uri[w++] = hex[c & 15];
    }
  }
  uri[w] = '\0';
  return uri;
}
