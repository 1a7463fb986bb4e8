/* model.h: 深圳市国际科技合作项目 (shenzhen-intl, rules.md §3, seed 003):
 * four categories — government-to-government (GOV) and own (IND)
 * cooperation funded before the work, reviewed and ranked within a budget;
 * activity (ACT) and personnel (PER) exchanges funded after it — each
 * granted min(⌊percent × base⌋, cap); and the contracts of earlier
 * projects, whose unapproved non-completion bans unit and PI for 3 years. */
#ifndef GRANTDOC_SZI_H
#define GRANTDOC_SZI_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "csvread.h"
#include "decision.h"
#include "evaluation.h"
#include "objection.h"
#include "call.h"
#include "disburse.h"
#include "review.h"
#include "strmap.h"
#include "rejects.h"
#include "report.h"
#include "sanction.h"
#include "strbuf.h"

/* Categories (seed 003 第二条). */
enum szi_category { SZI_GOV, SZI_IND, SZI_ACT, SZI_PER, SZI_CATEGORIES };

/* ---- the call's parameters (programme.xml; params.c) ---- */

/* The 办法's own numbers (seed 003). A sentence cites the article for a
 * parameter only while it keeps this value; one a batch changed is worded
 * 本批次规定 with the article's number beside it. The contract deadline,
 * the acceptance term and the ban length are not parameters a batch can
 * change (params.c refuses another value). */
enum {
	SZI_SEED_PERCENT = 50,           /* 第二条: 不超过…的50% */
	SZI_SEED_ACT_PARTICIPANTS = 100, /* 第六条【活动交流申请条件】(二) */
	SZI_SEED_ACT_FOREIGN = 30,
	SZI_SEED_CONTRACT_DAYS = 30, /* 第十三条: 30日内 */
	SZI_SEED_GRACE_MONTHS = 6,   /* 第十五条: 六个月内 */
	SZI_SEED_BAN_YEARS = 3,      /* 第十五条: 3年内不得申报 */
};
/* 第二条's 最高资助: 300万元 for GOV, 100万元 for the others. */
int64_t szi_seed_cap(enum szi_category c);

struct szi_category_params {
	int64_t cap;
	int percent; /* of the base; the grant rounds down */
};

/* Every number the 办法 gives and a later call could change, with the
 * seed's value as default (rules.md §3). */
struct szi_params {
	const struct call *call;
	int64_t budget;
	enum funding_walk walk;
	struct review_params review;
	struct szi_category_params category[SZI_CATEGORIES];
	int publicity_days;                /* calendar days (第十二条: 10, at least) */
	int act_participants, act_foreign; /* 第六条(二): 100 and 30 */
	int contract_days;                 /* 第十三条: contract within 30 days */
	int completion_grace_months;       /* 第十五条: apply for acceptance within 6 months */
	int ban_years;                     /* 第十五条: 3 years */
};

extern const struct param_spec SZI_PARAMS;

enum szi_kind { SZI_ENTERPRISE, SZI_UNIVERSITY, SZI_INSTITUTE, SZI_OTHER };
enum szi_ip { IP_JOINT, IP_CHINESE, IP_FOREIGN, IP_NONE };
/* 第七条(二): a doctorate, or 副教授, 副研究员, 高级工程师 "及以上" — the
 * full titles above them qualify as well (v2). XT_OTHER does not. */
enum szi_title {
	XT_DOCTOR,
	XT_ASSOCIATE_PROFESSOR,
	XT_PROFESSOR,
	XT_ASSOCIATE_RESEARCHER,
	XT_RESEARCHER,
	XT_SENIOR_ENGINEER,
	XT_FULL_SENIOR_ENGINEER,
	XT_PROFESSOR_SENIOR_ENGINEER,
	XT_OTHER,
	XT_TITLES
};

struct szi_app {
	long line;
	const char *id;
	enum szi_category category;
	const char *title, *applicant, *applicant_uscc;
	enum szi_kind applicant_kind;
	bool in_shenshan;
	const char *pi_name, *pi_id;
	int64_t cn_rd_input, audited_cost;
	bool partner_applied, content_consistent;        /* GOV */
	bool cn_enterprise, joint_lab, agreement_signed; /* IND */
	enum szi_ip ip_owner;
	bool host_role, in_shenzhen, fa_approved; /* ACT */
	bool commissioned;                        /* ACT abroad for the municipal government (第二条(三)) */
	int participants, foreign_participants;
	int32_t submitted;
	const char *bank, *bank_account; /* 开户银行, 银行账号: the disbursement workbook's */
};

/* A foreign expert of a PER application (experts.csv). */
struct szi_expert {
	int app;
	long line;
	const char *name;
	enum szi_title title;
	bool applicant_staff, funded_elsewhere;
	int64_t travel, board, fee;
	int visit_year; /* 来深年度; 0 when not given */
};

