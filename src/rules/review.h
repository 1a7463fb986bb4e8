/* review.h: expert scores -> one score (000 第十二条).
 *
 * Scores are hundredths of a point held in integers, so the trimmed mean
 * and its half-up rounding to two decimals are exact decimal arithmetic. */
#ifndef GRANTDOC_REVIEW_H
#define GRANTDOC_REVIEW_H

enum review_method { REVIEW_TRIMMED_MEAN, REVIEW_MEAN };

/* How a call reviews (<review> in programme.xml): the minimum number of
 * valid expert scores, the pass score (hundredths), the method. The
 * department sets them (本批次规定); the seeds' values are the defaults. */
struct review_params {
	int min_experts;
	int pass_score;
	enum review_method method;
};

/* How a budget is walked in rank order (<funding walk="…">): skip a
 * project that does not fit and go on, or stop at the first. */
enum funding_walk { WALK_SKIP, WALK_STOP };

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
