/* model.h: 山西省科技重大项目，揭榜挂帅 (shanxi-major, rules.md §2, seed
 * 002). A batch is one round: the tasks posted (榜单), the bids received
 * (揭榜方案), the expert panels of every stage, and the acceptance of
 * projects of earlier rounds with the money to recover. */
#ifndef GRANTDOC_SXM_H
#define GRANTDOC_SXM_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "csvread.h"
#include "decision.h"
#include "evaluation.h"
#include "call.h"
#include "disburse.h"
#include "objection.h"
#include "report.h"
#include "review.h"
#include "strmap.h"
#include "rejects.h"
#include "strbuf.h"

/* ---- the call's parameters (programme.xml; params.c) ---- */

/* The round's numbers (细则; rules.md §2), with the seed's values as
 * defaults where it gives them. */
struct sxm_params {
	const struct call *call;
	int64_t budget;
	struct review_params review;
	int publicity_working_days; /* 第二十七条: 5 */
	int64_t average_support;    /* A fixed by the file; -1: budget ÷ tasks */
	int ratio_cap_percent;      /* ENT: fiscal ≤ this % of the total (30) */
	int32_t posting;            /* 张榜 */
	int64_t proposal_deadline;  /* date-time */
	int argument_min, review_technical_min, review_financial_min, site_min, meeting_min;
	int execution_months; /* the task book's period, for its milestones */
	int32_t effective;    /* 第五十条: the 细则 applies from 2024-06-30 */
	int recovery_days;    /* <recovery days="N"/>: the deadline a recovery
					  * notice states; -1: not given (按要求时限) */
};

extern const struct param_spec SXM_PARAMS;

enum sxm_class { SXM_ENT, SXM_PUB };
enum sxm_stage { STAGE_ARGUMENT, STAGE_REVIEW, STAGE_SITE, STAGE_MEETING };
enum sxm_conclusion { CONCL_PASS, CONCL_CLOSED, CONCL_FAIL, CONCL_NONE };

struct sxm_task {
	long line;
	const char *id, *title;
	enum sxm_class cls;
	const char *demand_side, *demand_uscc;
	const char **affiliates; /* credit codes of the demand side's affiliates */
	int naffiliates;
	int64_t total_funds, requested_fiscal;
	bool exception_approved; /* 一事一议 */
};

struct sxm_bid {
	long line;
	const char *id;
	int task;
	const char *lead_solver, *lead_uscc, *leader_name, *leader_id, *tech_lead_name, *tech_lead_id;
	int demand_task_share, demand_fund_share; /* hundredths of a percent */
	int64_t submitted;                        /* date-time, minutes */
	const char *bank, *bank_account;          /* the lead solver's 开户银行, 银行账号 */
};

/* One panels.csv row, in 24 bytes: a batch of 100,000 bids brings over a
 * million. Its strings live in the reading's panel arena (ref once per
 * distinct value), and rows and strings go as soon as the decisions are
 * made (sxm_release_panels): no document shows a panel member. */
struct sxm_member {
	const char *ref; /* task id (论证, 评审) or project id (现场考察, 验收会议) */
	const char *expert;
	int32_t line;
	unsigned char stage; /* enum sxm_stage */
	bool technical, demand_recommended, on_site_team;
};
_Static_assert(sizeof(struct sxm_member) <= 24, "a panel row grew: HACKING.md, Memory at 100,000 records");

struct sxm_acceptance {
	long line;
	const char *id;
	int32_t end, applied; /* applied: DATE_NONE if not yet */
	enum sxm_conclusion conclusion;
	int64_t received, spent;
	bool terminated, revoked;
	bool forced;              /* 强制终止 (第四十八条), with terminated */
	bool refused_cooperation; /* 拒不配合验收 (第四十三条（三）) */
	int32_t approved;         /* 立项日期; DATE_NONE: not given (this 细则) */
	const char *lead_uscc, *leader_id, *lead_solver, *leader_name;
};

struct sxm_batch {
	struct sxm_task *tasks;
	int ntasks;
	struct sxm_bid *bids;
	int nbids;
	struct evaluation *evals;
	int nevals;
	struct sxm_member *members; /* by ref (strcmp), in file order within one */
	int nmembers;
	struct sxm_acceptance *acceptances;
	int nacceptances;
	struct objections objections; /* on the publicity of the winners */
};