/* An earlier GOV/IND project's contract (contracts.csv). */
struct szi_contract {
	long line;
	const char *id;
	int32_t approved_on, contract_on, contract_end, applied; /* applied: DATE_NONE if not yet */
	bool completed, terminated_unapproved;
	const char *applicant_uscc, *pi_id;
	const char *applicant, *pi_name; /* optional, for bans.csv */
};

struct szi_batch {
	struct szi_app *apps;
	int napps;
	struct evaluation *evals;
	int nevals;
	struct szi_expert *experts; /* by application, in file order within one */
	int nexperts;
	struct szi_contract *contracts;
	int ncontracts;
	struct objections objections; /* publicity objections (第十二条) */
	struct sanctions sanctions;
};

/* ---- reading (ingest.c) ---- */

extern const struct csv_schema SZI_APPLICATION_SCHEMA, SZI_EXPERT_SCHEMA, SZI_CONTRACT_SCHEMA;
/* Row callbacks for the file table; each takes the programme's state. */
void szi_application_row(const struct csv_row *row, void *state);
void szi_evaluation_row(const struct csv_row *row, void *state);
void szi_expert_row(const struct csv_row *row, void *state);
void szi_contract_row(const struct csv_row *row, void *state);
void szi_sanction_row(const struct csv_row *row, void *state);
void szi_objection_row(const struct csv_row *row, void *state);

struct szi_reading {
	bool done;
	int cap_apps, cap_experts, cap_contracts;
	struct strmap ids, lines, contract_lines;
	struct eval_reader evals;
	struct sanction_loader sanctions;
	struct objection_reader objections;
	int64_t *expert_costs; /* by application: its experts' costs so far */
};

const char *szi_category_code(enum szi_category c); /* GOV */
const char *szi_category_name(enum szi_category c); /* 政府间合作项目 */
const char *szi_title_name(enum szi_title t);

void szi_batch_free(struct szi_batch *batch);

/* ---- rules (szi_rules.c) ---- */

/* Why a foreign expert does not count: 第七条(二) title, (三) the
 * applicant's staff, (四) funded elsewhere, or 第二条(四) a visit in
 * another year than the one before the call's (上年度, v2). */
enum szi_expert_flaw { EXPERT_OK, EXPERT_TITLE, EXPERT_STAFF, EXPERT_FUNDED, EXPERT_VISIT_YEAR };
enum szi_expert_flaw szi_expert_flaw(const struct szi_params *p, const struct szi_expert *x);
/* The base of the percentage: the Chinese side's R&D input (GOV, IND),
 * the audited cost (ACT), or the eligible experts' costs (PER). */
int64_t szi_base(const struct szi_params *p, const struct szi_batch *batch, int app);
/* The experts of application app: experts[*from .. *to). */
void szi_experts_of(const struct szi_batch *batch, int app, int *from, int *to);
/* ⌊percent × base⌋ (第二条; a ratio cap rounds down). */
int64_t szi_requested(const struct szi_params *p, enum szi_category c, int64_t base);
/* Formal review: every failing rule adds its reason; true when the
 * application is refused (a dropped PER expert alone does not refuse). */
bool szi_check_eligibility(const struct szi_params *p, const struct szi_batch *batch, int app, struct reasons *out);

struct szi_round {
	int32_t publicity_end; /* start + days − 1 */
	int64_t budget_used;
	int ignored_objections; /* outside the publicity or not on its list */
};

/* One decision per application: eligibility, review and budget for GOV
 * and IND, after-funding for ACT and PER, then the publicity — an
 * objection within it holds its project (公示异议, award reserved), the
 * rest become 立项 once the decision date is past the last day. */
void szi_decide(const struct szi_params *p, const struct szi_batch *batch, struct decision *d, struct szi_round *round);

/* contracts-out.csv statuses. */
enum szi_contract_status { CONTRACT_OK, CONTRACT_LATE, CONTRACT_BANNED };
const char *szi_contract_status_name(enum szi_contract_status s); /* 正常 逾期 禁止申报 */

struct szi_contract_outcome {
	enum szi_contract_status status;
	int32_t ban_until; /* DATE_NONE unless banned */
	struct reasons reasons;
};

/* P02, A01 and B01 for each contract (needs p->decided). */
void szi_check_contracts(const struct szi_params *p, const struct szi_batch *batch, struct szi_contract_outcome *out);

/* ---- a run of the programme (programme.c) ---- */

struct szi_state {
	struct szi_reading reading;
	const struct szi_params *p;
	struct rejects *rejects;
	struct arena *arena;
	struct szi_batch batch;
	struct decision *decisions;
	struct szi_round round;
	struct szi_contract_outcome *contracts;
	struct decided *rows;
	const struct disbursement *disb;
};

void szi_read_done(void *state);
/* The joins released and the evaluations handed to the batch; once. */
void szi_release_reading(struct szi_state *s);

/* Every funded application, grouped by category. */
void szi_disbursement(const struct szi_batch *batch, const struct decision *decisions, struct disbursement *d);

#endif
