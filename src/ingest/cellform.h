/* cellform.h: the forms real exports write cells in, rewritten into the
 * forms the strict parsers (date.h, money.h) read. Nothing is guessed:
 * each form below has one meaning, and anything else is left as it is for
 * the parser to refuse.
 *
 *   money     ¥380,000  ￥ 380,000.00   the currency sign is dropped
 *   date      2025.1.1  2025.01.01      -> 2025-1-1
 *             20250101                  -> 2025-01-01
 *             2027-12-27 00:00:00, 2027/12/27 0:00, 2024年12月4日 0时0分
 *                                       -> the date (midnight only: a date
 *                                          with another time is refused)
 *   date-time any date form above, then a time HH:MM[:SS] or
 *             H时M分[S秒] (after a space, a T, or directly after 日)
 *                                       -> "DATE H:MM[:SS]"
 *   yes/no    √ ✓ ✔  -> 是;   × ✗ ✘  -> 否
 *
 * Each function returns s itself when there is nothing to rewrite, else
 * buf (n bytes); a cell that does not fit in buf is returned unchanged. */
#ifndef GRANTDOC_CELLFORM_H
#define GRANTDOC_CELLFORM_H

#include <stddef.h>

#define CELLFORM_BUF 96

const char *cellform_money(const char *s, char *buf, size_t n);
const char *cellform_date(const char *s, char *buf, size_t n);
const char *cellform_datetime(const char *s, char *buf, size_t n);
const char *cellform_bool(const char *s);

#endif
