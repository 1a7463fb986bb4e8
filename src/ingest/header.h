/* header.h: which row of an input is its header, and which column each
 * header cell names.
 *
 * A header cell names a schema column by its English key (any case), its
 * Chinese header, or an alias from the aliases file (data/aliases.txt, one
 * line per column, extended by clerks): compared after removing white
 * space and line breaks anywhere in the cell and a leading '*' (the
 * "required" mark of many export templates).
 *
 * Exports often put title rows above the header (a merged "2024年度…汇总表"
 * line, a "填报单位：" line). The header is the first row that names at
 * least header_enough() distinct columns of the schema: half of its
 * required columns, rounded up, and at least one. Rows above it are
 * skipped with a warning; at most HEADER_SEARCH_ROWS rows are looked at. */
#ifndef GRANTDOC_HEADER_H
#define GRANTDOC_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"
#include "strbuf.h"

#define HEADER_SEARCH_ROWS 10

/* Loads the aliases file at path, replacing the aliases in use. False with
 * "path:line: why" in *err for a malformed line. */
bool header_aliases_load(const char *path, struct strbuf *err);
/* Loads $GRANTDOC_DATADIR/aliases.txt (or the compiled-in data directory)
 * unless aliases were loaded or set already. An absent file means none. */
bool header_aliases_ready(struct strbuf *err);
/* No aliases from now on (tests). */
void header_aliases_clear(void);
/* One alias (tests; file NULL for every input). */
void header_aliases_add(const char *file, const char *key, const char *alias);

/* The column of sc that cell names in the input called file (aliases can
 * be limited to one input), -1 if none; -2 if aliases make it name two
 * columns (both[] then holds them). */
int header_column(const struct csv_schema *sc, const char *file, const char *cell, int both[2]);

/* How many distinct columns a row must name to be the header. */
int header_enough(const struct csv_schema *sc);

/* "'id' (申报编号), 'title' (项目名称)" for the required columns of sc
 * whose found_at[] is negative; returns how many. */
int header_missing(const struct csv_schema *sc, const int *found_at, struct strbuf *out);

#endif
