/* rules.c: the zhejiang-base rules (rules.md §4; seed 004). Each
 * check names the failing fact and cites the article. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "ids.h"
#include "money.h"
#include "review.h"
#include "model.h"

enum zjb_grade zjb_grade_of(const struct zjb_params *p, int score)
{
	if (score == SCORE_NONE)
		return GRADE_NONE;
	return score >= p->excellent_from ? GRADE_EXCELLENT : score >= p->pass_from ? GRADE_PASS : GRADE_FAIL;
}

bool zjb_report_late(const struct zjb_params *p, const struct zjb_base *b)
{
	int32_t due;
	date_from_ymd(p->call->year + 1, 1, 31, &due);
	bool late = b->report_submitted == DATE_NONE || b->report_submitted > due;
	return late && !b->report_supplied;
}

enum zjb_grade zjb_previous_grade(const struct zjb_batch *batch, int base, int year)
{
	int best = 0;
	enum zjb_grade g = GRADE_NONE;
	for (int i = 0; i < batch->nhistory; i++) {
		const struct zjb_history *h = &batch->history[i];
		if (h->base == base && h->year < year && h->year > best)
			best = h->year, g = h->grade;
	}
	return g;
}

static const char *trimmed(int hundredths, char *buf)
{
	score_format_short(hundredths, buf, 16);
	return buf;
}

/* 第七条: host in Zhejiang, an independent legal person with the team,
 * facilities, funds and the management rules. */
static void check_e01(const struct zjb_base *b, struct reasons *out)
{
	if (!uscc_valid(b->host_uscc)) {
		reasons_add(out, "ID-USCC", "依托单位统一社会信用代码“%s”不符合GB 32100-2015编码规则", b->host_uscc);
	} else {
		char province[8];
		uscc_division(b->host_uscc, 2, province);
		if (strcmp(province, "33") != 0)
			reasons_add(out, "ZJB-E01", "依托单位登记地行政区划代码为%s，不是浙江省内（33）依法注册的独立法人（第七条（一））",
				    province);
	}
	if (!b->team_and_rules)
		reasons_add(out, "ZJB-E01", "依托单位未配齐科研与管理团队、设施、经费等条件，或知识产权、数据跨境、人类遗传资源、科研伦理和保密等管理制度不完善（第七条（一）、（三））");
}

/* The high-tech-enterprise standard for the host's revenue. */
static bool meets_rd_standard(const struct zjb_params *p, const struct zjb_base *b)
{
	return b->rd_intensity >= 0 && b->rd_intensity >= zjb_rd_standard(p, b->revenue);
}

static void rd_reason(const struct zjb_params *p, const struct zjb_base *b, const char *code,
		      const char *article, struct reasons *out)
{
	char have[16], need[16], wan[32];
	money_format_wan(b->revenue, wan, sizeof wan);
	trimmed(zjb_rd_standard(p, b->revenue), need);
	if (b->rd_intensity < 0)
		reasons_add(out, code, "未提供近三年平均研发经费投入强度，无法认定达到国家高新技术企业标准（%s%%）（%s）",
			    need, article);
	else
		reasons_add(out, code, "近三年平均研发经费投入强度%s%%，低于上年营业收入%s万元对应的国家高新技术企业标准%s%%（%s）",
			    trimmed(b->rd_intensity, have), wan, need, article);
}

/* 第八条: joint R&D. */
static void check_e02(const struct zjb_params *p, const struct zjb_base *b, struct reasons *out)
{
	if (b->overseas_agreements < 3)
		reasons_add(out, "ZJB-E02", "与海外机构签有的科技合作协议%d个，少于3个（第八条（二））",
			    b->overseas_agreements);
	if (b->host_kind != HOST_ENTERPRISE) {
		if (!b->led_provincial_project)
			reasons_add(out, "ZJB-E02", "依托单位未承担过由基地负责人或核心成员负责的省级及以上科技计划项目（第八条（一））");
		return;
	}
	if (!b->own_ip_products)
		reasons_add(out, "ZJB-E02", "依托企业没有具有自主知识产权的产品和成果（第八条（一））");
	if (!meets_rd_standard(p, b))
		rd_reason(p, b, "ZJB-E02", "第八条（一）", out);
}

/* 第九条: open service. */
static void check_e03(const struct zjb_base *b, struct reasons *out)
{
	if (!b->osv_resources)
		reasons_add(out, "ZJB-E03", "缺少稳定优质的国际科技创新合作资源或项目孵化落地场所（第九条（一））");
	if (!b->osv_cases)
		reasons_add(out, "ZJB-E03", "没有服务境内外技术和人才项目双向转移转化的成功案例（第九条（二））");
}

/* 第十条: one of the two conditions. */
static void check_e04(const struct zjb_params *p, const struct zjb_base *b, struct reasons *out)
{
	if (b->ftr_overseas_unit || (b->ftr_foreign_rd_centre && meets_rd_standard(p, b)))
		return;
	if (b->ftr_foreign_rd_centre)
		rd_reason(p, b, "ZJB-E04", "第十条（二）", out);
	else
		reasons_add(out, "ZJB-E04", "既未在海外设立控股研发机构，也不是符合条件的在浙外资研发中心（第十条）");
}

