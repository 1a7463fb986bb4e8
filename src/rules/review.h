/* review.h: expert scores -> one score (000 第十二条).
 *
 * Scores are hundredths of a point held in integers, so the trimmed mean
 * and its half-up rounding to two decimals are exact decimal arithmetic. */
#ifndef GRANTDOC_REVIEW_H
#define GRANTDOC_REVIEW_H

#include "programme.h"

/* Drops one highest and one lowest score when there are at least five,
 * else (or with REVIEW_MEAN) takes the plain mean; rounds half up to
 * hundredths. n >= 1. */
int review_score(const int *scores, int n, enum review_method method);

/* "87.25" */
void score_format(int hundredths, char *buf, int bufsize);
/* The same without trailing zeros (60.00 -> 60, 4.50 -> 4.5), for
 * sentences; tables keep two decimals. */
void score_format_short(int hundredths, char *buf, int bufsize);

#endif
