#include "convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_uint(const json_t *o, const char *key, uint32_t *out, char *err, size_t errlen) {
  const json_t *v = json_object_get(o, key);
  if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > UINT32_MAX) {
    snprintf(err, errlen, "`%s` must be a non-negative integer", key);
    return -1;
  }
  *out = (uint32_t)json_integer_value(v);
  return 0;
}

int conv_position(const json_t *j, doc_position *out, char *err, size_t errlen) {
  if (!json_is_object(j)) {
    snprintf(err, errlen, "a position must be an object {line, character}");
    return -1;
  }
  if (S_uint(j, "line", &out->line, err, errlen) != 0) return -1;
  return S_uint(j, "character", &out->character, err, errlen);
}

int conv_range(const json_t *j, doc_position *start, doc_position *end, char *err, size_t errlen) {
  if (!json_is_object(j)) {
    snprintf(err, errlen, "a range must be an object {start, end}");
    return -1;
  }
  if (conv_position(json_object_get(j, "start"), start, err, errlen) != 0) return -1;
  return conv_position(json_object_get(j, "end"), end, err, errlen);
}

const char *conv_uri(const json_t *params, char *err, size_t errlen) {
  const json_t *td = json_object_get(params, "textDocument");
  const json_t *uri = json_object_get(td, "uri");
  if (!json_is_string(uri)) {
    snprintf(err, errlen, "params.textDocument.uri must be a string");
    return NULL;
  }
  return json_string_value(uri);
}

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
  char *uri = malloc(n * 3 + 8);
  if (!uri) return NULL;
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
