/* rules.c: the shenzhen-intl rules (rules.md §3; seed 003). Each
 * failing fact adds a reason naming it and citing the article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capitals.h"
#include "date.h"
#include "ids.h"
#include "invariant.h"
#include "money.h"
#include "review.h"
#include "model.h"

#define RULES "《深圳市国际科技合作项目资助管理办法》"
/* The seed numbers two articles 第五条 and two 第六条; the conditions of
 * a category are cited with the heading the seed gives them, so that a
 * citation cannot be read as the other article of the same number. */
#define ART_GOV "第六条【政府间合作项目申请条件】"
#define ART_IND "第五条【自主合作申请条件】"
#define ART_ACT "第六条【活动交流申请条件】"
#define ART_PER "第七条"

enum szi_expert_flaw szi_expert_flaw(const struct szi_params *p, const struct szi_expert *x)
{
	if (x->title == XT_OTHER)
		return EXPERT_TITLE;
	if (x->applicant_staff)
		return EXPERT_STAFF;
	if (x->funded_elsewhere)
		return EXPERT_FUNDED;
	/* 第二条(四): the exchanges of the year before the call's (上年度). */
	if (x->visit_year && x->visit_year != p->call->year - 1)
		return EXPERT_VISIT_YEAR;
	return EXPERT_OK;
}

/* Experts are kept by application (szi_read_done): a binary search, not
 * a scan of every expert for every application. */
void szi_experts_of(const struct szi_batch *batch, int app, int *from, int *to)
{
	int lo = 0, hi = batch->nexperts;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (batch->experts[mid].app < app)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (lo < batch->nexperts && batch->experts[lo].app == app)
		lo++;
	*to = lo;
}

int64_t szi_base(const struct szi_params *p, const struct szi_batch *batch, int app)
{
	const struct szi_app *a = &batch->apps[app];
	switch (a->category) {
	case SZI_GOV:
	case SZI_IND:
		return a->cn_rd_input;
	case SZI_ACT:
		return a->audited_cost;
	default:
		break;
	}
	/* Ingest refused any expert row that would take the application's
	 * costs past MONEY_MAX; these are some of them. */
	int64_t base = 0;
	int from, to;
	szi_experts_of(batch, app, &from, &to);
	for (int k = from; k < to; k++) {
		const struct szi_expert *x = &batch->experts[k];
		if (szi_expert_flaw(p, x) == EXPERT_OK) {
			bool in_range =
				money_add(&base, x->travel) && money_add(&base, x->board) && money_add(&base, x->fee);
			INVARIANT(in_range);
		}
	}
	return base;
}

int64_t szi_requested(const struct szi_params *p, enum szi_category c, int64_t base)
{
	return money_percent_floor(base, p->category[c].percent);
}

/* Each category's article on the applicant (its item (一)). */
static const char *unit_article(enum szi_category c)
{
	static const char *const articles[SZI_CATEGORIES] = { ART_GOV, ART_IND, ART_ACT, ART_PER };
	return articles[c];
}

/* Item (一) of each category's article: registered in Shenzhen or the
 * Shenzhen–Shanwei zone. An invalid code says nothing of where the unit
 * is registered: then ID-USCC alone (v2). */
static void check_unit(const struct szi_app *a, struct reasons *out)
{
	if (!uscc_valid(a->applicant_uscc)) {
		reasons_add(out, "ID-USCC",
			    "申请单位统一社会信用代码“%s”不符合GB 32100-2015编码规则，无法据以认定注册地",
			    a->applicant_uscc);
	} else {
		char city[8];
		uscc_division(a->applicant_uscc, 4, city);
		if (strcmp(city, "4403") != 0 && !a->in_shenshan)
			reasons_add(
				out, "SZI-E01",
				"申请单位登记地行政区划代码为%s，不是在深圳市（4403）或者深汕特别合作区内依法注册的单位（" RULES
				"%s（一））",
				city, unit_article(a->category));
	}
	if (!person_id_valid(a->pi_id, NULL))
		reasons_add(out, "ID-PERSON", "项目负责人身份证号（尾号%s）不符合GB 11643-1999编码规则",
			    strlen(a->pi_id) >= 4 ? a->pi_id + strlen(a->pi_id) - 4 : "空");
}

static void check_gov(const struct szi_app *a, struct reasons *out)
{
	if (!a->partner_applied)
		reasons_add(out, "SZI-E02",
			    "外方合作单位未向其科技主管部门申报，单方申报无效（" RULES ART_GOV "（三））");
	if (!a->content_consistent)
		reasons_add(out, "SZI-E02",
			    "外方递交其主管部门的申请书与本项目申请书主要内容不一致（" RULES ART_GOV "（四））");
}

