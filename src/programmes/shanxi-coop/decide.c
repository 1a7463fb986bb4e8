/* decide.c: from eligibility to 立项 for shanxi-coop (rules.md §1,
 * 管理办法 第八、十二、十三条).
 *
 * The order is the procedure's: formal review refuses; expert scores
 * (recused ones dropped) give a score or 待补评; the whole batch is ranked;
 * the funding walk spends the budget down the ranking; publicity and its
 * objections settle 拟立项 into 立项 or 公示异议. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "date.h"
#include "invariant.h"
#include "money.h"
#include "review.h"

#define RULES "《科技合作交流专项管理办法》"

bool sxc_check_call(const struct sxc_params *p, struct strbuf *err)
{
	int32_t deadline = datetime_day(p->deadline_online);
	if (deadline - p->call->published < 30) {
		char a[32], b[32];
		date_format_iso(p->call->published, a);
		date_format_iso(deadline, b);
		/* 第八条 says 原则上; the batch is held to it (rules.md). */
		sb_printf(err,
			  "programme.xml: the call was published on %s and closes online on %s, %d days later: "
			  "管理办法第八条 says 原则上不少于30天 (in principle at least 30 days); "
			  "grantdoc requires at least 30 for a batch",
			  a, b, (int)(deadline - p->call->published));
		return false;
	}
	return true;
}

static void sxc_facts(const void *batch, int i, int64_t *submitted, const char **id)
{
	const struct sxc_app *a = &((const struct sxc_batch *)batch)->apps[i];
	*submitted = a->submitted_online, *id = a->id;
}

/* Review scores of the applications not refused (管理办法第十二条), too
 * few valid scores making 待补评; then the ranking of every scored one.
 * Returns how many are ranked; order holds them in rank order. */
static int score_and_rank(const struct sxc_params *p, const struct sxc_batch *batch, struct decision *d, int *order)
{
	int n = batch->napps;
	bool *needs = xcalloc((size_t)n + 1, sizeof *needs);
	for (int i = 0; i < n; i++)
		needs[i] = d[i].status != ST_REFUSED;
	struct rank_key *keys = xmalloc((size_t)(n ? n : 1) * sizeof *keys);
	int ranked = review_and_rank(&p->review, batch->evals, batch->nevals, n, needs, sxc_facts, batch, d, keys);
	for (int r = 0; r < ranked; r++) {
		order[r] = keys[r].index;
		d[keys[r].index].rank = r + 1;
	}
	free(keys);
	free(needs);
	return ranked;
}

/* Walks the ranking, funding each passing application whose award fits
 * what is left of the budget (管理办法第十三条; walk=skip goes on past one
 * that does not fit, walk=stop does not). */
static int64_t fund(const struct sxc_params *p, const struct sxc_batch *batch, struct decision *d, const int *order,
		    int n)
{
	int64_t left = p->budget;
	bool stopped = false;
	char s[16], pass[16], x[32], y[32];
	for (int r = 0; r < n; r++) {
		int i = order[r];
		const struct sxc_app *a = &batch->apps[i];
		if (d[i].score < p->review.pass_score) {
			d[i].status = ST_NOT_FUNDED;
			score_format_short(d[i].score, s, sizeof s);
			score_format_short(p->review.pass_score, pass, sizeof pass);
			reasons_add(&d[i].reasons, "SXC-R01",
				    "评审得分%s分，低于本批次立项分数线%s分（依据专家评审结果确定立项项目，" RULES
				    "第十三条）",
				    s, pass);
			continue;
		}
		int64_t cap = p->category[a->category].cap;
		int64_t award = a->requested < cap ? a->requested : cap;
		if (stopped || award > left) {
			d[i].status = ST_NOT_FUNDED;
			money_format_wan(award, x, sizeof x);
			money_format_wan(left, y, sizeof y);
			/* Under walk=stop a later award may fit what is left: the
			 * sentence says why it is not funded all the same. */
			if (award > left)
				reasons_add(
					&d[i].reasons, "SXC-R02",
					"评审排名第%d位，按排名依次安排至本项目时本批次预算余额%s万元，不足拟资助的%s万元（依据专家评审结果确定立项项目，" RULES
					"第十三条）",
					d[i].rank, y, x);
			else
				reasons_add(
					&d[i].reasons, "SXC-R02",
					"评审排名第%d位，排名在前的项目已因本批次预算不足未能安排，按本批次规定不再向后安排（依据专家评审结果确定立项项目，" RULES
					"第十三条）",
					d[i].rank);
			stopped = stopped || p->walk == WALK_STOP;
			continue;
		}
		/* 第十三条: never above the request, the category's cap or what is
		 * left of the budget. */
		INVARIANT(award >= 0 && award <= a->requested && award <= cap && award <= left);
		left -= award;
		d[i].status = ST_PROPOSED;
		d[i].award = award;
		d[i].self_raise = a->requested - award;
	}
	INVARIANT(left >= 0 && left <= p->budget);
	return p->budget - left;
}

/* Objections hold their projects (objection.h); after the period, on the
 * decision date, the rest of 拟立项 become 立项. */
static int publicity(const struct sxc_params *p, const struct sxc_batch *batch, struct decision *d, int32_t last_day)
{
	int ignored = objections_apply(&batch->objections, p->call->publicity_start, last_day, d);
	if (p->call->decided != DATE_NONE && p->call->decided > last_day)
		for (int i = 0; i < batch->napps; i++)
			if (d[i].status == ST_PROPOSED)
				d[i].status = ST_FUNDED;
	return ignored;
}

bool sxc_decide(const struct sxc_params *p, const struct sxc_batch *batch, struct calendar *cal, struct decision *d,
		struct sxc_round *round, struct strbuf *err)
{
	memset(round, 0, sizeof *round);
	if (!calendar_nth_working_day(cal, p->call->publicity_start, p->publicity_working_days, &round->publicity_end,
				      err))
		return false;
	for (int i = 0; i < batch->napps; i++) {
		const struct sxc_app *a = &batch->apps[i];
		memset(&d[i], 0, sizeof d[i]);
		reasons_init(&d[i].reasons);
		d[i].score = SCORE_NONE;
		d[i].rank = RANK_NONE;
		d[i].requested = a->requested;
		d[i].ban_until = DATE_NONE;
		d[i].status = ST_NOT_FUNDED;
		sxc_check_eligibility(p, &batch->sanctions, a, &d[i].reasons);
		if (d[i].reasons.count)
			d[i].status = ST_REFUSED;
	}
	int *order = xmalloc((size_t)(batch->napps ? batch->napps : 1) * sizeof *order);
	int n = score_and_rank(p, batch, d, order);
	round->budget_used = fund(p, batch, d, order, n);
	free(order);
	round->ignored_objections = publicity(p, batch, d, round->publicity_end);
	return true;
}
