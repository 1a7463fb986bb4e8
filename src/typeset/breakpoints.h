/* breakpoints.h: where a line of Chinese text may end, and where words
 * start.
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

/* BREAK_LAST_RESORT: inside a date, after 年 or 月 (2024年 | 12月 | 4日),
 * and at the space of a standard's designation (GB | 11643-1999): taken
 * only when keeping the token whole would leave a line too short to
 * justify (a hole of several cells), never by a title. */
enum { BREAK_NO = 0, BREAK_ALLOW = 1, BREAK_MUST = 2, BREAK_LAST_RESORT = 3 };

/* brk[i] tells whether the line may end after cps[i] (brk[n-1] is the end
 * of the paragraph). */
void linebreak_find(const uint32_t *cps, int n, unsigned char *brk);

/* Words, for breaking titles, table headers and names only between them:
 * word[i] is true when a word starts at cps[i] (word[0] always). ICU's
 * dictionary segmentation (the zh word break iterator) decides; a word of
 * one ideograph joins the word before it (a run of them is a word the
 * dictionary lacks: 拟立项, 专项; a single one a suffix or particle:
 * 负责人, 项目的), and spans in brackets (《…》, 〔2024〕, “…”, （…）),
 * numbers and Latin words are whole. */
void wordbreak_find(const uint32_t *cps, int n, unsigned char *word);

bool linebreak_start_prohibited(uint32_t cp);
bool linebreak_end_prohibited(uint32_t cp);

#endif
