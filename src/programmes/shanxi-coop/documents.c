#include "documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "docfields.h"
#include "review.h"

void sxc_base_fields(const void *state, struct tctx *c, struct arena *a)
{
	const struct sxc_state *s = state;
	const struct sxc_params *p = s->p;
	tctx_setf(c, "programme.min_experts", "%d", p->review.min_experts);
	char score[16];
	score_format(p->review.pass_score, score, sizeof score);
	tctx_set(c, "programme.pass_score", score);
	tctx_set(c, "publicity.start", df_date(a, p->call->publicity_start));
	tctx_set(c, "publicity.end", df_date(a, s->round.publicity_end));
	tctx_set(c, "publicity.issued", df_date(a, p->call->publicity_start));
	tctx_setf(c, "publicity.days", "%d", p->publicity_working_days);
	int32_t tb = p->taskbook_deadline != DATE_NONE ? p->taskbook_deadline
		     : p->call->decided != DATE_NONE   ? p->call->decided + 30
						       : DATE_NONE;
	tctx_set(c, "taskbook.deadline", tb != DATE_NONE ? df_date(a, tb) : "");
}

int *sxc_count_valid_scores(const struct sxc_batch *b)
{
	int *n = xcalloc((size_t)b->napps + 1, sizeof *n);
	for (int i = 0; i < b->nevals; i++)
		n[b->evals[i].app] += !b->evals[i].recused;
	return n;
}

static const char *objection_date(const struct sxc_state *in, int app, struct arena *a)
{
	const struct objection *o =
		objection_held(&in->batch.objections, app, in->p->call->publicity_start, in->round.publicity_end);
	return o ? df_date(a, o->received) : "";
}

static struct tctx *app_context(const struct sxc_state *in, const struct tctx *base, int i, struct arena *a)
{
	const struct sxc_app *app = &in->batch.apps[i];
	const struct decision *d = &in->decisions[i];
	struct tctx *c = tctx_new(a, base);
	tctx_set(c, "status", status_name(d->status));
	tctx_set(c, "app.id", app->id);
	tctx_set(c, "app.title", app->title);
	tctx_set(c, "app.applicant", app->applicant);
	tctx_set(c, "app.pi", app->pi_name);
	tctx_set(c, "app.category", sxc_category_name(app->category));
	tctx_set(c, "app.requested_wan", df_wan(a, d->requested));
	tctx_set(c, "app.award_wan", df_wan(a, d->award));
	tctx_set(c, "app.self_raise_wan", df_wan(a, d->self_raise));
	tctx_setf(c, "app.self_raise", "%lld", (long long)d->self_raise);
	char buf[16] = "";
	if (d->score != SCORE_NONE)
		score_format(d->score, buf, sizeof buf);
	tctx_set(c, "app.score", buf);
	if (d->rank != RANK_NONE)
		tctx_setf(c, "app.rank", "%d", d->rank);
	else
		tctx_set(c, "app.rank", "");
	tctx_setf(c, "app.valid_scores", "%d", in->valid_scores[i]);
	tctx_set(c, "objection.date", objection_date(in, i, a));
	df_reasons(c, &d->reasons, a);
	return c;
}

/* The six task targets of the 2024 call (申报通知 一, after item 4). */
static const char *const TARGET_TEXT[SXC_TARGETS] = {
	"实现相关领域关键技术的研究突破或技术引进",
	"实现重大成果转化，项目实施后经济和社会效益显著",
	"人才交流和人才国际化培养成效显著",
	"召开或承办有较大影响力的国际性学术会议或行业会议",
	"合作申请发明专利，取得新产品、新工艺、新装置、新材料、计算机软件、论文论著、标准等科技成果",
	"建设国际科技合作创新平台",
};

/* Task-book fields on top of a notice's: period, partner, budget, the
 * committed targets, and one milestone item per calendar year. */
