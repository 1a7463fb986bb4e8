#include "documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "docfields.h"
#include "review.h"

/* ---- the fields of each kind of document (fieldschema.h) ---- */

static const char *const STATUSES[] = {
	"不予受理", "待补评", "未立项", "拟立项", "公示异议", "立项", "程序不合规", NULL
};
/* sxm_recovery_status_name's. */
static const char *const ACCEPTANCE_STATUSES[] = { "通过验收",   "结题",   "不通过验收",   "终止", "撤销",
						   "程序不合规", "待验收", "按原规定办理", NULL };
static const char *const CLASS_CODES[] = { "ENT", "PUB", NULL };
static const char *const YES[] = { "yes", "", NULL };

static const struct field_group BASE[] = {
	{ NULL,
	  "publicity.start publicity.end publicity.days round.average_wan programme.ratio_cap "
	  "programme.pass_score programme.min_experts programme.effective programme.effective_seed "
	  "programme.recovery_days",
	  NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group BID[] = {
	{ NULL, "status", STATUSES },
	{ NULL, "task.class_code", CLASS_CODES },
	{ NULL, "task.exception bid.review_stands", YES },
	{ NULL,
	  "bid.id bid.lead_solver bid.leader bid.tech_lead task.id task.title task.class task.demand_side "
	  "task.total_wan bid.requested_wan bid.award_wan bid.award_capitals bid.self_raise_wan bid.self_raise "
	  "bid.demand_raise_wan objection.date bid.score bid.rank",
	  NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group TASKBOOK[] = {
	{ "milestones", "item.index item.node item.date", NULL },
	{ NULL, "execution.start execution.end execution.months", NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group ACCEPTANCE[] = {
	{ NULL, "status", ACCEPTANCE_STATUSES },
	{ NULL, "project.forced decision.adverse", YES },
	{ NULL,
	  "project.id project.lead_solver project.leader project.approved referral.unit referral.person "
	  "project.end project.received_wan project.spent_wan recover.yuan recover.wan recover.capitals "
	  "recover.amount",
	  NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group PUBLICITY[] = {
	{ "winners", "item.index item.task item.demand_side item.lead_solver item.leader item.award_wan", NULL },
	{ NULL, "winners.count winners.total_wan", NULL },
	{ NULL, NULL, NULL },
};

static const struct field_group *const NOTICE_FIELDS[] = { BASE, BID, DF_REASON_FIELDS, NULL };
static const struct field_group *const TASKBOOK_FIELDS[] = { BASE, BID, DF_REASON_FIELDS, TASKBOOK, NULL };
static const struct field_group *const ACCEPTANCE_FIELDS[] = { BASE, ACCEPTANCE, DF_REASON_FIELDS, NULL };
static const struct field_group *const PUBLICITY_FIELDS[] = { BASE, PUBLICITY, NULL };
static const struct field_group *const DISBURSEMENT_FIELDS[] = { BASE, DF_DISBURSEMENT_FIELDS, NULL };

const struct doc_kind SXM_DOCS[SXM_NDOCS] = {
	{ "notices", "notice", NOTICE_FIELDS },
	{ "taskbooks", "taskbook", TASKBOOK_FIELDS },
	{ "acceptance", "acceptance", ACCEPTANCE_FIELDS },
	{ "publicity", "publicity", PUBLICITY_FIELDS },
	{ "disbursement", "disbursement", DISBURSEMENT_FIELDS },
};
enum sxm_doc_kind { JOB_NOTICE, JOB_TASKBOOK, JOB_ACCEPTANCE, JOB_PUBLICITY, JOB_DISBURSEMENT };

void sxm_disbursement(const struct sxm_batch *batch, const struct decision *decisions, struct disbursement *d)
{
	for (int c = SXM_ENT; c <= SXM_PUB; c++)
		for (int i = 0; i < batch->nbids; i++) {
			const struct sxm_bid *b = &batch->bids[i];
			const struct sxm_task *t = &batch->tasks[b->task];
			if (t->cls == (enum sxm_class)c && decisions[i].status == ST_FUNDED)
				disb_add(d, sxm_class_name(t->cls),
					 &(struct disb_payment){ b->lead_solver, b->id, t->title, b->bank,
								 b->bank_account, decisions[i].award });
		}
}

void sxm_base_fields(const void *state, struct tctx *c, struct arena *a)
{
	const struct sxm_state *in = state;
	const struct sxm_params *p = in->p;
	tctx_set(c, "publicity.start", df_date(a, p->call->publicity_start));
	tctx_set(c, "publicity.end", df_date(a, in->round.publicity_end));
	tctx_setf(c, "publicity.days", "%d", p->publicity_working_days);
	tctx_set(c, "round.average_wan", df_wan(a, in->round.average));
	tctx_setf(c, "programme.ratio_cap", "%d", p->ratio_cap_percent);
	char pass[16];
	score_format_short(p->review.pass_score, pass, sizeof pass);
	tctx_set(c, "programme.pass_score", pass);
	tctx_setf(c, "programme.min_experts", "%d", p->review.min_experts);
	tctx_set(c, "programme.effective", df_date(a, p->effective));
	/* 第五十条: 2024年6月30日. Empty while the batch keeps it; a date moved in
	 * programme.xml is the batch's, and the notice names the article's. */
	int32_t seed;
	date_from_ymd(2024, 6, 30, &seed);
	tctx_set(c, "programme.effective_seed", p->effective == seed ? "" : df_date(a, seed));
	/* "" when programme.xml sets no deadline: the notice then says
	 * 按要求时限 and invents none. */
	if (p->recovery_days > 0)
		tctx_setf(c, "programme.recovery_days", "%d", p->recovery_days);
	else
		tctx_set(c, "programme.recovery_days", "");
}

/* 程序不合规 by P04 alone: the publicity was short (第二十七条), the
 * review before it was sound, so the notice publicises the list again
 * instead of voiding the review as P01–P03 (the panels, the posting) do. */
static bool review_stands(const struct decision *d)
{
	if (d->status != ST_IRREGULAR)
		return false;
	bool publicity = false;
	for (int k = 0; k < d->reasons.count; k++) {
		const char *code = d->reasons.items[k].code;
		if (strcmp(code, "SXM-P04") == 0)
			publicity = true;
		else if (strncmp(code, "SXM-P", 5) == 0)
			return false;
	}
	return publicity;
}

static struct tctx *bid_context(const struct sxm_state *in, const struct tctx *base, int i, struct arena *a)
{
	const struct sxm_bid *b = &in->batch.bids[i];
	const struct sxm_task *t = &in->batch.tasks[b->task];
	const struct decision *d = &in->decisions[i];
	struct tctx *c = tctx_new(a, base);
	tctx_set(c, "status", status_name(d->status));
	tctx_set(c, "bid.id", b->id);
	tctx_set(c, "bid.lead_solver", b->lead_solver);
	tctx_set(c, "bid.leader", b->leader_name);
	tctx_set(c, "bid.tech_lead", b->tech_lead_name[0] ? b->tech_lead_name : b->leader_name);
	tctx_set(c, "task.id", t->id);
	tctx_set(c, "task.title", t->title);
	tctx_set(c, "task.class", sxm_class_name(t->cls));
	tctx_set(c, "task.class_code", sxm_class_code(t->cls));
	tctx_set(c, "task.demand_side", t->demand_side);
	tctx_set(c, "task.total_wan", df_wan(a, t->total_funds));
	tctx_set(c, "task.exception", t->exception_approved ? "yes" : "");
	tctx_set(c, "bid.review_stands", review_stands(d) ? "yes" : "");
	tctx_set(c, "bid.requested_wan", df_wan(a, d->requested));
	tctx_set(c, "bid.award_wan", df_wan(a, d->award));
	tctx_set(c, "bid.award_capitals", df_capitals(a, d->award));
	tctx_set(c, "bid.self_raise_wan", df_wan(a, d->self_raise));
	tctx_setf(c, "bid.self_raise", "%lld", (long long)d->self_raise);
	/* ENT: the rest of the total is raised by the two sides (第十七条). */
	int64_t raise = t->cls == SXM_ENT && t->total_funds > d->award ? t->total_funds - d->award : 0;
	tctx_set(c, "bid.demand_raise_wan", df_wan(a, raise));
	const struct objection *o = d->status == ST_OBJECTED
					    ? objection_held(&in->batch.objections, i, in->p->call->publicity_start,
							     in->round.publicity_end)
					    : NULL;
	tctx_set(c, "objection.date", o ? df_date(a, o->received) : "");
	char buf[16] = "";
	if (d->score != SCORE_NONE)
		score_format(d->score, buf, sizeof buf);
	tctx_set(c, "bid.score", buf);
	if (d->rank != RANK_NONE)
		tctx_setf(c, "bid.rank", "%d", d->rank);
	else
		tctx_set(c, "bid.rank", "");
	df_reasons(c, &d->reasons, a);
	return c;
}

/* 第三十四条: milestones over the execution period from the decision date. */
static void milestones(const struct sxm_state *in, struct tctx *c, struct arena *a)
{
	static const char *const nodes[] = { "启动实施", "中期评估（里程碑节点一）", "关键指标考核（里程碑节点二）",
					     "执行期满" };
	int32_t start = in->p->call->decided != DATE_NONE ? in->p->call->decided : in->round.publicity_end;
	int months = in->p->execution_months;
	for (int k = 0; k < 4; k++) {
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.index", "%d", k + 1);
		tctx_set(item, "item.node", nodes[k]);
		tctx_set(item, "item.date", df_date(a, k ? date_add_months(start, months * k / 3) : start));
		tctx_add_item(c, "milestones", item);
	}
	tctx_set(c, "execution.start", df_date(a, start));
	tctx_set(c, "execution.end", df_date(a, date_add_months(start, months)));
	tctx_setf(c, "execution.months", "%d", months);
}

static struct tctx *acceptance_context(const struct sxm_state *in, const struct tctx *base, int k, struct arena *a)
{
	const struct sxm_acceptance *x = &in->batch.acceptances[k];
	const struct sxm_outcome *o = &in->acceptance[k];
	struct tctx *c = tctx_new(a, base);
	tctx_set(c, "status", sxm_recovery_status_name(o->status));
	tctx_set(c, "project.id", x->id);
	tctx_set(c, "project.lead_solver", x->lead_solver[0] ? x->lead_solver : x->lead_uscc);
	tctx_set(c, "project.leader", x->leader_name);
	tctx_set(c, "project.approved", x->approved != DATE_NONE ? df_date(a, x->approved) : "");
	tctx_set(c, "project.forced", o->forced ? "yes" : "");
	tctx_set(c, "referral.unit", o->refer_unit ? (x->lead_solver[0] ? x->lead_solver : x->lead_uscc) : "");
	tctx_set(c, "referral.person", o->refer_person ? (x->leader_name[0] ? x->leader_name : "项目负责人") : "");
	/* Money recovered, a referral, a revocation or a termination: a
	 * decision the unit may contest (the notice of rights). */
	bool adverse = o->recover > 0 || o->refer_unit || o->refer_person || o->status == REC_REVOKED ||
		       o->status == REC_TERMINATED || o->status == REC_FAIL;
	tctx_set(c, "decision.adverse", adverse ? "yes" : "");
	tctx_set(c, "project.end", df_date(a, x->end));
	tctx_set(c, "project.received_wan", df_wan(a, x->received));
	tctx_set(c, "project.spent_wan", df_wan(a, x->spent));
	tctx_set(c, "recover.yuan", df_yuan(a, o->recover));
	tctx_set(c, "recover.wan", df_wan(a, o->recover));
	tctx_set(c, "recover.capitals", df_capitals(a, o->recover));
	tctx_setf(c, "recover.amount", "%lld", (long long)o->recover);
	df_reasons(c, &o->reasons, a);
	return c;
}

static struct tctx *publicity_context(const struct sxm_state *in, const struct tctx *base, struct arena *a)
{
	struct tctx *c = tctx_new(a, base);
	int count = 0;
	int64_t total = 0;
	for (int t = 0; t < in->batch.ntasks; t++)
		for (int i = 0; i < in->batch.nbids; i++) {
			const struct decision *d = &in->decisions[i];
			if (in->batch.bids[i].task != t ||
			    (d->status != ST_PROPOSED && d->status != ST_OBJECTED && d->status != ST_FUNDED))
				continue;
			struct tctx *item = tctx_new(a, c);
			tctx_setf(item, "item.index", "%d", ++count);
			tctx_set(item, "item.task", in->batch.tasks[t].title);
			tctx_set(item, "item.demand_side", in->batch.tasks[t].demand_side);
			tctx_set(item, "item.lead_solver", in->batch.bids[i].lead_solver);
			tctx_set(item, "item.leader", in->batch.bids[i].leader_name);
			tctx_set(item, "item.award_wan", df_wan(a, d->award));
			tctx_add_item(c, "winners", item);
			total += d->award;
		}
	tctx_setf(c, "winners.count", "%d", count);
	tctx_set(c, "winners.total_wan", df_wan(a, total));
	return c;
}

struct tctx *sxm_fields(const void *state, const struct doc_job *j, const struct tctx *base, char subject[160],
			struct arena *a)
{
	const struct sxm_state *in = state;
	struct tctx *c;
	switch (j->kind) {
	case JOB_NOTICE:
		snprintf(subject, 160, "通知 %s %s", j->record, status_name(in->decisions[j->item].status));
		return bid_context(in, base, j->item, a);
	case JOB_TASKBOOK:
		snprintf(subject, 160, "项目任务书 %s", j->record);
		c = bid_context(in, base, j->item, a);
		milestones(in, c, a);
		return c;
	case JOB_ACCEPTANCE:
		snprintf(subject, 160, "验收 %s %s", j->record,
			 sxm_recovery_status_name(in->acceptance[j->item].status));
		return acceptance_context(in, base, j->item, a);
	case JOB_PUBLICITY:
		snprintf(subject, 160, "拟中榜公示");
		return publicity_context(in, base, a);
	default:
		snprintf(subject, 160, "资金拨付表");
		return df_disbursement_context(base, in->disb, a);
	}
}

struct doc_job *sxm_plan(const void *state, int *njobs_out, struct arena *arena)
{
	const struct sxm_state *in = state;
	int n = in->batch.nbids, na = in->batch.nacceptances, njobs = 0;
	struct doc_job *jobs = xcalloc((size_t)(2 * n + na + 2), sizeof *jobs);
	for (int i = 0; i < n; i++) {
		const char *id = in->batch.bids[i].id;
		jobs[njobs++] =
			(struct doc_job){ JOB_NOTICE, JOB_NOTICE, i, id, doc_path(arena, "notices", id), NULL, NULL };
	}
	for (int i = 0; i < n; i++) {
		if (in->decisions[i].status != ST_FUNDED)
			continue;
		const char *id = in->batch.bids[i].id;
		jobs[njobs++] = (struct doc_job){ JOB_TASKBOOK, JOB_TASKBOOK, i, id, doc_path(arena, "taskbooks", id),
						  NULL,         NULL };
	}
	for (int k = 0; k < na; k++) {
		const struct sxm_acceptance *x = &in->batch.acceptances[k];
		jobs[njobs++] = (struct doc_job){ JOB_ACCEPTANCE,
						  JOB_ACCEPTANCE,
						  k,
						  x->id,
						  doc_path(arena, "acceptance", x->id),
						  x->lead_solver[0] ? x->lead_solver : x->lead_uscc,
						  sxm_recovery_status_name(in->acceptance[k].status) };
	}
	doc_jobs_add_lists(jobs, &njobs, JOB_PUBLICITY, JOB_DISBURSEMENT);
	*njobs_out = njobs;
	return jobs;
}
