/* rejectzh.h: why a row was refused, in Chinese, for rejects.csv.
 *
 * The reasons are written in English where they are found (binders,
 * readers); clerks read Chinese. One table holds every reason with its
 * Chinese sentence; a reason carrying a value ("duplicate id (first on
 * line 7)") keeps the value in the translation. */
#ifndef GRANTDOC_REJECTZH_H
#define GRANTDOC_REJECTZH_H

#include <stdbool.h>

#include "strbuf.h"

/* Appends the Chinese message for error, prefixed by the cell when where
 * is a sheet cell ("申报表!B17" -> 工作表“申报表”B17单元格：). False when the
 * reason is not in the table (a general sentence is appended instead). */
bool reject_message_zh(const char *where, const char *error, struct strbuf *out);

#endif