static void taskbook_fields(const struct sxc_state *in, int i, struct tctx *c, struct arena *a)
{
	const struct sxc_app *app = &in->batch.apps[i];
	const struct decision *d = &in->decisions[i];
	tctx_set(c, "app.uscc", app->applicant_uscc);
	tctx_set(c, "app.partner", app->partner);
	tctx_set(c, "app.country", app->partner_country[0] ? app->partner_country : "中国");
	tctx_set(c, "app.field", app->field);
	tctx_set(c, "app.start", df_date(a, app->start));
	tctx_set(c, "app.end", df_date(a, app->end));
	tctx_set(c, "app.matching_wan", df_wan(a, app->matching));
	tctx_set(c, "budget.total_wan", df_wan(a, d->award + app->matching + d->self_raise));
	int k = 0;
	for (int t = 0; t < SXC_TARGETS; t++) {
		if (!(app->targets & (1u << t)))
			continue;
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.index", "%d", ++k);
		tctx_set(item, "item.code", TARGET_NAMES[t]);
		tctx_set(item, "item.text", TARGET_TEXT[t]);
		tctx_add_item(c, "targets", item);
	}
	int y0, y1, m, dd;
	date_to_ymd(app->start, &y0, &m, &dd);
	date_to_ymd(app->end, &y1, &m, &dd);
	for (int y = y0; y <= y1; y++) {
		struct tctx *item = tctx_new(a, c);
		int32_t from, to;
		date_from_ymd(y, 1, 1, &from);
		date_from_ymd(y, 12, 31, &to);
		tctx_setf(item, "item.index", "%d", y - y0 + 1);
		tctx_setf(item, "item.year", "%d", y);
		tctx_set(item, "item.from", df_date(a, y == y0 ? app->start : from));
		tctx_set(item, "item.to", df_date(a, y == y1 ? app->end : to));
		tctx_set(item, "item.stage", y == y1 ? "last" : y == y0 ? "first" : "middle");
		tctx_add_item(c, "years", item);
	}
}

void sxc_disbursement(const struct sxc_batch *batch, const struct decision *decisions, struct disbursement *d)
{
	for (int c = 0; c < CAT_COUNT; c++)
		for (int i = 0; i < batch->napps; i++) {
			const struct sxc_app *a = &batch->apps[i];
			if (a->category == (enum sxc_category)c && decisions[i].status == ST_FUNDED)
				disb_add(d, sxc_category_name(a->category),
					 &(struct disb_payment){ a->applicant, a->id, a->title, a->bank,
								 a->bank_account, decisions[i].award });
		}
}

static bool on_publicity_list(enum status s)
{
	return s == ST_PROPOSED || s == ST_OBJECTED || s == ST_FUNDED;
}

static struct tctx *publicity_context(const struct sxc_state *in, struct tctx *base, struct arena *a)
{
	struct tctx *c = tctx_new(a, base);
	int count = 0;
	int64_t total = 0;
	/* In rank order, as the list is read. */
	int *order = xmalloc((size_t)(in->batch.napps ? in->batch.napps : 1) * sizeof *order);
	int ranked = decisions_by_rank(in->decisions, in->batch.napps, order);
	for (int k = 0; k < ranked; k++) {
		int i = order[k];
		const struct decision *d = &in->decisions[i];
		if (!on_publicity_list(d->status))
			continue;
		const struct sxc_app *app = &in->batch.apps[i];
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.index", "%d", ++count);
		tctx_set(item, "item.id", app->id);
		tctx_set(item, "item.title", app->title);
		tctx_set(item, "item.applicant", app->applicant);
		tctx_set(item, "item.pi", app->pi_name);
		tctx_set(item, "item.category", sxc_category_name(app->category));
		tctx_set(item, "item.award_wan", df_wan(a, d->award));
		tctx_add_item(c, "projects", item);
		total += d->award;
	}
	free(order);
	tctx_setf(c, "projects.count", "%d", count);
	tctx_set(c, "projects.total_wan", df_wan(a, total));
	return c;
}

/* ---- the fields of each kind of document (fieldschema.h) ---- */

static const char *const STATUSES[] = { "不予受理", "待补评", "未立项", "拟立项", "公示异议", "立项", NULL };
static const char *const STAGES[] = { "first", "middle", "last", NULL };