void zjb_check_recognition(const struct zjb_params *p, const struct zjb_batch *batch,
			   const struct zjb_base *b, struct reasons *out)
{
	check_e01(b, out);
	if (b->type == ZJB_JRD)
		check_e02(p, b, out);
	else if (b->type == ZJB_OSV)
		check_e03(b, out);
	else
		check_e04(p, b, out);
	const struct sanction *s = sanction_active(&batch->sanctions, SUBJECT_UNIT, b->host_uscc, p->call->decided);
	if (s) {
		char from[32], to[32] = "长期";
		date_format_cn(s->start, from);
		if (s->end != DATE_NONE)
			date_format_cn(s->end, to);
		reasons_add(out, "ZJB-E05", "依托单位处于禁止申报期（%s起至%s止，%s）（第十八条、第二十二条）", from, to,
			    s->reason && *s->reason ? s->reason : "事由未载明");
	}
}

/* The revocation grounds of 第二十二条, each its own reason. */
static void revocation_grounds(const struct zjb_params *p, const struct zjb_batch *batch, int i,
			       enum zjb_grade grade, struct reasons *out)
{
	const struct zjb_base *b = &batch->bases[i];
	if (zjb_report_late(p, b)) {
		char due[32], got[40] = "未提交";
		int32_t day;
		date_from_ymd(p->call->year + 1, 1, 31, &day);
		date_format_cn(day, due);
		if (b->report_submitted != DATE_NONE) {
			char on[32];
			date_format_cn(b->report_submitted, on);
			snprintf(got, sizeof got, "%s提交", on);
		}
		reasons_add(out, "ZJB-R02", "%d年度报告应于%s前提交，实际%s，评价期间亦未补交（第十五条、第二十二条（一））",
			    p->call->year, due, got);
	}
	enum zjb_grade before = zjb_previous_grade(batch, i, p->call->year);
	if (grade == GRADE_FAIL && before == GRADE_FAIL) {
		int year = 0;
		for (int k = 0; k < batch->nhistory; k++)
			if (batch->history[k].base == i && batch->history[k].year < p->call->year &&
			    batch->history[k].year > year)
				year = batch->history[k].year;
		char score[16];
		trimmed(b->score, score);
		reasons_add(out, "ZJB-R01", "本次绩效评价得分%s分，评价为不合格，上一次评价（%d年度）亦为不合格，连续两次评价不合格（第十八条、第二十二条（二））",
			    score, year);
	}
	if (b->false_info)
		reasons_add(out, "ZJB-R03", "在申报、提交年度报告或绩效评价材料过程中提供虚假信息（第二十二条（三））");
	if (b->security_incident)
		reasons_add(out, "ZJB-R04", "发生重大外交事故或影响科技安全的行为，造成严重影响及后果（第二十二条（四））");
	if (b->unreported_change)
		reasons_add(out, "ZJB-R05", "重大事项变更未在一个月内申请，影响基地正常运行（第十六条、第二十二条（五））");
}

static void decide_evaluation(const struct zjb_params *p, const struct zjb_batch *batch, int i,
			      struct decision *d)
{
	const struct zjb_base *b = &batch->bases[i];
	if (!uscc_valid(b->host_uscc))
		diag_warn("applications.csv:%ld: host_uscc '%s' of base %s is not a valid code (GB 32100-2015)",
			  b->line, b->host_uscc, b->id);
	enum zjb_grade grade = zjb_grade_of(p, b->score);
	d->score = b->score;
	/* Revocation beats exit: a withdrawing base with a ground is revoked. */
	revocation_grounds(p, batch, i, grade, &d->reasons);
	if (d->reasons.count) {
		d->status = ST_REVOKED;
		d->ban_until = date_period_end(p->call->decided, p->ban_years);
		return;
	}
	if (b->national_base || b->withdrawn) {
		if (b->national_base)
			reasons_add(&d->reasons, "ZJB-X01", "已被认定为科技部国际科技合作基地，不再作为省科技厅国合基地管理（第二十四条）");
		if (b->withdrawn)
			reasons_add(&d->reasons, "ZJB-X02", "依托单位申请主动退出国合基地序列，不再作为国合基地管理（第二十三条）");
		d->status = ST_EXITED;
		return;
	}
	char score[16], line[16];
	trimmed(b->score, score);
	switch (grade) {
	case GRADE_EXCELLENT:
		d->status = ST_EXCELLENT;
		d->award = p->reward;
		break;
	case GRADE_PASS:
		d->status = ST_PASS;
		break;
	default:
		d->status = ST_FAIL;
		trimmed(p->pass_from, line);
		reasons_add(&d->reasons, "ZJB-G01", "绩效评价得分%s分，低于合格线%s分，评价为不合格，予以提醒督促（第十八条）",
			    score, line);
		break;
	}
}

void zjb_decide(const struct zjb_params *p, const struct zjb_batch *batch, struct decision *out,
		struct arena *arena)
{
	for (int i = 0; i < batch->nbases; i++) {
		struct decision *d = &out[i];
		const struct zjb_base *b = &batch->bases[i];
		memset(d, 0, sizeof *d);
		reasons_init(&d->reasons, arena);
		d->score = SCORE_NONE;
		d->rank = RANK_NONE;
		d->ban_until = DATE_NONE;
		if (b->action == ZJB_RECOGNISE) {
			zjb_check_recognition(p, batch, b, &d->reasons);
			d->status = d->reasons.count ? ST_NOT_RECOGNISED : ST_RECOGNISED;
		} else {
			decide_evaluation(p, batch, i, d);
		}
	}
}