static void check_ind(const struct szi_app *a, struct reasons *out)
{
	if (!a->cn_enterprise && !a->joint_lab)
		reasons_add(out, "SZI-E03",
			    "中方单位不含企业，且不是在深高等院校与海外院校设立的联合实验室（" RULES ART_IND
			    "（二）、（五））");
	if (!a->agreement_signed)
		reasons_add(out, "SZI-E03", "双方未签署合作协议或意向书（" RULES ART_IND "（三））");
	if (a->ip_owner != IP_JOINT && a->ip_owner != IP_CHINESE)
		reasons_add(out, "SZI-E03", "合作研发成果%s，不为双方共有或中方所有（" RULES ART_IND "（四））",
			    a->ip_owner == IP_FOREIGN ? "归外方所有" : "归属未载明");
}

/* 第二条(三) funds an event held in Shenzhen, or one held abroad that the
 * applicant undertakes for the municipal government or its departments;
 * the participant numbers and the foreign-affairs filing are asked of
 * the events held in Shenzhen (v2). */
static void check_act(const struct szi_params *p, const struct szi_app *a, struct reasons *out)
{
	if (!a->host_role)
		reasons_add(out, "SZI-E04", "申请单位不是交流活动的主办方或承办方（" RULES ART_ACT "（一））");
	if (!a->in_shenzhen) {
		if (!a->commissioned)
			reasons_add(
				out, "SZI-E04",
				"交流活动未在深圳举办，也不是承担市政府及其部门在国外举办的科技合作交流推介会、项目对接会等项目（" RULES
				"第二条（三））");
		return;
	}
	bool seed = p->act_participants == SZI_SEED_ACT_PARTICIPANTS && p->act_foreign == SZI_SEED_ACT_FOREIGN;
	if (a->participants < p->act_participants || a->foreign_participants < p->act_foreign) {
		if (seed)
			reasons_add(out, "SZI-E04",
				    "在深圳举办的交流活动参加人数%d人、外宾%d人，未达到%d人以上且外宾%d人以上（" RULES
					    ART_ACT "（二））",
				    a->participants, a->foreign_participants, p->act_participants, p->act_foreign);
		else
			reasons_add(
				out, "SZI-E04",
				"在深圳举办的交流活动参加人数%d人、外宾%d人，未达到%d人以上且外宾%d人以上（本批次规定；" RULES
					ART_ACT "（二）规定%d人以上且外宾%d人以上）",
				a->participants, a->foreign_participants, p->act_participants, p->act_foreign,
				SZI_SEED_ACT_PARTICIPANTS, SZI_SEED_ACT_FOREIGN);
	}
	if (!a->fa_approved)
		reasons_add(out, "SZI-E04",
			    "国际会议未按程序通过市外事部门完成报批或备案手续（" RULES ART_ACT "（三））");
}

/* The sentence of a dropped expert, with the clause it fails. */
static void expert_reason(const struct szi_params *p, const struct szi_expert *x, enum szi_expert_flaw flaw,
			  struct reasons *out)
{
	char cost[32], visit[64];
	money_format_wan(x->travel + x->board + x->fee, cost, sizeof cost);
	const char *why = "", *article = "";
	switch (flaw) {
	case EXPERT_TITLE:
		why = "未获博士学位，也无副教授、副研究员、高级工程师及以上或同等职称", article = ART_PER "（二）";
		break;
	case EXPERT_STAFF:
		why = "为申请单位人员", article = ART_PER "（三）";
		break;
	case EXPERT_FUNDED:
		why = "已获国家、省或市资助的科技交流计划或国际合作项目资助", article = ART_PER "（四）";
		break;
	default:
		snprintf(visit, sizeof visit, "来深年度为%d年，不是上年度（%d年）", x->visit_year, p->call->year - 1);
		why = visit, article = "第二条（四）";
		break;
	}
	reasons_add(out, "SZI-E05", "外国专家%s%s，其费用%s万元不列入资助基数（" RULES "%s）", x->name, why, cost,
		    article);
}

/* True when the application is refused: not a university or institute,
 * or no expert left; each dropped expert is a reason of its own. */
static bool check_per(const struct szi_params *p, const struct szi_batch *batch, int app, struct reasons *out)
{
	const struct szi_app *a = &batch->apps[app];
	bool refused = false;
	if (a->applicant_kind != SZI_UNIVERSITY && a->applicant_kind != SZI_INSTITUTE) {
		reasons_add(out, "SZI-E05", "人员交流项目申请单位应为高等院校或科研机构（" RULES ART_PER "（一））");
		refused = true;
	}
	int eligible = 0, listed = 0, from, to;
	szi_experts_of(batch, app, &from, &to);
	for (int k = from; k < to; k++) {
		const struct szi_expert *x = &batch->experts[k];
		listed++;
		enum szi_expert_flaw flaw = szi_expert_flaw(p, x);
		if (flaw == EXPERT_OK)
			eligible++;
		else
			expert_reason(p, x, flaw, out);
	}
	if (!eligible) {
		reasons_add(out, "SZI-E05", "列报外国专家%d人，无一符合资助条件（" RULES "第二条（四）、" ART_PER "）",
			    listed);
		refused = true;
	}
	return refused;
}

