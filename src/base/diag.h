/* diag.h: warnings for the operator.
 *
 * Warnings (an unknown column, an objection outside the publicity period)
 * do not change any output file; they go to stderr, counted, so a cron run
 * can report them without the outputs depending on them. */
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

#endif
