/* csvout.h: writing CSV (RFC 4180, UTF-8, CRLF-free: LF line ends).
 *
 * Every CSV output of a run is opened through csv_open(), the one place
 * that decides how the file starts: with a UTF-8 byte-order mark by
 * default, because Excel and WPS on a Chinese Windows read a CSV without
 * one as GBK (mojibake), or as plain UTF-8 after csv_set_bom(false)
 * (--no-bom). scripts/check-layers.sh refuses a .csv output opened any
 * other way. */
#ifndef GRANTDOC_CSVOUT_H
#define GRANTDOC_CSVOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "outfile.h"

#define CSV_BOM "\xEF\xBB\xBF"

/* Whether CSV outputs start with the byte-order mark (default: yes). */
void csv_set_bom(bool bom);
bool csv_bom(void);

/* Opens dir/name (outfile.h: complete or absent) and writes the
 * byte-order mark, when on, and the header line (given without its line
 * end). */
bool csv_open(struct outfile *o, const char *dir, const char *name, const char *header, struct strbuf *err);

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
