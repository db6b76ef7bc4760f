/* handbook: the knowledge base as a static web site (`pylore notes --html DIR`): per language
 * an index grouped by kind with a filter box, and one page per note (cmark's HTML, its
 * examples labelled Problem / Instead, `see:` links, a switch to the other language's page).
 * Writes files; the pages need no server and load no external resource. */
#ifndef PYLORE_HANDBOOK_H
#define PYLORE_HANDBOOK_H

#include <stdio.h>

#include "kb.h"

/* Writes the handbook under `dir` (created when missing): index.html, style.css,
 * handbook.js, en/ and zh/. Problems go to `err`. Returns 0, or -1 when a file could not be
 * written. */
int handbook_write(const kb *k, const char *dir, FILE *err);

#endif