const char *sxm_class_code(enum sxm_class c); /* ENT */
const char *sxm_class_name(enum sxm_class c); /* 企业重大技术攻关类 */
const char *sxm_conclusion_name(enum sxm_conclusion c);

/* ---- reading (ingest.c) ---- */

extern const struct csv_schema SXM_TASK_SCHEMA, SXM_BID_SCHEMA, SXM_PANEL_SCHEMA, SXM_ACCEPT_SCHEMA;
/* Row callbacks for the file table; each takes the programme's state. */
void sxm_task_row(const struct csv_row *row, void *state);
void sxm_bid_row(const struct csv_row *row, void *state);
void sxm_evaluation_row(const struct csv_row *row, void *state);
void sxm_member_row(const struct csv_row *row, void *state);
void sxm_acceptance_row(const struct csv_row *row, void *state);
void sxm_objection_row(const struct csv_row *row, void *state);

struct sxm_reading {
	bool done;
	int cap_tasks, cap_bids, cap_members, cap_acceptances;
	struct strmap task_at, bid_at, bid_lines, project_lines;
	struct arena panel_arena; /* panels.csv's strings */
	struct strmap panel_refs; /* its refs, once each */
	struct eval_reader evals;
	struct objection_reader objections;
};

void sxm_batch_free(struct sxm_batch *batch);

/* ---- rules (sxm_rules.c) ---- */

/* A: the programme's average support, else ⌊budget ÷ tasks⌋ (第十七条). */
int64_t sxm_average_support(const struct sxm_params *p, const struct sxm_batch *batch);
/* Fiscal funding of a task's winner: ENT min(request, A, ⌊30 % × total⌋),
 * PUB min(request, A), an approved 一事一议 its full request. */
int64_t sxm_fiscal(const struct sxm_params *p, const struct sxm_task *t, int64_t average);

/* A panel's make-up, counting each expert once. */
struct sxm_panel {
	int members, technical, financial, demand_recommended, on_site;
};
struct sxm_panel sxm_panel_of(const struct sxm_batch *batch, const char *ref, enum sxm_stage stage);

struct sxm_round {
	int64_t average; /* A */
	int32_t publicity_end;
	bool posting_ok; /* P03 */
};

/* One decision per bid. */
bool sxm_decide(const struct sxm_params *p, const struct sxm_batch *batch, struct calendar *cal, struct decision *d,
		struct sxm_round *round, struct strbuf *err);

/* recoveries.csv */
enum sxm_recovery_status {
	REC_PASS,
	REC_CLOSED,
	REC_FAIL,
	REC_TERMINATED,
	REC_REVOKED,
	REC_IRREGULAR,
	REC_PENDING,
	REC_FORMER /* 按原规定办理: approved before the 细则 took effect (第五十二条) */
};
const char *sxm_recovery_status_name(enum sxm_recovery_status s);

struct sxm_outcome {
	enum sxm_recovery_status status;
	int64_t recover;
	bool forced; /* a forced termination (第四十八条) */
	/* 不通过验收 (第四十四条): the lead solver and the leader are referred
	 * for integrity handling, each when its number passes its check (a
	 * referral carries no period: referrals.csv, never bans.csv). */
	bool refer_unit, refer_person;
	struct reasons reasons;
};

void sxm_check_acceptance(const struct sxm_params *p, const struct sxm_batch *batch, struct sxm_outcome *out);

/* ---- a run of the programme (programme.c) ---- */

struct sxm_state {
	struct sxm_reading reading;
	const struct sxm_params *p;
	struct rejects *rejects;
	struct arena *arena;
	struct sxm_batch batch;
	struct decision *decisions;
	struct sxm_round round;
	struct sxm_outcome *acceptance;
	struct decided *rows;
	const struct disbursement *disb;
};

void sxm_read_done(void *state);
/* The joins released and the evaluations handed to the batch; once. */
void sxm_release_reading(struct sxm_state *s);
/* Once every panel is counted (sxm_decide, sxm_check_acceptance): the
 * panels.csv rows and their strings are let go. */
void sxm_release_panels(struct sxm_state *s);

/* Every 立项 bid, grouped by class (ENT, PUB). */
void sxm_disbursement(const struct sxm_batch *batch, const struct decision *decisions, struct disbursement *d);

#endif