static const struct field_group BASE[] = {
	{ NULL,
	  "programme.min_experts programme.pass_score publicity.start publicity.end publicity.issued "
	  "publicity.days taskbook.deadline",
	  NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group APPLICATION[] = {
	{ NULL, "status", STATUSES },
	{ NULL,
	  "app.id app.title app.applicant app.pi app.category app.requested_wan app.award_wan "
	  "app.self_raise_wan app.self_raise app.score app.rank app.valid_scores objection.date",
	  NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group TASKBOOK[] = {
	{ NULL, "app.uscc app.partner app.country app.field app.start app.end app.matching_wan budget.total_wan",
	  NULL },
	{ "targets", "item.index item.code item.text", NULL },
	{ "years", "item.index item.year item.from item.to", NULL },
	{ "years", "item.stage", STAGES },
	{ NULL, NULL, NULL },
};
static const struct field_group PUBLICITY[] = {
	{ "projects", "item.index item.id item.title item.applicant item.pi item.category item.award_wan", NULL },
	{ NULL, "projects.count projects.total_wan", NULL },
	{ NULL, NULL, NULL },
};

static const struct field_group *const NOTICE_FIELDS[] = { BASE, APPLICATION, DF_REASON_FIELDS, NULL };
static const struct field_group *const TASKBOOK_FIELDS[] = { BASE, APPLICATION, DF_REASON_FIELDS, TASKBOOK, NULL };
static const struct field_group *const PUBLICITY_FIELDS[] = { BASE, PUBLICITY, NULL };
static const struct field_group *const DISBURSEMENT_FIELDS[] = { BASE, DF_DISBURSEMENT_FIELDS, NULL };

const struct doc_kind SXC_DOCS[SXC_NDOCS] = {
	{ "notices", "notice", NOTICE_FIELDS },
	{ "taskbooks", "taskbook", TASKBOOK_FIELDS },
	{ "publicity", "publicity", PUBLICITY_FIELDS },
	{ "disbursement", "disbursement", DISBURSEMENT_FIELDS },
};
enum sxc_doc_kind { JOB_NOTICE, JOB_TASKBOOK, JOB_PUBLICITY, JOB_DISBURSEMENT };

/* Every document of the round, in the order the manifest lists them. */
struct doc_job *sxc_plan(const void *state, int *njobs, struct arena *a)
{
	const struct sxc_state *in = state;
	int n = 0, cap = in->batch.napps * 2 + 2;
	struct doc_job *jobs = xcalloc((size_t)cap, sizeof *jobs);
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < in->batch.napps; i++) {
			if (pass == 1 && in->decisions[i].status != ST_FUNDED)
				continue;
			jobs[n].template = jobs[n].kind = pass ? JOB_TASKBOOK : JOB_NOTICE;
			jobs[n].item = i;
			jobs[n].record = in->batch.apps[i].id;
			jobs[n].rel = doc_path(a, pass ? "taskbooks" : "notices", in->batch.apps[i].id);
			n++;
		}
	doc_jobs_add_lists(jobs, &n, JOB_PUBLICITY, JOB_DISBURSEMENT);
	*njobs = n;
	return jobs;
}

struct tctx *sxc_fields(const void *state, const struct doc_job *j, const struct tctx *base, char subject[160],
			struct arena *a)
{
	const struct sxc_state *in = state;
	struct tctx *ctx;
	switch (j->kind) {
	case JOB_NOTICE:
		snprintf(subject, 160, "通知 %s %s", j->record, status_name(in->decisions[j->item].status));
		return app_context(in, base, j->item, a);
	case JOB_TASKBOOK:
		ctx = app_context(in, base, j->item, a);
		taskbook_fields(in, j->item, ctx, a);
		snprintf(subject, 160, "计划任务书 %s", j->record);
		return ctx;
	case JOB_PUBLICITY:
		snprintf(subject, 160, "公示");
		return publicity_context(in, (struct tctx *)base, a);
	default:
		snprintf(subject, 160, "资金拨付表");
		return df_disbursement_context(base, in->disb, a);
	}
}
