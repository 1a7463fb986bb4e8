/* zjb.h: 浙江省国际科技合作基地 (zhejiang-base, rules.md §4, seed 004):
 * the records of a batch — bases to recognise or to evaluate, and the
 * grades of earlier years — and the rules that decide them.
 *
 * A base is evaluated year after year, so a decision may depend on the
 * history file: "不合格 twice in a row" compares with the latest earlier
 * grade, whatever the gap. */
#ifndef GRANTDOC_ZJB_H
#define GRANTDOC_ZJB_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "csvread.h"
#include "decision.h"
#include "programme.h"
#include "rejects.h"
#include "sanction.h"
#include "strbuf.h"

enum zjb_action { ZJB_RECOGNISE, ZJB_EVALUATE };
enum zjb_type { ZJB_JRD, ZJB_OSV, ZJB_FTR, ZJB_TYPES };
enum zjb_host { HOST_ENTERPRISE, HOST_UNIVERSITY, HOST_INSTITUTE, HOST_SERVICE, HOST_PARK };
enum zjb_grade { GRADE_EXCELLENT, GRADE_PASS, GRADE_FAIL, GRADE_NONE };

struct zjb_base {
	long line;
	const char *id;
	enum zjb_action action;
	enum zjb_type type;
	const char *name, *host, *host_uscc;
	enum zjb_host host_kind;
	/* recognition (第七至十条) */
	int overseas_agreements;
	bool led_provincial_project, own_ip_products;
	int64_t revenue;
	int rd_intensity;            /* hundredths of a percent; -1 when not given */
	bool team_and_rules, osv_resources, osv_cases, ftr_overseas_unit, ftr_foreign_rd_centre;
	/* evaluation (第十五、十八、二十二至二十四条) */
	int32_t report_submitted;    /* DATE_NONE: not submitted */
	bool report_supplied;
	int score;                   /* hundredths; SCORE_NONE when empty */
	bool false_info, security_incident, unreported_change, national_base, withdrawn;
};

struct zjb_history {
	int base;                    /* index in bases */
	int year;
	enum zjb_grade grade;
};

struct zjb_batch {
	struct zjb_base *bases;
	int nbases;
	struct zjb_history *history;
	int nhistory;
	struct sanctions sanctions;
};

const char *zjb_type_code(enum zjb_type t);   /* JRD */
const char *zjb_type_name(enum zjb_type t);   /* 联合研发类 */
const char *zjb_grade_name(enum zjb_grade g); /* 优秀 */

/* Reads applications.csv, history.csv and sanctions.csv (the last two
 * optional) of dir. Unreadable rows go to rejects; false (err set) only
 * when the batch as a whole cannot be read. */
bool zjb_ingest(const char *dir, const struct programme *p, enum csv_encoding enc,
		struct zjb_batch *batch, struct rejects *rejects, struct arena *arena,
		struct strbuf *err);
void zjb_batch_free(struct zjb_batch *batch);

/* ---- rules (zjb_rules.c) ---- */

/* The grade a score earns (第十八条; thresholds are programme parameters). */
enum zjb_grade zjb_grade_of(const struct programme *p, int score);
/* The annual report for year Y is due on 31 January of Y+1, inclusive. */
bool zjb_report_late(const struct programme *p, const struct zjb_base *b);
/* The latest grade of base before the evaluated year, GRADE_NONE if none. */
enum zjb_grade zjb_previous_grade(const struct zjb_batch *batch, int base, int year);

/* Recognition, ZJB-E01 … E05 (and ID-USCC): each failing rule adds its
 * reason. */
void zjb_check_recognition(const struct programme *p, const struct zjb_batch *batch,
			   const struct zjb_base *b, struct reasons *out);

/* One decision per base: 认定 / 不予认定, or 优秀 / 合格 / 不合格 /
 * 撤销资格 / 退出, with reasons, award (the reward for 优秀) and for a
 * revocation the ban's end. */
void zjb_decide(const struct programme *p, const struct zjb_batch *batch, struct decision *out,
		struct arena *arena);

#endif
