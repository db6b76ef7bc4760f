#include "preload.h"

#include <stdlib.h>

#include "log.h"

static void *S_preload_run(void *arg) {
  pre_notes *p = arg;
  p->k = kb_new();
  kb_load_builtin(p->k, &p->problems);
  kb_load_path_list(p->k, getenv("PYLORE_NOTES"), &p->problems);
  for (size_t i = 0; i < p->dir_count; i++)
    kb_load_dir(p->k, p->dirs[i], &p->problems);
  kb_compile(p->k, &p->problems);
  p->sigs = sig_new();
  sig_load_builtin(p->sigs, &p->problems);
  for (size_t i = 0; i < p->dir_count; i++)
    sig_load_dir(p->sigs, p->dirs[i], &p->problems);
  return NULL;
}

void pre_start(pre_notes *p, const char *const *dirs, size_t dir_count) {
  p->dirs = dirs;
  p->dir_count = dir_count;
  p->running = pthread_create(&p->tid, NULL, S_preload_run, p) == 0;
  if (!p->running) S_preload_run(p);
}

/* Takes the preloaded notes, adding the client's own folders (then compiling again). */
void pre_take(pre_notes *pre, const json_t *paths, kb **k, sig_table **sigs) {
  if (pre->running) pthread_join(pre->tid, NULL);
  pre->running = false;
  *k = pre->k;
  pre->k = NULL;
  *sigs = pre->sigs;
  pre->sigs = NULL;
  kb_problems *pr = &pre->problems;
  if (json_array_size(paths) > 0) {
    size_t i;
    const json_t *v;
    json_array_foreach(paths, i, v) {
      if (json_is_string(v)) kb_load_dir(*k, json_string_value(v), pr);
      if (json_is_string(v) && *sigs) sig_load_dir(*sigs, json_string_value(v), pr);
    }
    kb_compile(*k, pr);
  }
  for (size_t i = 0; i < pr->count; i++) log_warn("%s", pr->items[i]);
  kb_problems_clear(pr);
  log_info("%zu notes loaded", kb_count(*k));
}

void pre_clear(pre_notes *p) {
  if (p->running) pthread_join(p->tid, NULL);
  p->running = false;
  kb_free(p->k);
  p->k = NULL;
  sig_free(p->sigs);
  p->sigs = NULL;
  kb_problems_clear(&p->problems);
}
