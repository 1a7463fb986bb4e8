#include "documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "docfields.h"
#include "review.h"

/* ---- the fields of each kind of document (fieldschema.h) ---- */

static const char *const STATUSES[] = { "认定", "不予认定", "优秀", "合格", "不合格", "撤销资格", "退出", NULL };
static const char *const TYPE_CODES[] = { "JRD", "OSV", "FTR", NULL }; /* zjb_type_code's */

static const struct field_group BASE[] = {
	{ NULL, "programme.pass_from programme.excellent_from programme.reward_wan programme.ban_years", NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group NOTICE[] = {
	{ NULL, "status", STATUSES },
	{ NULL, "base.type_code", TYPE_CODES },
	{ NULL, "base.id base.name base.host base.type base.score base.reward_wan ban.start ban.end", NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group PUBLICITY[] = {
	{ "grades", "item.index item.id item.name item.host item.type item.score", NULL },
	{ "grades", "item.result", STATUSES },
	{ "recognised", "item.index item.id item.name item.host item.type", NULL },
	{ NULL,
	  "grades.count grades.excellent grades.pass grades.fail grades.revoked grades.exited "
	  "grades.reward_wan recognised.count",
	  NULL },
	{ NULL, NULL, NULL },
};

static const struct field_group *const NOTICE_FIELDS[] = { BASE, NOTICE, DF_REASON_FIELDS, NULL };
static const struct field_group *const PUBLICITY_FIELDS[] = { BASE, PUBLICITY, NULL };
static const struct field_group *const DISBURSEMENT_FIELDS[] = { BASE, DF_DISBURSEMENT_FIELDS, NULL };

const struct doc_kind ZJB_DOCS[ZJB_NDOCS] = {
	{ "notices", "notice", NOTICE_FIELDS },
	{ "publicity", "publicity", PUBLICITY_FIELDS },
	{ "disbursement", "disbursement", DISBURSEMENT_FIELDS },
};
enum zjb_doc_kind { JOB_NOTICE, JOB_PUBLICITY, JOB_DISBURSEMENT };

void zjb_disbursement(const struct zjb_batch *batch, const struct decision *decisions, struct disbursement *d)
{
	for (int t = 0; t < ZJB_TYPES; t++)
		for (int i = 0; i < batch->nbases; i++) {
			const struct zjb_base *b = &batch->bases[i];
			if (b->type == (enum zjb_type)t && decisions[i].status == ST_EXCELLENT &&
			    decisions[i].award > 0)
				disb_add(d, zjb_type_name(b->type),
					 &(struct disb_payment){ b->host, b->id, b->name, b->bank, b->bank_account,
								 decisions[i].award });
		}
}

/* Two decimals in tables; short in sentences (95, 59.99). */
static const char *score_text(struct arena *a, int score, bool table)
{
	char buf[16] = "";
	if (score != SCORE_NONE && table)
		score_format(score, buf, sizeof buf);
	else if (score != SCORE_NONE)
		score_format_short(score, buf, sizeof buf);
	return arena_strdup(a, buf);
}

void zjb_base_fields(const void *state, struct tctx *c, struct arena *a)
{
	const struct zjb_state *in = state;
	const struct zjb_params *p = in->p;
	tctx_set(c, "programme.pass_from", score_text(a, p->pass_from, false));
	tctx_set(c, "programme.excellent_from", score_text(a, p->excellent_from, false));
	tctx_set(c, "programme.reward_wan", df_wan(a, p->reward));
	tctx_set(c, "programme.ban_years", df_count_cn(a, p->ban_years));
}

static struct tctx *notice_context(const struct zjb_state *in, const struct tctx *base, int i, struct arena *a)
{
	const struct zjb_base *b = &in->batch.bases[i];
	const struct decision *d = &in->decisions[i];
	struct tctx *c = tctx_new(a, base);
	tctx_set(c, "status", status_name(d->status));
	tctx_set(c, "base.id", b->id);
	tctx_set(c, "base.name", b->name);
	tctx_set(c, "base.host", b->host);
	tctx_set(c, "base.type", zjb_type_name(b->type));
	tctx_set(c, "base.type_code", zjb_type_code(b->type));
	tctx_set(c, "base.score", score_text(a, d->score, false));
	tctx_set(c, "base.reward_wan", df_wan(a, d->award));
	tctx_set(c, "ban.start", d->ban_until != DATE_NONE ? df_date(a, in->p->call->decided) : "");
	tctx_set(c, "ban.end", df_date(a, d->ban_until));
	df_reasons(c, &d->reasons, a);
	return c;
}

/* The grade list in the order it is read: 优秀, 合格, 不合格, 撤销资格,
 * 退出; and the bases recognised. */
static struct tctx *publicity_context(const struct zjb_state *in, const struct tctx *base, struct arena *a)
{
	static const enum status order[] = { ST_EXCELLENT, ST_PASS, ST_FAIL, ST_REVOKED, ST_EXITED };
	struct tctx *c = tctx_new(a, base);
	int count[ST_COUNT] = { 0 }, listed = 0, recognised = 0;
	int64_t reward = 0;
	for (size_t s = 0; s < sizeof order / sizeof *order; s++)
		for (int i = 0; i < in->batch.nbases; i++) {
			const struct decision *d = &in->decisions[i];
			if (d->status != order[s])
				continue;
			const struct zjb_base *b = &in->batch.bases[i];
			struct tctx *item = tctx_new(a, c);
			tctx_setf(item, "item.index", "%d", ++listed);
			tctx_set(item, "item.id", b->id);
			tctx_set(item, "item.name", b->name);
			tctx_set(item, "item.host", b->host);
			tctx_set(item, "item.type", zjb_type_name(b->type));
			tctx_set(item, "item.score", score_text(a, d->score, true));
			tctx_set(item, "item.result", status_name(d->status));
			tctx_add_item(c, "grades", item);
			count[d->status]++;
			reward += d->award;
		}
	for (int i = 0; i < in->batch.nbases; i++) {
		if (in->decisions[i].status != ST_RECOGNISED)
			continue;
		const struct zjb_base *b = &in->batch.bases[i];
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.index", "%d", ++recognised);
		tctx_set(item, "item.id", b->id);
		tctx_set(item, "item.name", b->name);
		tctx_set(item, "item.host", b->host);
		tctx_set(item, "item.type", zjb_type_name(b->type));
		tctx_add_item(c, "recognised", item);
	}
	tctx_setf(c, "grades.count", "%d", listed);
	tctx_setf(c, "grades.excellent", "%d", count[ST_EXCELLENT]);
	tctx_setf(c, "grades.pass", "%d", count[ST_PASS]);
	tctx_setf(c, "grades.fail", "%d", count[ST_FAIL]);
	tctx_setf(c, "grades.revoked", "%d", count[ST_REVOKED]);
	tctx_setf(c, "grades.exited", "%d", count[ST_EXITED]);
	tctx_set(c, "grades.reward_wan", df_wan(a, reward));
	tctx_setf(c, "recognised.count", "%d", recognised);
	return c;
}

struct tctx *zjb_fields(const void *state, const struct doc_job *j, const struct tctx *base, char subject[160],
			struct arena *a)
{
	const struct zjb_state *in = state;
	switch (j->kind) {
	case JOB_NOTICE:
		snprintf(subject, 160, "通知 %s %s", j->record, status_name(in->decisions[j->item].status));
		return notice_context(in, base, j->item, a);
	case JOB_PUBLICITY:
		snprintf(subject, 160, "绩效评价结果和新认定基地名单");
		return publicity_context(in, base, a);
	default:
		snprintf(subject, 160, "奖励经费拨付表");
		return df_disbursement_context(base, in->disb, a);
	}
}

struct doc_job *zjb_plan(const void *state, int *njobs_out, struct arena *arena)
{
	const struct zjb_state *in = state;
	int n = in->batch.nbases;
	struct doc_job *jobs = xcalloc((size_t)n + 2, sizeof *jobs);
	for (int i = 0; i < n; i++) {
		const char *id = in->batch.bases[i].id;
		jobs[i] = (struct doc_job){ JOB_NOTICE, JOB_NOTICE, i, id, doc_path(arena, "notices", id), NULL, NULL };
	}
	int njobs = n;
	doc_jobs_add_lists(jobs, &njobs, JOB_PUBLICITY, JOB_DISBURSEMENT);
	*njobs_out = njobs;
	return jobs;
}
