/* diag.h: warnings for the operator.
 *
 * Warnings (an unknown column, an objection outside the publicity period)
 * change no decision. They go to stderr (unless --quiet) and are kept, in
 * the order they were given, for the run's warnings.csv: a clerk who did
 * not watch the terminal still sees them. Warnings depend only on the
 * input, so the file is reproducible like every other output. */
#ifndef GRANTDOC_DIAG_H
#define GRANTDOC_DIAG_H

#include <stdio.h>

void diag_set_quiet(int quiet);
/* Warnings as JSON lines: {"event":"warning","message":"…"}. */
void diag_set_json(int json);
int diag_json(void);
/* A JSON string literal of s, escaped (for JSON log lines). */
void diag_json_string(FILE *f, const char *s);
void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int diag_warning_count(void);
/* The warnings so far, in order (owned by this module). */
const char *const *diag_warnings(void);
/* Forgets the warnings (at exit). */
void diag_free(void);

#endif
