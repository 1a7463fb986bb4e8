/* rules.c: the shanxi-major rules (rules.md §2; seed 002,
 * 《山西省科技重大项目实施细则（试行）》). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ids.h"
#include "invariant.h"
#include "money.h"
#include "review.h"
#include "strmap.h"
#include "model.h"

#define RULES "《山西省科技重大项目实施细则（试行）》"

/* "不少于7名（…第二十条）" when the batch keeps the 细则's minimum; a
 * minimum programme.xml changed is the batch's, and the sentence says
 * both (an article is cited only for what it says). */
static const char *minimum(char *buf, size_t n, int batch_min, int seed_min, const char *unit, const char *article)
{
	if (batch_min == seed_min)
		snprintf(buf, n, "不少于%d%s（" RULES "%s）", batch_min, unit, article);
	else
		snprintf(buf, n, "不少于%d%s（本批次规定；" RULES "%s规定不少于%d%s）", batch_min, unit, article,
			 seed_min, unit);
	return buf;
}

/* The last four characters: enough to find the row, not the whole number. */
static const char *tail4(const char *s)
{
	size_t n = strlen(s);
	return n > 4 ? s + n - 4 : s;
}

int64_t sxm_average_support(const struct sxm_params *p, const struct sxm_batch *batch)
{
	if (p->average_support >= 0)
		return p->average_support;
	return batch->ntasks ? p->budget / batch->ntasks : 0;
}

int64_t sxm_fiscal(const struct sxm_params *p, const struct sxm_task *t, int64_t average)
{
	if (t->exception_approved)
		return t->requested_fiscal;
	int64_t v = t->requested_fiscal < average ? t->requested_fiscal : average;
	int64_t ratio = money_percent_floor(t->total_funds, p->ratio_cap_percent);
	if (t->cls == SXM_ENT && ratio < v)
		v = ratio;
	/* 第十七条: the double cap never raises the request. */
	INVARIANT(v >= 0 && v <= t->requested_fiscal);
	return v;
}

/* Members are kept by ref (sxm_read_done): a binary search finds a
 * panel, not a scan of every member for every task and project. */
struct sxm_panel sxm_panel_of(const struct sxm_batch *batch, const char *ref, enum sxm_stage stage)
{
	struct sxm_panel pn = { 0 };
	struct strmap seen; /* an expert counts once */
	strmap_init(&seen);
	int lo = 0, hi = batch->nmembers;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (strcmp(batch->members[mid].ref, ref) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < batch->nmembers && strcmp(batch->members[i].ref, ref) == 0; i++) {
		const struct sxm_member *m = &batch->members[i];
		if (m->stage != stage)
			continue;
		if (strmap_get(&seen, m->expert))
			continue;
		strmap_put(&seen, m->expert, 1);
		pn.members++;
		pn.technical += m->technical;
		pn.financial += !m->technical;
		pn.demand_recommended += m->demand_recommended;
		pn.on_site += m->on_site_team;
	}
	strmap_free(&seen);
	return pn;
}

static bool affiliated(const struct sxm_task *t, const char *uscc)
{
	if (strcmp(t->demand_uscc, uscc) == 0)
		return true;
	for (int k = 0; k < t->naffiliates; k++)
		if (strcmp(t->affiliates[k], uscc) == 0)
			return true;
	return false;
}

/* The first task of each enterprise demand side in the batch (第十六条). */
static int first_task_of(const struct sxm_batch *batch, int task)
{
	const struct sxm_task *t = &batch->tasks[task];
	for (int k = 0; k < task; k++)
		if (batch->tasks[k].cls == SXM_ENT && strcmp(batch->tasks[k].demand_uscc, t->demand_uscc) == 0)
			return k;
	return task;
}

/* ID-USCC / ID-PERSON on a bid (V2-M1): the lead solver's credit code and
 * the leader's ID number are the keys referrals and E01 join on. */
static bool check_identity(const struct sxm_bid *b, struct reasons *out)
{
	bool refused = false;
	if (!uscc_valid(b->lead_uscc)) {
		reasons_add(out, "ID-USCC", "主揭榜方统一社会信用代码“%s”不符合GB 32100-2015编码规则", b->lead_uscc);
		refused = true;
	}
	if (!person_id_valid(b->leader_id, NULL)) {
		reasons_add(out, "ID-PERSON", "项目负责人身份证号（尾号%s）不符合GB 11643-1999编码规则",
			    b->leader_id[0] ? tail4(b->leader_id) : "空");
		refused = true;
	}
	return refused;
}

