#include "checkcache.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

/* Two 64-bit lanes of multiply-rotate mixing over 8-byte words: fast enough that hashing the
 * standard library costs a few milliseconds, and 128 bits make a collision negligible. Not a
 * defence against crafted collisions (the cache is the user's own). */
static uint64_t S_rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t S_mix(uint64_t h, uint64_t w, uint64_t k) {
  h ^= S_rotl(w * k, 31) * 0x9E3779B97F4A7C15ULL;
  return S_rotl(h, 27) * 5 + 0x52DCE729;
}

cc_hash cc_hash_bytes(cc_hash h, const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t a = h.a ^ 0x243F6A8885A308D3ULL, b = h.b ^ 0x13198A2E03707344ULL;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    a = S_mix(a, w, 0x87C37B91114253D5ULL);
    b = S_mix(b, w, 0x4CF5AD432745937FULL);
  }
  uint64_t tail = 0;
  memcpy(&tail, p + i, len - i);
  a = S_mix(a, tail ^ len, 0x87C37B91114253D5ULL);
  b = S_mix(b, tail ^ (len << 1), 0x4CF5AD432745937FULL);
  /* Final avalanche of each lane, mixed with the other. */
  a ^= a >> 33;
  a *= 0xFF51AFD7ED558CCDULL;
  a ^= a >> 33;
  b ^= b >> 29;
  b *= 0xC4CEB9FE1A85EC53ULL;
  b ^= b >> 32;
  return (cc_hash){a ^ S_rotl(b, 17), b ^ S_rotl(a, 41)};
}

static int S_mkdirs(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    int rc = mkdir(path, 0755);
    *p = '/';
    if (rc != 0 && errno != EEXIST) return -1;
  }
  return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int cc_dir(char *out, size_t outlen) {
  const char *dir = getenv("PYLORE_CACHE_DIR");
  const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  int n;
  if (dir && *dir)
    n = snprintf(out, outlen, "%s", dir);
  else if (xdg && *xdg == '/')
    n = snprintf(out, outlen, "%s/pylore/check", xdg);
  else if (home && *home)
    n = snprintf(out, outlen, "%s/.cache/pylore/check", home);
  else
    return -1;
  if (n < 0 || (size_t)n >= outlen) return -1;
  return S_mkdirs(out);
}

static void S_path(char *out, size_t outlen, const char *dir, cc_hash key, const char *suffix) {
  snprintf(out, outlen, "%s/%016llx%016llx%s", dir, (unsigned long long)key.a,
           (unsigned long long)key.b, suffix);
}

void cc_items_free(cc_item *items, size_t count) {
  for (size_t i = 0; items && i < count; i++) {
    free(items[i].id);
    free(items[i].message);
  }
  free(items);
}

/* Format: a first line "pylore-check-cache 2 COUNT", then one line per finding:
 * "LINE COL END_LINE END_COL SEVERITY ID|- [MESSAGE]" (a message only where the finding has
 * its own, as syntax errors do; no newline can occur in it). */
int cc_load(const char *dir, cc_hash key, cc_item **items, size_t *count) {
  char path[4200];
  S_path(path, sizeof path, dir, key, "");
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = 0;
  int rc = -1;
  cc_item *list = NULL;
  char *line = NULL;
  size_t cap = 0;
  if (fscanf(f, "pylore-check-cache 2 %zu\n", &n) != 1 || n > 1000000) goto done;
  list = xcalloc(n ? n : 1, sizeof *list);
  size_t i = 0;
  for (; i < n; i++) {
    ssize_t got = getline(&line, &cap, f);
    if (got <= 0 || line[got - 1] != '\n') break;
    line[got - 1] = '\0';
    cc_item *it = &list[i];
    int used = 0;
    char id[256];
    if (sscanf(line, "%u %u %u %u %d %255s %n", &it->line, &it->col, &it->end_line, &it->end_col,
               &it->severity, id, &used) != 6)
      break;
    if (strcmp(id, "-") != 0) it->id = xstrdup(id);
    if (line[used] || !it->id) it->message = xstrdup(line + used);
  }
  if (i == n) {
    *items = list;
    *count = n;
    list = NULL;
    rc = 0;
  }
  if (list) cc_items_free(list, i + (i < n));
done:
  free(line);
  fclose(f);
  return rc;
}

int cc_store(const char *dir, cc_hash key, const cc_item *items, size_t count) {
  char path[4200], tmp[4300];
  S_path(path, sizeof path, dir, key, "");
  static atomic_ulong serial;
  char suffix[64];
  /* Unique per process and per call: two threads can store the same content at once. */
  snprintf(suffix, sizeof suffix, ".%ld.%lu.tmp", (long)getpid(),
           (unsigned long)atomic_fetch_add(&serial, 1));
  S_path(tmp, sizeof tmp, dir, key, suffix);
  FILE *f = fopen(tmp, "w");
  if (!f) return -1;
  int ok = fprintf(f, "pylore-check-cache 2 %zu\n", count) > 0;
  for (size_t i = 0; ok && i < count; i++) {
    const cc_item *it = &items[i];
    ok = fprintf(f, "%u %u %u %u %d %s %s\n", it->line, it->col, it->end_line, it->end_col,
                 it->severity, it->id ? it->id : "-", it->message ? it->message : "") > 0;
  }
  if (fclose(f) != 0) ok = 0;
  if (!ok || rename(tmp, path) != 0) {
    unlink(tmp);
    return -1;
  }
  return 0;
}