/* A ban in force on the unit or the PI on the day of the application.
 * The ban's own decision is its ground: a record of sanctions.csv may come
 * from another regulation than 第十五条, so no article is cited for it. */
static void check_bans(const struct szi_batch *batch, const struct szi_app *a, struct reasons *out)
{
	const struct sanction *s[2] = {
		sanction_active(&batch->sanctions, SUBJECT_UNIT, a->applicant_uscc, a->submitted),
		sanction_active(&batch->sanctions, SUBJECT_PERSON, a->pi_id, a->submitted),
	};
	for (int k = 0; k < 2; k++) {
		if (!s[k])
			continue;
		char period[96], on[32];
		sanction_period_cn(s[k], period, sizeof period);
		date_format_cn(a->submitted, on);
		reasons_add(out, "SZI-E06", "%s处于禁止申报期内（%s，事由：%s），申请日期%s在此期间",
			    k ? "项目负责人" : "申请单位", period,
			    s[k]->reason && *s[k]->reason ? s[k]->reason : "未载明", on);
	}
}

bool szi_check_eligibility(const struct szi_params *p, const struct szi_batch *batch, int app, struct reasons *out)
{
	const struct szi_app *a = &batch->apps[app];
	check_unit(a, out);
	switch (a->category) {
	case SZI_GOV:
		check_gov(a, out);
		break;
	case SZI_IND:
		check_ind(a, out);
		break;
	case SZI_ACT:
		check_act(p, a, out);
		break;
	default:
		break;
	}
	/* Until here every reason refuses; a dropped PER expert does not. */
	bool refused = out->count > 0;
	if (a->category == SZI_PER)
		refused = check_per(p, batch, app, out) || refused;
	int n = out->count;
	check_bans(batch, a, out);
	return refused || out->count > n;
}

static void szi_facts(const void *batch, int i, int64_t *submitted, const char **id)
{
	const struct szi_app *a = &((const struct szi_batch *)batch)->apps[i];
	*submitted = a->submitted, *id = a->id;
}

/* GOV and IND: reviewed, ranked and funded within the budget like
 * shanxi-coop (第十、十一条). */
static void review_and_fund(const struct szi_params *p, const struct szi_batch *batch, struct decision *d,
			    struct szi_round *round)
{
	int n = batch->napps;
	bool *needs = xcalloc((size_t)n + 1, sizeof *needs);
	for (int i = 0; i < n; i++)
		needs[i] = d[i].status != ST_REFUSED && batch->apps[i].category <= SZI_IND;
	struct rank_key *keys = xmalloc((size_t)(n ? n : 1) * sizeof *keys);
	int ranked = review_and_rank(&p->review, batch->evals, batch->nevals, n, needs, szi_facts, batch, d, keys);
	int64_t left = p->budget;
	bool stopped = false;
	for (int r = 0; r < ranked; r++) {
		int i = keys[r].index;
		d[i].rank = r + 1;
		char s[16], line[16], x[32], y[32], total[32];
		if (d[i].score < p->review.pass_score) {
			score_format(d[i].score, s, sizeof s);
			score_format_short(p->review.pass_score, line, sizeof line);
			reasons_add(&d[i].reasons, "SZI-R01",
				    "评审得分%s分，低于本批次立项分数线%s分（综合专家评审意见提出拟资助项目，" RULES
				    "第十一条）",
				    s, line);
			continue;
		}
		int64_t cap = p->category[batch->apps[i].category].cap;
		int64_t award = d[i].requested < cap ? d[i].requested : cap;
		if (stopped || award > left) {
			stopped = stopped || p->walk == WALK_STOP;
			money_format_wan(award, x, sizeof x);
			money_format_wan(left, y, sizeof y);
			money_format_wan(p->budget, total, sizeof total);
			reasons_add(&d[i].reasons, "SZI-R02",
				    "评审排名第%d位，拟资助%s万元超过本批次预算余额%s万元（本批次预算%s万元）", r + 1,
				    x, y, total);
			continue;
		}
		INVARIANT(award >= 0 && award <= d[i].requested && award <= cap && award <= left);
		left -= award;
		d[i].status = ST_PROPOSED;
		d[i].award = award;
		d[i].self_raise = d[i].requested - award;
	}
	INVARIANT(left >= 0 && left <= p->budget);
	round->budget_used = p->budget - left;
	free(keys);
	free(needs);
}