/* Formal checks of one bid; true when it is refused. E04 is a warning. */
static bool check_bid(const struct sxm_params *p, const struct sxm_batch *batch, int i, struct reasons *out)
{
	const struct sxm_bid *b = &batch->bids[i];
	const struct sxm_task *t = &batch->tasks[b->task];
	bool refused = check_identity(b, out);
	char s1[16], s2[16];
	if (t->cls == SXM_ENT) {
		if (affiliated(t, b->lead_uscc)) {
			reasons_add(out, "SXM-E01",
				    "主揭榜方%s为需求方%s或其关联单位，不能作为主揭榜方（" RULES "第三十条）",
				    b->lead_solver, t->demand_side);
			refused = true;
		}
		if (b->demand_task_share > 5000 || b->demand_fund_share > 5000) {
			score_format_short(b->demand_task_share, s1, sizeof s1);
			score_format_short(b->demand_fund_share, s2, sizeof s2);
			reasons_add(out, "SXM-E02",
				    "需求方及其关联单位承担任务量%s%%、使用经费%s%%，超过50%%（" RULES "第三十条）", s1,
				    s2);
			refused = true;
		}
		int first = first_task_of(batch, b->task);
		if (first != b->task) {
			reasons_add(
				out, "SXM-E03",
				"需求方%s在本批次已有榜单%s（榜单文件中在先），同一批次企业作为需求方限申报项目一项（" RULES
				"第十六条）",
				t->demand_side, batch->tasks[first].id);
			refused = true;
		}
	} else if (b->tech_lead_id[0] && strcmp(b->leader_id, b->tech_lead_id) != 0) {
		reasons_add(out, "SXM-E04",
			    "项目负责人%s与技术挂帅人%s不是同一人，重大基础前沿与民生公益类原则上应为同一人（" RULES
			    "第十五条）",
			    b->leader_name, b->tech_lead_name);
	}
	if (b->submitted > p->proposal_deadline) {
		char at[32], due[32];
		datetime_format_iso(b->submitted, at);
		datetime_format_iso(p->proposal_deadline, due);
		reasons_add(out, "SXM-E05", "揭榜方案于%s提交，晚于本批次张榜规定的揭榜方案提交截止时间%s", at, due);
		refused = true;
	}
	return refused;
}

/* P01, P02 of a task and P03 of the round: false when its bids are irregular. */
static bool task_procedure(const struct sxm_params *p, const struct sxm_batch *batch, int task, bool posting_ok,
			   struct reasons *out)
{
	const struct sxm_task *t = &batch->tasks[task];
	struct sxm_panel arg = sxm_panel_of(batch, t->id, STAGE_ARGUMENT);
	struct sxm_panel rev = sxm_panel_of(batch, t->id, STAGE_REVIEW);
	bool ok = true;
	char need[160], need2[160];
	if (arg.technical < p->argument_min) {
		reasons_add(out, "SXM-P01", "榜单%s论证会技术专家%d名，应%s", t->id, arg.technical,
			    minimum(need, sizeof need, p->argument_min, 7, "名", "第二十条"));
		ok = false;
	}
	if (rev.technical < p->review_technical_min || rev.financial < p->review_financial_min) {
		reasons_add(out, "SXM-P02", "榜单%s评审会技术专家%d名、财务专家%d名，技术专家应%s，财务专家应%s", t->id,
			    rev.technical, rev.financial,
			    minimum(need, sizeof need, p->review_technical_min, 9, "名", "第二十五条"),
			    minimum(need2, sizeof need2, p->review_financial_min, 3, "名", "第二十五条"));
		ok = false;
	}
	if (!posting_ok) {
		char a[32], b[32];
		date_format_cn(p->posting, a);
		date_format_cn(datetime_day(p->proposal_deadline), b);
		reasons_add(out, "SXM-P03",
			    "张榜发布（%s）至揭榜方案提交截止（%s）不足50日，原则上应不少于50日（" RULES "第二十三条）",
			    a, b);
		ok = false;
	}
	return ok;
}

static void irregular(struct decision *d)
{
	d->status = ST_IRREGULAR;
	d->score = SCORE_NONE;
	d->rank = RANK_NONE;
	d->award = d->self_raise = 0;
}

