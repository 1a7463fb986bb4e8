/* csvout.h: writing CSV (RFC 4180, UTF-8, CRLF-free: LF line ends). */
#ifndef GRANTDOC_CSVOUT_H
#define GRANTDOC_CSVOUT_H

#include <stdint.h>
#include <stdio.h>

/* A cell of text from input. Quoted when it holds a comma, a quote or a
 * line break; a cell that a spreadsheet would run as a formula (first
 * character = + - @, tab or CR) gets a leading apostrophe. */
void csv_text(FILE *f, const char *s);
/* A cell written as is (numbers, codes the program made). */
void csv_raw(FILE *f, const char *s);
void csv_int(FILE *f, int64_t v);
void csv_sep(FILE *f);
void csv_end(FILE *f);

#endif
