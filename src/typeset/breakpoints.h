/* breakpoints.h: where a line of Chinese text may end.
 *
 * UAX #14 (libunibreak, language zh) gives most of it; on top come the
 * 禁则 of documents.md (characters that never start or end a line) and the
 * program's own no-break spans: document numbers (晋科合〔2024〕15号),
 * amounts with their unit (40万元, ¥400,000.00, 50%), dates (2024年12月4日,
 * 2024-12-04), times (18:00) and standards (GB 11643-1999). */
#ifndef GRANTDOC_BREAKPOINTS_H
#define GRANTDOC_BREAKPOINTS_H

#include <stdbool.h>
#include <stdint.h>

enum { BREAK_NO = 0, BREAK_ALLOW = 1, BREAK_MUST = 2 };

/* brk[i] tells whether the line may end after cps[i] (brk[n-1] is the end
 * of the paragraph). */
void linebreak_find(const uint32_t *cps, int n, unsigned char *brk);

bool linebreak_start_prohibited(uint32_t cp);
bool linebreak_end_prohibited(uint32_t cp);

#endif