static void sxm_facts(const void *batch, int i, int64_t *submitted, const char **id)
{
	const struct sxm_bid *b = &((const struct sxm_batch *)batch)->bids[i];
	*submitted = b->submitted, *id = b->id;
}

/* SXM-F02, 第十七条: for ENT, 一事一议 is 省科技厅 审议 then 报省人民政府审定
 * and lifts the 双上限; a PUB task has no 双上限, its award 原则上不得超出
 * 平均支持额度. When the request is within the caps the exception changes
 * nothing, and the sentence says so. */
static void exception_reason(const struct sxm_params *p, const struct sxm_task *t, int64_t average, int64_t award,
			     struct reasons *out)
{
	struct sxm_task plain = *t;
	plain.exception_approved = false;
	bool beyond = award > sxm_fiscal(p, &plain, average);
	char w[32], a[32];
	money_format_wan(award, w, sizeof w);
	money_format_wan(average, a, sizeof a);
	if (t->cls == SXM_ENT && beyond)
		reasons_add(
			out, "SXM-F02",
			"按“一事一议”原则经省科技厅审议通过、按程序报省人民政府审定，突破双上限，财政资金按申请额度%s万元资助（" RULES
			"第十七条）",
			w);
	else if (t->cls == SXM_ENT)
		reasons_add(out, "SXM-F02", "申请额度%s万元未超出双上限，按申请额度资助（" RULES "第十七条）", w);
	else if (beyond)
		reasons_add(out, "SXM-F02",
			    "经“一事一议”审定，资助额度按申请额度%s万元，超出本批次平均支持额度%s万元（" RULES
			    "第十七条规定资助额度原则上不得超出平均支持额度）",
			    w, a);
	else
		reasons_add(out, "SXM-F02",
			    "申请额度%s万元未超出本批次平均支持额度%s万元，按申请额度资助（" RULES "第十七条）", w, a);
}

/* Per task, the best passing bid wins. keys hold every scored bid in rank
 * order; restricted to one task, that is the task's ranking. */
static void decide_tasks(const struct sxm_params *p, const struct sxm_batch *batch, const struct rank_key *keys,
			 int ranked, const struct sxm_round *round, struct decision *d)
{
	int *place = xcalloc((size_t)batch->ntasks + 1, sizeof *place);
	bool *won = xcalloc((size_t)batch->ntasks + 1, sizeof *won);
	for (int k = 0; k < ranked; k++) {
		int i = keys[k].index, task = batch->bids[i].task;
		const struct sxm_task *t = &batch->tasks[task];
		char s[16];
		int r = d[i].rank = ++place[task];
		if (d[i].score < p->review.pass_score) {
			char pass[16];
			score_format_short(d[i].score, s, sizeof s);
			score_format_short(p->review.pass_score, pass, sizeof pass);
			reasons_add(&d[i].reasons, "SXM-R01",
				    "评审得分%s分，低于本批次立项分数线%s分（根据专家评审结果研究形成拟中榜建议，" RULES
				    "第二十六条）",
				    s, pass);
			continue;
		}
		if (won[task]) {
			reasons_add(
				&d[i].reasons, "SXM-R02",
				"同一榜单评审排名第%d位，排名第1位的揭榜方案拟中榜（根据专家评审结果研究形成拟中榜建议，" RULES
				"第二十六条）",
				r);
			continue;
		}
		won[task] = true;
		d[i].status = ST_PROPOSED;
		d[i].award = sxm_fiscal(p, t, round->average);
		/* 第十七条's "差额部分由需求方自筹解决" is written for ENT tasks;
		 * a PUB task's demand side is the provincial government (V2-M3). */
		INVARIANT(d[i].award <= d[i].requested);
		d[i].self_raise = t->cls == SXM_ENT ? d[i].requested - d[i].award : 0;
		if (t->exception_approved)
			exception_reason(p, t, round->average, d[i].award, &d[i].reasons);
	}
	free(place);
	free(won);
}

