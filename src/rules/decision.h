/* decision.h: what the rules decide about one record, programme-neutral.
 *
 * Every input record ends in exactly one decision; a decision carries its
 * status, score and rank, the money, and the reasons: a stable rule code
 * with a Chinese sentence that names the failing fact and the article. */
#ifndef GRANTDOC_DECISION_H
#define GRANTDOC_DECISION_H

#include <stddef.h>
#include <stdint.h>

enum status {
	ST_REFUSED,        /* 不予受理 */
	ST_NEEDS_REVIEW,   /* 待补评 */
	ST_NOT_FUNDED,     /* 未立项 */
	ST_PROPOSED,       /* 拟立项 */
	ST_OBJECTED,       /* 公示异议 */
	ST_FUNDED,         /* 立项 */
	ST_IRREGULAR,      /* 程序不合规 */
	ST_RECOGNISED,     /* 认定 (bases) */
	ST_NOT_RECOGNISED, /* 不予认定 */
	ST_EXCELLENT,      /* 优秀 (base evaluation) */
	ST_PASS,           /* 合格 */
	ST_FAIL,           /* 不合格 */
	ST_REVOKED,        /* 撤销资格 */
	ST_EXITED,         /* 退出 (national base, withdrawn) */
	ST_COUNT
};

const char *status_name(enum status s);

struct reason {
	const char *code; /* e.g. "SXC-E04" */
	const char *text; /* Chinese sentence, article cited */
};

/* The sentences are kept once per process (reason_text in decision.c),
 * not per record: they live as long as the run. */
struct reasons {
	struct reason *items;
	int count, cap;
};

void reasons_init(struct reasons *r);
void reasons_free(struct reasons *r);
void reasons_add(struct reasons *r, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int reasons_has(const struct reasons *r, const char *code);
/* Distinct codes, sorted bytewise, joined by ';' (decisions.csv). */
void reasons_codes(const struct reasons *r, char *buf, size_t bufsize);

#define SCORE_NONE (-1)
#define RANK_NONE 0

struct decision {
	enum status status;
	int score;         /* hundredths of a point, or SCORE_NONE */
	int rank;          /* 1..n, or RANK_NONE */
	int64_t requested; /* whole yuan */
	int64_t award;
	int64_t self_raise;
	int32_t ban_until; /* DATE_NONE unless a ban was decided here */
	struct reasons reasons;
};

/* Indices of the ranked decisions in rank order (ties in input order),
 * in O(n): publicity lists of 100,000 rows need no quadratic walk.
 * Returns how many are written to order (n slots). */
int decisions_by_rank(const struct decision *d, int n, int *order);

#endif
