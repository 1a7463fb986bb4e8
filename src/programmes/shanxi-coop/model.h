/* model.h: the shanxi-coop programme (山西省科技合作交流专项; seeds 000, 001).
 *
 * The model (what an application says), ingest (reading the batch into it)
 * and the decision (rules.md section 1) of one programme. Rules are pure
 * functions of the programme, the sanctions and one application, plus the
 * few batch-wide facts computed once (how often a PI or a unit-and-title
 * pair appears), so each can be tested on its own. */
#ifndef GRANTDOC_COOP_H
#define GRANTDOC_COOP_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "csvread.h"
#include "decision.h"
#include "evaluation.h"
#include "call.h"
#include "review.h"
#include "strmap.h"
#include "rejects.h"
#include "disburse.h"
#include "objection.h"
#include "report.h"
#include "sanction.h"

/* Categories (申报通知 一). */
enum sxc_category { CAT_BR, CAT_KC, CAT_BASE, CAT_REG, CAT_AID, CAT_COUNT };

const char *sxc_category_code(enum sxc_category c); /* BR */
const char *sxc_category_name(enum sxc_category c); /* “一带一路”科技合作项目 */

/* ---- the call's parameters (programme.xml; params.c) ---- */

struct category_params {
	int64_t cap; /* yuan */
	int min_targets;
};

/* Every number a later call could change, with the 2024 call's values as
 * defaults (rules.md §1). */
struct sxc_params {
	const struct call *call;
	int64_t deadline_online, deadline_paper; /* date-times, inclusive to the minute */
	int32_t registered_by, pi_born_from, novelty_after;
	int64_t budget;
	enum funding_walk walk;
	struct review_params review;
	int publicity_working_days;
	int32_t taskbook_deadline; /* DATE_NONE: decided + 30 days */
	struct category_params category[CAT_COUNT];
	const char **key_countries;
	int n_key_countries;
	const char **bnr_countries; /* "一带一路" */
	int n_bnr_countries;
};

extern const struct param_spec SXC_PARAMS;

enum unit_kind { UNIT_ENTERPRISE, UNIT_UNIVERSITY, UNIT_INSTITUTE, UNIT_OTHER };
enum pi_title { TITLE_FULL, TITLE_ASSOCIATE, TITLE_INTERMEDIATE, TITLE_JUNIOR, TITLE_NONE };
enum pi_degree { DEGREE_DOCTOR, DEGREE_MASTER, DEGREE_BACHELOR, DEGREE_NONE };
enum partner_kind {
	PARTNER_DOUBLE_FIRST_CLASS,
	PARTNER_NATIONAL_PLATFORM,
	PARTNER_NATIONAL_INSTITUTE,
	PARTNER_FOREIGN_UNIVERSITY,
	PARTNER_FOREIGN_INSTITUTE,
	PARTNER_FOREIGN_ENTERPRISE,
	PARTNER_OTHER
};
/* Who signed an international agreement for the foreign side; 机构: the
 * foreign university, institute or enterprise itself (申报通知二、3, v2). */
enum signatory_rank {
	RANK_PROFESSOR,
	RANK_ASSOCIATE_PROFESSOR,
	RANK_RESEARCHER,
	RANK_ASSOCIATE_RESEARCHER,
	RANK_SENIOR_MANAGER,
	RANK_INSTITUTION,
	RANK_OTHER,
	RANK_COUNT
};
enum agreement_kind {
	AGREEMENT_NONE = -1,
	AGREEMENT_CONTRACT,
	AGREEMENT_INTENT,
	AGREEMENT_EMAIL,
	AGREEMENT_LETTER,
	AGREEMENT_EMPLOYMENT,
	AGREEMENT_TRADE,
	AGREEMENT_FACTORY
};
enum attachment {
	ATT_LICENSE,
	ATT_PI_PROOF,
	ATT_AGREEMENT,
	ATT_MATCHING,
	ATT_AUDIT,
	ATT_PLATFORM,
	ATT_NOVELTY,
	ATT_ETHICS,
	ATT_COUNT
};
#define SXC_TARGETS 6

/* Display names for the enums above (Chinese, as in the data contract). */
extern const char *const UNIT_KIND_NAMES[];
extern const char *const PI_TITLE_NAMES[];
extern const char *const PI_DEGREE_NAMES[];
extern const char *const PARTNER_KIND_NAMES[];
extern const char *const SIGNATORY_RANK_NAMES[];
extern const char *const AGREEMENT_KIND_NAMES[];
extern const char *const ATTACHMENT_NAMES[];
extern const char *const TARGET_NAMES[];