bool sxm_decide(const struct sxm_params *p, const struct sxm_batch *batch, struct calendar *cal, struct decision *d,
		struct sxm_round *round, struct strbuf *err)
{
	memset(round, 0, sizeof *round);
	round->average = sxm_average_support(p, batch);
	round->posting_ok = datetime_day(p->proposal_deadline) - p->posting >= 50;
	if (!calendar_nth_working_day(cal, p->call->publicity_start, p->publicity_working_days, &round->publicity_end,
				      err))
		return false;
	int n = batch->nbids;
	bool *needs = xcalloc((size_t)n + 1, sizeof *needs);
	for (int i = 0; i < n; i++) {
		memset(&d[i], 0, sizeof d[i]);
		reasons_init(&d[i].reasons);
		d[i].score = SCORE_NONE;
		d[i].rank = RANK_NONE;
		d[i].ban_until = DATE_NONE;
		d[i].status = ST_NOT_FUNDED;
		d[i].requested = batch->tasks[batch->bids[i].task].requested_fiscal;
		if (check_bid(p, batch, i, &d[i].reasons))
			d[i].status = ST_REFUSED;
		else if (!task_procedure(p, batch, batch->bids[i].task, round->posting_ok, &d[i].reasons))
			irregular(&d[i]);
		needs[i] = d[i].status == ST_NOT_FUNDED;
	}
	struct rank_key *keys = xmalloc((size_t)(n ? n : 1) * sizeof *keys);
	int ranked = review_and_rank(&p->review, batch->evals, batch->nevals, n, needs, sxm_facts, batch, d, keys);
	decide_tasks(p, batch, keys, ranked, round, d);
	free(keys);
	for (int i = 0; i < n && p->publicity_working_days < 5; i++) {
		if (d[i].status != ST_PROPOSED)
			continue;
		reasons_add(&d[i].reasons, "SXM-P04",
			    "拟中榜名单公示期%d个工作日，少于5个工作日（" RULES "第二十七条）",
			    p->publicity_working_days);
		/* The review stands (score and rank kept); the publicity does not. */
		d[i].status = ST_IRREGULAR;
		d[i].award = d[i].self_raise = 0;
	}
	/* 第二十八条: only a winner without objection goes on to its task book. */
	objections_apply(&batch->objections, p->call->publicity_start, round->publicity_end, d);
	for (int i = 0; i < n; i++)
		if (d[i].status == ST_PROPOSED && p->call->decided != DATE_NONE &&
		    p->call->decided > round->publicity_end)
			d[i].status = ST_FUNDED;
	free(needs);
	return true;
}

const char *sxm_recovery_status_name(enum sxm_recovery_status s)
{
	static const char *const names[] = { "通过验收", "结题",       "不通过验收", "终止",
					     "撤销",     "程序不合规", "待验收",     "按原规定办理" };
	return names[s];
}

/* A02 and A03: the site team and the meeting panel of a concluded project. */
static bool acceptance_panels(const struct sxm_params *p, const struct sxm_batch *batch, const char *id,
			      struct reasons *out)
{
	struct sxm_panel site = sxm_panel_of(batch, id, STAGE_SITE);
	struct sxm_panel meet = sxm_panel_of(batch, id, STAGE_MEETING);
	bool ok = true;
	char need[160];
	if (site.members < p->site_min || 3 * site.technical < 2 * site.members || site.demand_recommended < 1) {
		reasons_add(
			out, "SXM-A02",
			"现场考察专家组%d人（技术专家%d人、需求方推荐%d人），应%s，技术专家不少于三分之二且含需求方推荐专家至少1名（" RULES
			"第四十一条）",
			site.members, site.technical, site.demand_recommended,
			minimum(need, sizeof need, p->site_min, 5, "人", "第四十一条"));
		ok = false;
	}
	if (meet.members < p->meeting_min || 3 * meet.technical < 2 * meet.members || meet.demand_recommended < 1 ||
	    meet.on_site < 1) {
		reasons_add(
			out, "SXM-A03",
			"验收会议专家组%d人（技术专家%d人、需求方推荐%d人、现场考察专家%d人），应%s，技术专家不少于三分之二且需求方推荐专家和现场考察专家至少各1名（" RULES
			"第四十二条）",
			meet.members, meet.technical, meet.demand_recommended, meet.on_site,
			minimum(need, sizeof need, p->meeting_min, 7, "人", "第四十二条"));
		ok = false;
	}
	return ok;
}

static int64_t unspent(const struct sxm_acceptance *a)
{
	return a->received > a->spent ? a->received - a->spent : 0;
}

static const char *wan(int64_t yuan, char *buf)
{
	money_format_wan(yuan, buf, 32);
	return buf;
}

/* What a reason says is taken back: what and how much ("收回结余财政资金
 * 37.5万元"), or, when that is nothing, why ("无结余财政资金收回"): a
 * notice never asks for 0 万元. */
