/* coop.h: the shanxi-coop programme (山西省科技合作交流专项; seeds 000, 001).
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
#include "programme.h"
#include "rejects.h"
#include "sanction.h"

enum unit_kind { UNIT_ENTERPRISE, UNIT_UNIVERSITY, UNIT_INSTITUTE, UNIT_OTHER };
enum pi_title { TITLE_FULL, TITLE_ASSOCIATE, TITLE_INTERMEDIATE, TITLE_JUNIOR, TITLE_NONE };
enum pi_degree { DEGREE_DOCTOR, DEGREE_MASTER, DEGREE_BACHELOR, DEGREE_NONE };
enum partner_kind {
	PARTNER_DOUBLE_FIRST_CLASS, PARTNER_NATIONAL_PLATFORM, PARTNER_NATIONAL_INSTITUTE,
	PARTNER_FOREIGN_UNIVERSITY, PARTNER_FOREIGN_INSTITUTE, PARTNER_FOREIGN_ENTERPRISE,
	PARTNER_OTHER
};
enum signatory_rank {
	RANK_PROFESSOR, RANK_ASSOCIATE_PROFESSOR, RANK_RESEARCHER, RANK_ASSOCIATE_RESEARCHER,
	RANK_SENIOR_MANAGER, RANK_OTHER
};
enum agreement_kind {
	AGREEMENT_NONE = -1, AGREEMENT_CONTRACT, AGREEMENT_INTENT, AGREEMENT_EMAIL,
	AGREEMENT_LETTER, AGREEMENT_EMPLOYMENT, AGREEMENT_TRADE, AGREEMENT_FACTORY
};
enum attachment {
	ATT_LICENSE, ATT_PI_PROOF, ATT_AGREEMENT, ATT_MATCHING, ATT_AUDIT, ATT_PLATFORM,
	ATT_NOVELTY, ATT_ETHICS, ATT_COUNT
};
#define COOP_TARGETS 6

/* Display names for the enums above (Chinese, as in the data contract). */
extern const char *const UNIT_KIND_NAMES[];
extern const char *const PI_TITLE_NAMES[];
extern const char *const PI_DEGREE_NAMES[];
extern const char *const PARTNER_KIND_NAMES[];
extern const char *const SIGNATORY_RANK_NAMES[];
extern const char *const AGREEMENT_KIND_NAMES[];
extern const char *const ATTACHMENT_NAMES[];
extern const char *const TARGET_NAMES[];

struct coop_app {
	long line;
	const char *id;
	enum coop_category category;
	const char *title, *applicant, *applicant_uscc;
	enum unit_kind applicant_kind;
	int32_t registered_on;
	const char *pi_name, *pi_id;
	enum pi_title pi_title;
	enum pi_degree pi_degree;
	int pi_ongoing_coop, pi_ongoing_other;
	int pi_last_coop_year;          /* 0 = none */
	const char *partner, *partner_country, *partner_uscc;
	enum partner_kind partner_kind;
	enum signatory_rank signatory_rank;
	enum agreement_kind agreement_kind;
	bool agreement_signed, agreement_bilingual;
	int32_t agreement_until;
	int32_t start, end;
	int64_t requested, matching;
	unsigned targets;               /* bit i: T(i+1) */
	const char *field;
	int64_t submitted_online, received_paper;
	unsigned attachments;           /* bit per enum attachment */
	int32_t novelty_date;
	bool misconduct, blacklisted, env_incident, integrity_signed;
	bool duplicate_funding, secret, needs_ethics;
	const char *contact_phone, *applicant_province;

	/* Batch-wide facts, filled by coop_batch_facts(). */
	int pi_rows;                    /* rows in the batch with this pi_id */
	int same_content_rows;          /* rows with this USCC and title */
};


struct objection {
	int app;
	int32_t received;
	const char *summary;
	long line;
};

struct coop_batch {
	struct coop_app *apps;
	int napps;
	int apps_read;      /* application records of batch.xml, decided or not */
	struct evaluation *evals;
	int nevals;
	struct objection *objections;
	int nobjections;
	struct sanctions sanctions;
};

/* Reads applications.csv, evaluations.csv, and the optional sanctions.csv
 * and objections.csv from dir. Unreadable rows go to rejects; false with
 * *err only when a file as a whole cannot be used. */
bool coop_ingest(const char *dir, enum csv_encoding enc, struct coop_batch *batch,
		 struct rejects *rejects, struct arena *arena, struct strbuf *err);
void coop_batch_free(struct coop_batch *batch);

/* The same batch from one batch.xml (programme included), validated
 * against xsd as it streams. */
bool coop_ingest_xml(const char *path, const char *xsd, struct programme *prog,
		     struct coop_batch *batch, struct rejects *rejects, struct arena *arena,
		     struct strbuf *err);
bool coop_ingest_xml_memory(const char *data, int size, const char *xsd, struct programme *prog,
			    struct coop_batch *batch, struct rejects *rejects, struct arena *arena,
			    struct strbuf *err);

/* Fills pi_rows and same_content_rows. */
void coop_batch_facts(struct coop_batch *batch);

/* ---- the rules (rules.md section 1) ---- */

/* All eligibility rules (形式审查) of one application, in code order. */
void coop_check_eligibility(const struct programme *p, const struct sanctions *s,
			    const struct coop_app *a, struct reasons *out);

/* Each rule on its own, for tests. */
void sxc_identity(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e01(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e02(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e03(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e04(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e05(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e06(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e07(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e08(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e09(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e10(const struct programme *p, const struct sanctions *s, const struct coop_app *a,
	     struct reasons *out);
void sxc_e11(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e12(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e13(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e14(const struct programme *p, const struct coop_app *a, struct reasons *out);
void sxc_e15(const struct programme *p, const struct coop_app *a, struct reasons *out);

/* What the whole round decided, besides the per-record decisions. */
struct coop_round {
	int32_t publicity_end;   /* last working day of the publicity */
	int64_t budget_used;     /* awards of 拟立项, 公示异议 and 立项 */
	int ignored_objections;
};

/* The call's own procedure (000 第八条): ≥ 30 days from publication to the
 * online deadline. False with *err when the batch must be refused. */
bool coop_check_call(const struct programme *p, struct strbuf *err);

/* Decides every application: eligibility, review, ranking, the funding
 * walk, publicity and objections. decisions[] has batch->napps entries,
 * each initialised here. False with *err for a batch-level failure (a
 * publicity period that leaves the shipped calendars). */
bool coop_decide(const struct programme *p, const struct coop_batch *batch,
		 struct calendar *cal, struct decision *decisions, struct coop_round *round,
		 struct arena *arena, struct strbuf *err);

#endif
