/* programme.h: the call's parameters, from programme.xml.
 *
 * Every number a later call could change is here, with the seed's value
 * as its default (rules.md); the file must give what has no sensible
 * default (kind, year, authority, title, dates, budget). */
#ifndef GRANTDOC_PROGRAMME_H
#define GRANTDOC_PROGRAMME_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "strbuf.h"

enum programme_kind { KIND_SHANXI_COOP, KIND_SHANXI_MAJOR, KIND_SHENZHEN_INTL, KIND_ZHEJIANG_BASE };

/* shanxi-coop categories (申报通知 一). */
enum coop_category { CAT_BR, CAT_KC, CAT_BASE, CAT_REG, CAT_AID, CAT_COUNT };

/* shenzhen-intl categories (seed 003 第二条). */
enum szi_category { SZI_GOV, SZI_IND, SZI_ACT, SZI_PER, SZI_CATEGORIES };

struct szi_category_params {
	int64_t cap;
	int percent;      /* of the base; the grant rounds down */
};

enum funding_walk { WALK_SKIP, WALK_STOP };
enum review_method { REVIEW_TRIMMED_MEAN, REVIEW_MEAN };

struct category_params {
	int64_t cap;
	int min_targets;
};

/* zhejiang-base: the high-tech-enterprise R&D intensity standard by
 * revenue band (国科发火〔2016〕32号 第十一条(五)). */
struct rd_band {
	int64_t revenue_up_to;   /* inclusive; -1 for the last band (above all) */
	int percent;             /* hundredths of a percent: 500 = 5 % */
};

#define RD_BANDS_MAX 8

struct programme {
	enum programme_kind kind;
	const char *kind_name;
	int year;
	const char *authority, *office, *title;
	const char *doc_prefix;
	int doc_year, doc_seq;        /* 0 when there is no doc-number */
	int32_t published;
	int64_t deadline_online, deadline_paper;
	int32_t registered_by, pi_born_from, novelty_after;
	int64_t budget;
	enum funding_walk walk;
	int min_experts;
	int pass_score;               /* hundredths */
	enum review_method method;
	int32_t publicity_start;
	int publicity_working_days;
	int32_t decided;              /* DATE_NONE: publicity not over yet */
	int32_t taskbook_deadline;    /* DATE_NONE: decided + 30 days */
	const char *disbursement_batch; /* 拨付批次, default 第1批 */
	struct category_params category[CAT_COUNT];
	const char **key_countries;
	int n_key_countries;
	const char **bnr_countries;   /* "一带一路" */
	int n_bnr_countries;
	const char *contact_name, *contact_phone, *address;
	/* shanxi-major */
	int64_t average_support;         /* A fixed by the file; -1: budget ÷ tasks */
	int ratio_cap_percent;           /* ENT: fiscal ≤ this % of the total (30) */
	int32_t posting;                 /* 张榜 */
	int64_t proposal_deadline;       /* date-time */
	int argument_min, review_technical_min, review_financial_min, site_min, meeting_min;
	int execution_months;            /* the task book's period, for its milestones */
	/* shenzhen-intl */
	struct szi_category_params szi_category[SZI_CATEGORIES];
	int publicity_days;              /* calendar days (第十二条: 10) */
	/* zhejiang-base */
	int excellent_from, pass_from;   /* score thresholds, hundredths */
	int64_t reward;                  /* for 优秀 (第十九条) */
	struct rd_band rd_bands[RD_BANDS_MAX];
	int n_rd_bands;
};

/* The R&D intensity a revenue needs (hundredths of a percent). */
int programme_rd_standard(const struct programme *p, int64_t revenue);

/* Reads and validates path. On failure returns false with one line in
 * *err naming the file, the line, the element and the value. */
bool programme_load(const char *path, const char *name, struct programme *p,
		    struct arena *arena, struct strbuf *err);

/* From a <programme> element already parsed (inside batch.xml). */
struct _xmlNode;
bool programme_from_node(const struct _xmlNode *node, const char *name, struct programme *p,
			 struct arena *arena, struct strbuf *err);

/* Same, from memory (for tests). */
bool programme_parse(const char *xml, size_t len, const char *name,
		     struct programme *p, struct arena *arena, struct strbuf *err);

const char *coop_category_code(enum coop_category c);
const char *coop_category_name(enum coop_category c);

#endif