static const char *taking_back(int64_t yuan, const char *what, const char *nothing, char *buf, size_t size)
{
	char x[32];
	if (yuan > 0)
		snprintf(buf, size, "%s%s万元", what, wan(yuan, x));
	else
		snprintf(buf, size, "%s", nothing);
	return buf;
}

#define NOTHING_PAID "尚未拨付财政资金，无须追缴"
#define NOTHING_LEFT "已拨付的财政资金已全部使用，无结余财政资金收回"

/* X01 (第五十、五十二条): approved before the 细则 took effect. Without an
 * approved date, an execution period that ended before then proves it
 * (the seed; rules.md V2-M4 lets every undated project follow the 细则).
 * A date programme.xml moved is the batch's: 第五十条 is cited for its own
 * date only. */
static bool former_rules(const struct sxm_params *p, const struct sxm_acceptance *a, struct sxm_outcome *o)
{
	bool dated = a->approved != DATE_NONE;
	if (dated ? a->approved >= p->effective : a->end >= p->effective)
		return false;
	char x[32], y[32], when[320];
	int32_t seed;
	date_from_ymd(2024, 6, 30, &seed);
	date_format_cn(dated ? a->approved : a->end, x);
	date_format_cn(p->effective, y);
	if (p->effective != seed)
		snprintf(when, sizeof when,
			 "本批次规定的施行日（%s；" RULES "第五十条规定本细则自2024年6月30日起施行）", y);
	else
		snprintf(when, sizeof when, "本细则施行%s（%s，" RULES "第五十条）", dated ? "" : "之日", y);
	o->status = REC_FORMER;
	if (dated)
		reasons_add(
			&o->reasons, "SXM-X01",
			"项目于%s立项，在%s前，按照原细则（办法）执行（第五十二条），不依本细则作出验收结论、收回资金或移送处理",
			x, when);
	else
		reasons_add(
			&o->reasons, "SXM-X01",
			"立项日期未填写，项目执行期于%s结束，早于%s，属本细则实施前已立项的项目，按照原细则（办法）执行（第五十二条），不依本细则作出验收结论、收回资金或移送处理",
			x, when);
	return true;
}

/* 终止, 强制终止 and 撤销: the money to recover (第三十六、四十八、四十九条). */
static bool ended_early(const struct sxm_acceptance *a, struct sxm_outcome *o)
{
	char x[96];
	if (a->revoked) {
		o->status = REC_REVOKED;
		o->recover = a->received;
		reasons_add(&o->reasons, "SXM-A06", "项目撤销，%s（" RULES "第四十九条）",
			    taking_back(o->recover, "追缴全部财政资金", NOTHING_PAID, x, sizeof x));
	} else if (a->terminated && a->forced) {
		o->status = REC_TERMINATED;
		o->forced = true;
		o->recover = a->received;
		reasons_add(&o->reasons, "SXM-A06", "项目强制终止，%s（" RULES "第四十八条）",
			    taking_back(o->recover, "追缴全部财政资金", NOTHING_PAID, x, sizeof x));
	} else if (a->terminated) {
		o->status = REC_TERMINATED;
		o->recover = unspent(a);
		reasons_add(&o->reasons, "SXM-A06", "项目终止，停止拨付财政资金，%s（" RULES "第三十六条）",
			    taking_back(o->recover, "收回结余财政资金", NOTHING_LEFT, x, sizeof x));
	} else {
		return false;
	}
	return true;
}

/* No conclusion yet: 不通过验收 only when overdue by more than a year AND
 * refusing to cooperate (第四十三条（三） needs both); overdue alone is
 * still 待验收, with A01 — and so is a project past the 6 months of 第三十八条
 * without an application, which breaks that article already (the seed;
 * rules.md flags only the year). Returns the conclusion to go on with. */