struct sxc_app {
	long line;
	const char *id;
	enum sxc_category category;
	const char *title, *applicant, *applicant_uscc;
	enum unit_kind applicant_kind;
	int32_t registered_on;
	const char *pi_name, *pi_id;
	enum pi_title pi_title;
	enum pi_degree pi_degree;
	int pi_ongoing_coop, pi_ongoing_other;
	int pi_last_coop_year; /* 0 = none */
	const char *partner, *partner_country, *partner_uscc;
	enum partner_kind partner_kind;
	enum signatory_rank signatory_rank;
	enum agreement_kind agreement_kind;
	bool agreement_signed, agreement_bilingual;
	int32_t agreement_until;
	int32_t start, end;
	int64_t requested, matching;
	unsigned targets; /* bit i: T(i+1) */
	const char *field;
	int64_t submitted_online, received_paper;
	unsigned attachments; /* bit per enum attachment */
	int32_t novelty_date;
	bool misconduct, blacklisted, env_incident, integrity_signed;
	bool duplicate_funding, secret, needs_ethics;
	const char *contact_phone, *applicant_province;
	const char *bank, *bank_account; /* 开户银行, 银行账号: the disbursement workbook's */

	/* Batch-wide facts, filled by sxc_batch_facts(). */
	int pi_rows;           /* rows in the batch with this pi_id */
	int same_content_rows; /* rows with this USCC and title */
};

struct sxc_batch {
	struct sxc_app *apps;
	int napps;
	struct evaluation *evals;
	int nevals;
	struct objections objections;
	struct sanctions sanctions;
};

/* ---- reading (ingest.c) ---- */

/* The files' schemas and row callbacks (for the file table of
 * programme.c): each row callback takes the programme's state. */
extern const struct csv_schema SXC_APPLICATION_SCHEMA;
void sxc_application_row(const struct csv_row *row, void *state);
void sxc_evaluation_row(const struct csv_row *row, void *state);
void sxc_sanction_row(const struct csv_row *row, void *state);
void sxc_objection_row(const struct csv_row *row, void *state);

/* What reading needs on the way: joins by id, capacities. */
struct sxc_reading {
	bool done; /* sxc_read_done() has run */
	int cap_apps;
	struct strmap ids;      /* application id -> index */
	struct strmap id_lines; /* application id -> first line, for messages */
	struct eval_reader evals;
	struct sanction_loader sanctions;
	struct objection_reader objections;
};

void sxc_batch_free(struct sxc_batch *batch);

/* Fills pi_rows and same_content_rows. */
void sxc_batch_facts(struct sxc_batch *batch);

/* ---- the rules (rules.md section 1) ---- */

/* All eligibility rules (形式审查) of one application, in code order. */
void sxc_check_eligibility(const struct sxc_params *p, const struct sanctions *s, const struct sxc_app *a,
			   struct reasons *out);

/* Each rule on its own, for tests. */
void sxc_identity(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e01(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e02(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e03(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e04(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e05(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e06(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e07(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e08(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e09(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e10(const struct sxc_params *p, const struct sanctions *s, const struct sxc_app *a, struct reasons *out);
void sxc_e11(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e12(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e13(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e14(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);
void sxc_e15(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out);

/* What the whole round decided, besides the per-record decisions. */
struct sxc_round {
	int32_t publicity_end; /* last working day of the publicity */
	int64_t budget_used;   /* awards of 拟立项, 公示异议 and 立项 */
	int ignored_objections;
};

/* The call's own procedure (000 第八条): ≥ 30 days from publication to the
 * online deadline. False with *err when the batch must be refused. */
bool sxc_check_call(const struct sxc_params *p, struct strbuf *err);

/* Decides every application: eligibility, review, ranking, the funding
 * walk, publicity and objections. decisions[] has batch->napps entries,
 * each initialised here. False with *err for a batch-level failure (a
 * publicity period that leaves the shipped calendars). */
bool sxc_decide(const struct sxc_params *p, const struct sxc_batch *batch, struct calendar *cal,
		struct decision *decisions, struct sxc_round *round, struct strbuf *err);

/* ---- a run of the programme (programme.c) ---- */

struct sxc_state {
	struct sxc_reading reading;
	const struct sxc_params *p;
	struct rejects *rejects;
	struct arena *arena;
	struct sxc_batch batch;
	struct decision *decisions;
	struct sxc_round round;
	struct decided *rows; /* decisions.csv */
	const struct disbursement *disb;
	int *valid_scores; /* per application, for the notices */
};

/* Reading finished: arrays fitted, joins released, batch-wide facts. */
void sxc_read_done(void *state);
/* The joins released and the evaluations handed to the batch (also when
 * reading stopped half-way); once. */
void sxc_release_reading(struct sxc_state *s);
/* The shanxi-coop disbursement lines: every 立项 project, grouped by
 * category in the call's order, in input order within one. */
void sxc_disbursement(const struct sxc_batch *batch, const struct decision *decisions, struct disbursement *d);

#endif
