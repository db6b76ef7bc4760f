/* realpath() is X/Open, beyond the POSIX level the build asks for. */
#define _XOPEN_SOURCE 700

#include "fileio.h"
#include "xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *fio_read(const char *path, size_t *len, size_t max) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    errno = EISDIR;
    return NULL;
  }
  /* The size is a hint (the file may change while it is read): grow as needed. */
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *buf = xmalloc(cap);
  for (;;) {
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (max && n > max) {
      free(buf);
      buf = NULL;
      errno = EFBIG;
      break;
    }
    if (got == 0) break;
    if (n + 1 == cap) buf = xrealloc(buf, cap *= 2);
  }
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

int fio_write_atomic(const char *path, const char *data, size_t len) {
  struct stat st;
  mode_t mode = 0;
  bool existed = stat(path, &st) == 0;
  if (existed) mode = st.st_mode & 07777;
  /* Through a symbolic link: the file it points to is replaced, the link stays. */
  char *real = existed ? realpath(path, NULL) : NULL;
  if (real) path = real;
  size_t n = strlen(path);
  char *tmp = xmalloc(n + 16);
  snprintf(tmp, n + 16, "%s.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    free(tmp);
    free(real);
    return -1;
  }
  /* Keep the owner when we may (root fixing someone's file); when we may not, the file
   * becomes ours, as an editor's save would make it. */
  if (existed && fchown(fd, st.st_uid, st.st_gid) != 0) errno = 0;
  if (!existed) {
    mode_t mask = umask(0);
    umask(mask);
    mode = 0644 & ~mask;
  }
  int rc = 0;
  for (size_t done = 0; rc == 0 && done < len;) {
    ssize_t w = write(fd, data + done, len - done);
    if (w < 0) rc = -1;
    else done += (size_t)w;
  }
  if (rc == 0 && fchmod(fd, mode) != 0) rc = -1;
  if (close(fd) != 0) rc = -1;
  if (rc == 0 && rename(tmp, path) != 0) rc = -1;
  if (rc != 0) {
    int e = errno;
    unlink(tmp);
    errno = e;
  }
  free(tmp);
  free(real);
  return rc;
}

int fio_mkdirs(const char *dir) {
  char *p = xstrdup(dir);
  for (char *s = p + 1;; s++) {
    if (*s != '/' && *s) continue;
    char c = *s;
    *s = '\0';
    if (mkdir(p, 0755) != 0 && errno != EEXIST) {
      free(p);
      return -1;
    }
    if (!c) break;
    *s = c;
  }
  free(p);
  return 0;
}