static enum sxm_conclusion without_conclusion(const struct sxm_params *p, const struct sxm_acceptance *a,
					      struct sxm_outcome *o)
{
	char x[32];
	bool overdue = a->applied == DATE_NONE && p->call->decided > date_add_months(a->end, 18);
	date_format_cn(a->end, x);
	if (overdue && a->refused_cooperation) {
		reasons_add(
			&o->reasons, "SXM-A04",
			"执行期%s结束，逾期超过1年未提出验收申请且拒不配合项目验收工作，验收结论为不通过验收（" RULES
			"第四十三条（三））",
			x);
		return CONCL_FAIL;
	}
	if (overdue)
		reasons_add(&o->reasons, "SXM-A01",
			    "执行期%s结束，逾期超过1年仍未提出验收申请，应在执行期满后6个月内提出（" RULES
			    "第三十八条）；未认定拒不配合验收，不作不通过验收结论（第四十三条（三））",
			    x);
	else if (a->applied == DATE_NONE && p->call->decided > date_add_months(a->end, 6))
		reasons_add(&o->reasons, "SXM-A01",
			    "执行期%s结束，已超过执行期满后6个月，仍未提出验收申请（" RULES "第三十八条）", x);
	o->status = REC_PENDING;
	return CONCL_NONE;
}

static void concluded(const struct sxm_acceptance *a, enum sxm_conclusion c, struct sxm_outcome *o)
{
	char x[96];
	o->status = c == CONCL_PASS ? REC_PASS : c == CONCL_CLOSED ? REC_CLOSED : REC_FAIL;
	if (c == CONCL_CLOSED) {
		o->recover = unspent(a);
		reasons_add(&o->reasons, "SXM-A05", "验收结论为结题，%s（" RULES "第四十四条）",
			    taking_back(o->recover, "收回结余财政资金", NOTHING_LEFT, x, sizeof x));
	} else if (c == CONCL_FAIL) {
		o->recover = a->received;
		o->refer_unit = uscc_valid(a->lead_uscc);
		o->refer_person = person_id_valid(a->leader_id, NULL);
		/* 第四十三条（三） lets the failure stem from the 需求方 or the
		 * 揭榜方: the referral is for the responsibility to be
		 * determined, it does not name the responsible. */
		reasons_add(&o->reasons, "SXM-A05",
			    "验收结论为不通过验收，%s，并对主要责任单位和个人按照科研诚信有关规定进行惩戒（" RULES
			    "第四十四条）；移送主揭榜方和项目负责人，按照科研诚信有关规定认定责任并处理",
			    taking_back(o->recover, "收回全部财政资金", "尚未拨付财政资金，无须收回", x, sizeof x));
		/* A referral joins on the number: say why one is missing. */
		if (!o->refer_unit)
			reasons_add(&o->reasons, "ID-USCC",
				    "主揭榜方统一社会信用代码“%s”不符合GB 32100-2015编码规则，未能移送", a->lead_uscc);
		if (!o->refer_person)
			reasons_add(&o->reasons, "ID-PERSON",
				    "项目负责人身份证号（尾号%s）不符合GB 11643-1999编码规则，未能移送",
				    a->leader_id[0] ? tail4(a->leader_id) : "空");
	}
}

static void check_one(const struct sxm_params *p, const struct sxm_batch *batch, const struct sxm_acceptance *a,
		      struct sxm_outcome *o)
{
	if (former_rules(p, a, o))
		return;
	char x[32], y[32];
	if (a->applied != DATE_NONE && a->applied > date_add_months(a->end, 6)) {
		date_format_cn(a->end, x);
		date_format_cn(a->applied, y);
		reasons_add(&o->reasons, "SXM-A01",
			    "执行期%s结束，验收申请%s提出，超过执行期满后6个月（" RULES "第三十八条）", x, y);
	}
	if (ended_early(a, o))
		return;
	enum sxm_conclusion c = a->conclusion;
	if (c == CONCL_NONE) {
		c = without_conclusion(p, a, o);
		if (c == CONCL_NONE)
			return;
	} else if (!acceptance_panels(p, batch, a->id, &o->reasons)) {
		o->status = REC_IRREGULAR;
		return;
	}
	concluded(a, c, o);
}

/* A recovery is never more than was paid out, nor negative. */
static void check_recovery(const struct sxm_acceptance *a, const struct sxm_outcome *o)
{
	INVARIANT(o->recover >= 0 && o->recover <= a->received);
}

void sxm_check_acceptance(const struct sxm_params *p, const struct sxm_batch *batch, struct sxm_outcome *out)
{
	for (int i = 0; i < batch->nacceptances; i++) {
		memset(&out[i], 0, sizeof out[i]);
		reasons_init(&out[i].reasons);
		check_one(p, batch, &batch->acceptances[i], &out[i]);
		check_recovery(&batch->acceptances[i], &out[i]);
	}
}
