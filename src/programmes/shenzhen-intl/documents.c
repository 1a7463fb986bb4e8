#include "documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "docfields.h"
#include "money.h"
#include "review.h"

/* ---- the fields of each kind of document (fieldschema.h) ---- */

static const char *const STATUSES[] = { "不予受理", "待补评", "未立项", "拟立项", "公示异议", "立项", NULL };
static const char *const CATEGORY_CODES[] = { "GOV", "IND", "ACT", "PER", NULL }; /* szi_category_code's */
static const char *const FUNDING[] = { "before", "after", NULL };
static const char *const ABROAD[] = { "是", "", NULL };

static const struct field_group BASE[] = {
	{ NULL,
	  "publicity.start publicity.end publicity.days contract.deadline programme.contract_days "
	  "programme.grace_months programme.ban_years programme.pass_score",
	  NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group APPLICATION[] = {
	{ NULL, "status", STATUSES },
	{ NULL, "app.category_code", CATEGORY_CODES },
	{ NULL, "app.funding", FUNDING },
	{ NULL, "app.abroad", ABROAD },
	{ NULL,
	  "app.id app.title app.applicant app.pi app.category app.base_wan app.requested_wan app.award_wan "
	  "app.award_yuan app.award_capitals app.cap_wan app.percent app.cap_basis app.self_raise app.score app.rank "
	  "objection.date",
	  NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group BAN[] = {
	{ NULL, "contract.id contract.applicant contract.pi contract.end ban.start ban.end", NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group PUBLICITY[] = {
	{ "projects", "item.index item.id item.title item.applicant item.category item.award_wan", NULL },
	{ NULL, "projects.count projects.total_wan", NULL },
	{ NULL, NULL, NULL },
};

static const struct field_group *const NOTICE_FIELDS[] = { BASE, APPLICATION, DF_REASON_FIELDS, NULL };
static const struct field_group *const BAN_FIELDS[] = { BASE, BAN, DF_REASON_FIELDS, NULL };
static const struct field_group *const PUBLICITY_FIELDS[] = { BASE, PUBLICITY, NULL };
static const struct field_group *const DISBURSEMENT_FIELDS[] = { BASE, DF_DISBURSEMENT_FIELDS, NULL };

const struct doc_kind SZI_DOCS[SZI_NDOCS] = {
	{ "notices", "notice", NOTICE_FIELDS },
	{ "bans", "ban", BAN_FIELDS },
	{ "publicity", "publicity", PUBLICITY_FIELDS },
	{ "disbursement", "disbursement", DISBURSEMENT_FIELDS },
};
enum szi_doc_kind { JOB_NOTICE, JOB_BAN, JOB_PUBLICITY, JOB_DISBURSEMENT };

void szi_disbursement(const struct szi_batch *batch, const struct decision *decisions, struct disbursement *d)
{
	for (int c = 0; c < SZI_CATEGORIES; c++)
		for (int i = 0; i < batch->napps; i++) {
			const struct szi_app *a = &batch->apps[i];
			if (a->category == (enum szi_category)c && decisions[i].status == ST_FUNDED)
				disb_add(d, szi_category_name(a->category),
					 &(struct disb_payment){ a->applicant, a->id, a->title, a->bank,
								 a->bank_account, decisions[i].award });
		}
}

void szi_base_fields(const void *state, struct tctx *c, struct arena *a)
{
	const struct szi_state *in = state;
	const struct szi_params *p = in->p;
	int32_t decided = p->call->decided;
	tctx_set(c, "publicity.start", df_date(a, p->call->publicity_start));
	tctx_set(c, "publicity.end", df_date(a, in->round.publicity_end));
	tctx_setf(c, "publicity.days", "%d", p->publicity_days);
	/* 第十三条: the contract within 30 days of the approval document. */
	tctx_set(c, "contract.deadline", decided != DATE_NONE ? df_date(a, decided + p->contract_days) : "");
	tctx_setf(c, "programme.contract_days", "%d", p->contract_days);
	tctx_set(c, "programme.grace_months", df_count_cn(a, p->completion_grace_months));
	tctx_set(c, "programme.ban_years", df_count_cn(a, p->ban_years));
	char pass[16];
	score_format_short(p->review.pass_score, pass, sizeof pass);
	tctx_set(c, "programme.pass_score", pass);
}

/* Where the cap and the percent come from: 第二条 while the batch keeps its
 * numbers; a call that set its own says so, 第二条's beside them (an
 * article is cited only for what it says). */
static const char *cap_basis(const struct szi_params *p, enum szi_category c, struct arena *a)
{
	const struct szi_category_params *k = &p->category[c];
	if (k->cap == szi_seed_cap(c) && k->percent == SZI_SEED_PERCENT)
		return "《深圳市国际科技合作项目资助管理办法》第二条";
	char wan[32], buf[256];
	money_format_wan(szi_seed_cap(c), wan, sizeof wan);
	snprintf(buf, sizeof buf, "本批次规定；《深圳市国际科技合作项目资助管理办法》第二条规定不超过%d%%、最高%s万元",
		 SZI_SEED_PERCENT, wan);
	return arena_strdup(a, buf);
}

static struct tctx *notice_context(const struct szi_state *in, const struct tctx *base, int i, struct arena *a)
{
	const struct szi_app *app = &in->batch.apps[i];
	const struct decision *d = &in->decisions[i];
	struct tctx *c = tctx_new(a, base);
	tctx_set(c, "status", status_name(d->status));
	tctx_set(c, "app.id", app->id);
	tctx_set(c, "app.title", app->title);
	tctx_set(c, "app.applicant", app->applicant);
	tctx_set(c, "app.pi", app->pi_name);
	tctx_set(c, "app.category", szi_category_name(app->category));
	tctx_set(c, "app.category_code", szi_category_code(app->category));
	tctx_set(c, "app.funding", app->category <= SZI_IND ? "before" : "after");
	tctx_set(c, "app.base_wan", df_wan(a, szi_base(in->p, &in->batch, i)));
	/* 第二条(三): an event abroad undertaken for the municipal government. */
	tctx_set(c, "app.abroad", app->category == SZI_ACT && !app->in_shenzhen ? "是" : "");
	tctx_set(c, "app.requested_wan", df_wan(a, d->requested));
	tctx_set(c, "app.award_wan", df_wan(a, d->award));
	tctx_set(c, "app.award_yuan", df_yuan(a, d->award));
	tctx_set(c, "app.award_capitals", df_capitals(a, d->award));
	tctx_set(c, "app.cap_wan", df_wan(a, in->p->category[app->category].cap));
	tctx_setf(c, "app.percent", "%d", in->p->category[app->category].percent);
	tctx_set(c, "app.cap_basis", cap_basis(in->p, app->category, a));
	tctx_setf(c, "app.self_raise", "%lld", (long long)d->self_raise);
	char buf[16] = "";
	if (d->score != SCORE_NONE)
		score_format(d->score, buf, sizeof buf);
	tctx_set(c, "app.score", buf);
	if (d->rank != RANK_NONE)
		tctx_setf(c, "app.rank", "%d", d->rank);
	else
		tctx_set(c, "app.rank", "");
	const struct objection *o =
		objection_held(&in->batch.objections, i, in->p->call->publicity_start, in->round.publicity_end);
	tctx_set(c, "objection.date", o && d->status == ST_OBJECTED ? df_date(a, o->received) : "");
	df_reasons(c, &d->reasons, a);
	return c;
}

static struct tctx *ban_context(const struct szi_state *in, const struct tctx *base, int k, struct arena *a)
{
	const struct szi_contract *ct = &in->batch.contracts[k];
	const struct szi_contract_outcome *o = &in->contracts[k];
	struct tctx *c = tctx_new(a, base);
	tctx_set(c, "contract.id", ct->id);
	tctx_set(c, "contract.applicant", ct->applicant[0] ? ct->applicant : ct->applicant_uscc);
	tctx_set(c, "contract.pi", ct->pi_name);
	tctx_set(c, "contract.end", df_date(a, ct->contract_end));
	tctx_set(c, "ban.start", df_date(a, in->p->call->decided));
	tctx_set(c, "ban.end", df_date(a, o->ban_until));
	df_reasons(c, &o->reasons, a);
	return c;
}

static bool on_list(enum status s)
{
	return s == ST_PROPOSED || s == ST_OBJECTED || s == ST_FUNDED;
}

/* GOV and IND in rank order, then ACT and PER in input order. */
static struct tctx *publicity_context(const struct szi_state *in, const struct tctx *base, struct arena *a)
{
	struct tctx *c = tctx_new(a, base);
	int n = in->batch.napps, count = 0;
	int *order = xmalloc((size_t)(n ? n : 1) * sizeof *order), m = 0;
	int ranked = decisions_by_rank(in->decisions, n, order);
	for (int k = 0; k < ranked; k++)
		if (on_list(in->decisions[order[k]].status))
			order[m++] = order[k];
	for (int cat = SZI_ACT; cat <= SZI_PER; cat++)
		for (int i = 0; i < n; i++)
			if (in->batch.apps[i].category == (enum szi_category)cat && on_list(in->decisions[i].status))
				order[m++] = i;
	int64_t total = 0;
	for (int k = 0; k < m; k++) {
		int i = order[k];
		const struct szi_app *app = &in->batch.apps[i];
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.index", "%d", ++count);
		tctx_set(item, "item.id", app->id);
		tctx_set(item, "item.title", app->title);
		tctx_set(item, "item.applicant", app->applicant);
		tctx_set(item, "item.category", szi_category_name(app->category));
		tctx_set(item, "item.award_wan", df_wan(a, in->decisions[i].award));
		tctx_add_item(c, "projects", item);
		total += in->decisions[i].award;
	}
	free(order);
	tctx_setf(c, "projects.count", "%d", count);
	tctx_set(c, "projects.total_wan", df_wan(a, total));
	return c;
}

struct tctx *szi_fields(const void *state, const struct doc_job *j, const struct tctx *base, char subject[160],
			struct arena *a)
{
	const struct szi_state *in = state;
	switch (j->kind) {
	case JOB_NOTICE:
		snprintf(subject, 160, "通知 %s %s", j->record, status_name(in->decisions[j->item].status));
		return notice_context(in, base, j->item, a);
	case JOB_BAN:
		snprintf(subject, 160, "禁止申报 %s", j->record);
		return ban_context(in, base, j->item, a);
	case JOB_PUBLICITY:
		snprintf(subject, 160, "拟资助项目公示");
		return publicity_context(in, base, a);
	default:
		snprintf(subject, 160, "资金拨付表");
		return df_disbursement_context(base, in->disb, a);
	}
}

struct doc_job *szi_plan(const void *state, int *njobs_out, struct arena *arena)
{
	const struct szi_state *in = state;
	int n = in->batch.napps, nc = in->batch.ncontracts, njobs = 0;
	struct doc_job *jobs = xcalloc((size_t)(n + nc + 2), sizeof *jobs);
	for (int i = 0; i < n; i++) {
		const char *id = in->batch.apps[i].id;
		jobs[njobs++] =
			(struct doc_job){ JOB_NOTICE, JOB_NOTICE, i, id, doc_path(arena, "notices", id), NULL, NULL };
	}
	for (int k = 0; k < nc; k++) {
		if (in->contracts[k].status != CONTRACT_BANNED)
			continue;
		const struct szi_contract *ct = &in->batch.contracts[k];
		jobs[njobs++] = (struct doc_job){ JOB_BAN,
						  JOB_BAN,
						  k,
						  ct->id,
						  doc_path(arena, "bans", ct->id),
						  ct->applicant[0] ? ct->applicant : ct->applicant_uscc,
						  "禁止申报" };
	}
	doc_jobs_add_lists(jobs, &njobs, JOB_PUBLICITY, JOB_DISBURSEMENT);
	*njobs_out = njobs;
	return jobs;
}
