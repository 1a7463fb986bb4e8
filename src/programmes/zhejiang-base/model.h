/* model.h: 浙江省国际科技合作基地 (zhejiang-base, rules.md §4, seed 004):
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
#include "call.h"
#include "disburse.h"
#include "strmap.h"
#include "rejects.h"
#include "sanction.h"
#include "strbuf.h"

enum zjb_action { ZJB_RECOGNISE, ZJB_EVALUATE };
/* ---- the call's parameters (programme.xml; params.c) ---- */

/* The high-tech-enterprise R&D intensity standard by revenue band
 * (国科发火〔2016〕32号 第十一条(五)). */
struct rd_band {
	int64_t revenue_up_to; /* inclusive; -1 for the last band (above all) */
	int percent;           /* hundredths of a percent: 500 = 5 % */
};

#define RD_BANDS_MAX 8

/* What the 办法 leaves to the department (thresholds, reward) and what it
 * fixes (the 3-year ban), with defaults (rules.md §4). */
struct zjb_params {
	const struct call *call;
	int excellent_from, pass_from; /* score thresholds, hundredths */
	int64_t reward;                /* for 优秀 (第十九条) */
	struct rd_band rd_bands[RD_BANDS_MAX];
	int n_rd_bands;
	int ban_years; /* 第十八条、第二十二条: 3 */
};

extern const struct param_spec ZJB_PARAMS;

/* The R&D intensity a revenue needs (hundredths of a percent). */
int zjb_rd_standard(const struct zjb_params *p, int64_t revenue);

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
	int rd_intensity; /* hundredths of a percent; -1 when not given */
	bool team_and_rules, osv_resources, osv_cases, ftr_overseas_unit, ftr_foreign_rd_centre;
	/* evaluation (第十五、十八、二十二至二十四条) */
	int32_t recognised_on;    /* DATE_NONE: not given (the report is due) */
	int32_t report_submitted; /* DATE_NONE: not submitted */
	bool report_supplied;
	int score; /* hundredths; SCORE_NONE when empty */
	bool false_info, security_incident, unreported_change, national_base, withdrawn;
	const char *bank, *bank_account; /* the host's 开户银行, 银行账号 (the reward is paid to it) */
};

struct zjb_history {
	int base; /* index in bases */
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

/* ---- reading (ingest.c) ---- */

extern const struct csv_schema ZJB_BASE_SCHEMA, ZJB_HISTORY_SCHEMA;
/* Row callbacks for the file table; each takes the programme's state. */
void zjb_base_row(const struct csv_row *row, void *state);
void zjb_history_row(const struct csv_row *row, void *state);
void zjb_sanction_row(const struct csv_row *row, void *state);

struct zjb_reading {
	bool done;
	int cap_bases, cap_history;
	struct strmap ids;   /* base id -> index */
	struct strmap lines; /* base id -> line, for messages */
	struct strmap years; /* "id\x1fyear" -> line */
	struct sanction_loader sanctions;
};

void zjb_batch_free(struct zjb_batch *batch);

/* ---- rules (zjb_rules.c) ---- */

/* The grade a score earns (第十八条; thresholds are programme parameters). */
enum zjb_grade zjb_grade_of(const struct zjb_params *p, int score);
/* The annual report for year Y (第十五条, 第二十二条(一)): due on 31 January
 * of Y+1, inclusive, from a base recognised at least a year before that
 * day (认定满一年); supplied when dated on or before the decision date or
 * marked supplied during the evaluation. */
enum zjb_report {
	REPORT_NOT_DUE,       /* recognised less than a year before 31 January */
	REPORT_IN_TIME,       /* dated on or before 31 January */
	REPORT_LATE_SUPPLIED, /* late but supplied: the warning ZJB-W01 */
	REPORT_MISSING,       /* due and neither: revoked, ZJB-R02 */
};
enum zjb_report zjb_report_state(const struct zjb_params *p, const struct zjb_base *b);
/* 31 January of the year after the one evaluated. */
int32_t zjb_report_due(const struct zjb_params *p);
/* The latest grade of base before the evaluated year, GRADE_NONE if none. */
enum zjb_grade zjb_previous_grade(const struct zjb_batch *batch, int base, int year);

/* Recognition, ZJB-E01 … E05 (and ID-USCC): each failing rule adds its
 * reason. */
void zjb_check_recognition(const struct zjb_params *p, const struct zjb_batch *batch, const struct zjb_base *b,
			   struct reasons *out);

/* One decision per base: 认定 / 不予认定, or 优秀 / 合格 / 不合格 /
 * 撤销资格 / 退出, with reasons, award (the reward for 优秀) and for a
 * revocation the ban's end. */
void zjb_decide(const struct zjb_params *p, const struct zjb_batch *batch, struct decision *out);

/* ---- a run of the programme (programme.c) ---- */

struct zjb_state {
	struct zjb_reading reading;
	const struct zjb_params *p;
	struct rejects *rejects;
	struct arena *arena;
	struct zjb_batch batch;
	struct decision *decisions;
	struct decided *rows;
	const struct disbursement *disb;
};

void zjb_read_done(void *state);
/* The joins released; once. */
void zjb_release_reading(struct zjb_state *s);

/* The reward for every 优秀 base. */
void zjb_disbursement(const struct zjb_batch *batch, const struct decision *decisions, struct disbursement *d);

#endif
