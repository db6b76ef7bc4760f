/* settings: what the client asked for in initialize (its capabilities and pylore's
 * initializationOptions) and later with $/setTrace, as the session keeps it: position
 * encoding, language of the notes, Markdown, the kinds of inlay hint, pull diagnostics, log
 * forwarding, which notes are switched on. Owns handbook_url. */
#ifndef PYLORE_SETTINGS_H
#define PYLORE_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>

#include "doc.h"
#include "kb.h"
#include "params.h"

typedef struct {
  doc_encoding enc;
  kb_lang lang;
  bool markdown;          /* hovers in Markdown */
  unsigned inlay_kinds;   /* INLAY_* flags (feat.h) */
  bool inlay_label_parts; /* the client runs label.command */
  bool inlay_lazy;        /* the client resolves tooltips */
  bool explanations;      /* explanation notes switched on */
  bool pull_diagnostics;  /* textDocument/diagnostic instead of publishDiagnostics */
  bool log_to_client;     /* forward log lines as window/logMessage */
  bool show_document;     /* the client accepts window/showDocument */
  char *handbook_url;     /* initializationOptions.handbookUrl, malloc'd, or NULL */
  size_t analysis_cache;  /* bytes of text whose documents keep their trees (docstore.h) */
} cfg_settings;

/* The settings before initialize. */
cfg_settings cfg_defaults(void);
/* Takes what initialize asked for (par_initialize_read) into *c; `cli_lang` (--lang) is the
 * language when the client names none (then $LANG). */
void cfg_read_initialize(cfg_settings *c, const par_initialize *p, const char *cli_lang);
/* The kb_count flags of the notes switched on: every note but the explanations when these
 * are off, minus `disabled` (a JSON array of note ids, borrowed; unknown ids are logged).
 * malloc'd, the caller frees it. */
unsigned char *cfg_enabled(const cfg_settings *c, const kb *k, const json_t *disabled);
/* Frees what the settings own. */
void cfg_clear(cfg_settings *c);

#endif