void szi_decide(const struct szi_params *p, const struct szi_batch *batch, struct decision *d, struct szi_round *round)
{
	memset(round, 0, sizeof *round);
	/* 第十二条: the first day counts, so 10 days end on start + 9. */
	round->publicity_end = p->call->publicity_start + p->publicity_days - 1;
	for (int i = 0; i < batch->napps; i++) {
		const struct szi_app *a = &batch->apps[i];
		memset(&d[i], 0, sizeof d[i]);
		reasons_init(&d[i].reasons);
		d[i].score = SCORE_NONE;
		d[i].rank = RANK_NONE;
		d[i].ban_until = DATE_NONE;
		d[i].status = ST_NOT_FUNDED;
		d[i].requested = szi_requested(p, a->category, szi_base(p, batch, i));
		if (szi_check_eligibility(p, batch, i, &d[i].reasons))
			d[i].status = ST_REFUSED;
	}
	review_and_fund(p, batch, d, round);
	/* ACT and PER are funded after the event, outside the budget (第二条、第十六条). */
	for (int i = 0; i < batch->napps; i++) {
		enum szi_category c = batch->apps[i].category;
		if (c <= SZI_IND || d[i].status == ST_REFUSED)
			continue;
		int64_t cap = p->category[c].cap;
		d[i].status = ST_PROPOSED;
		d[i].award = d[i].requested < cap ? d[i].requested : cap;
		INVARIANT(money_in_range(d[i].award) && d[i].award <= d[i].requested && d[i].award <= cap);
		d[i].self_raise = d[i].requested - d[i].award;
	}
	/* 第十二条: objections within the 10 days hold their projects. */
	round->ignored_objections =
		objections_apply(&batch->objections, p->call->publicity_start, round->publicity_end, d);
	if (p->call->decided != DATE_NONE && p->call->decided > round->publicity_end)
		for (int i = 0; i < batch->napps; i++)
			if (d[i].status == ST_PROPOSED)
				d[i].status = ST_FUNDED;
}

const char *szi_contract_status_name(enum szi_contract_status s)
{
	static const char *const names[] = { "正常", "逾期", "禁止申报" };
	return names[s];
}

static void check_contract(const struct szi_params *p, const struct szi_contract *c, struct szi_contract_outcome *o)
{
	char a[32], b[32], c_months[16], years[16];
	if (c->contract_on - c->approved_on > p->contract_days) {
		date_format_cn(c->approved_on, a);
		date_format_cn(c->contract_on, b);
		reasons_add(&o->reasons, "SZI-P02",
			    "立项文件%s下达，合同%s签订，超过立项文件下达之日起%d日（" RULES "第十三条）", a, b,
			    p->contract_days);
	}
	int32_t due = date_add_months(c->contract_end, p->completion_grace_months);
	int32_t asked = c->applied != DATE_NONE ? c->applied : p->call->decided;
	if (asked > due) {
		date_format_cn(c->contract_end, a);
		if (c->applied != DATE_NONE) {
			date_format_cn(c->applied, b);
			reasons_add(&o->reasons, "SZI-A01",
				    "合同完成日期%s，验收申请%s提出，超过%s个月（" RULES "第十五条）", a, b,
				    cn_numeral(p->completion_grace_months, c_months));
		} else {
			reasons_add(&o->reasons, "SZI-A01",
				    "合同完成日期%s，%s个月内未提出验收申请（" RULES "第十五条）", a,
				    cn_numeral(p->completion_grace_months, c_months));
		}
	}
	bool overdue = !c->completed && p->call->decided > c->contract_end;
	if (c->terminated_unapproved || overdue) {
		o->status = CONTRACT_BANNED;
		o->ban_until = date_period_end(p->call->decided, p->ban_years);
		date_format_cn(p->call->decided, a);
		date_format_cn(o->ban_until, b);
		reasons_add(&o->reasons, "SZI-B01",
			    "%s，承担单位和项目负责人%s年内不得申报市科技计划项目资助（" RULES
			    "第十五条），即自%s起至%s止",
			    c->terminated_unapproved ? "未经同意终止项目" : "未经同意不按期完成项目",
			    cn_numeral(p->ban_years, years), a, b);
	} else if (o->reasons.count) {
		o->status = CONTRACT_LATE;
	}
}

void szi_check_contracts(const struct szi_params *p, const struct szi_batch *batch, struct szi_contract_outcome *out)
{
	for (int i = 0; i < batch->ncontracts; i++) {
		memset(&out[i], 0, sizeof out[i]);
		reasons_init(&out[i].reasons);
		out[i].status = CONTRACT_OK;
		out[i].ban_until = DATE_NONE;
		check_contract(p, &batch->contracts[i], &out[i]);
	}
}
