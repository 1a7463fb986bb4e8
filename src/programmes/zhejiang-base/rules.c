/* rules.c: the zhejiang-base rules (rules.md §4; seed 004). Each
 * check names the failing fact and cites the article. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "ids.h"
#include "invariant.h"
#include "money.h"
#include "review.h"
#include "model.h"

enum zjb_grade zjb_grade_of(const struct zjb_params *p, int score)
{
	if (score == SCORE_NONE)
		return GRADE_NONE;
	return score >= p->excellent_from ? GRADE_EXCELLENT : score >= p->pass_from ? GRADE_PASS : GRADE_FAIL;
}

int32_t zjb_report_due(const struct zjb_params *p)
{
	int32_t due;
	date_from_ymd(p->call->year + 1, 1, 31, &due);
	return due;
}

enum zjb_report zjb_report_state(const struct zjb_params *p, const struct zjb_base *b)
{
	int32_t due = zjb_report_due(p);
	if (b->recognised_on != DATE_NONE && date_period_end(b->recognised_on, 1) > due)
		return REPORT_NOT_DUE;
	if (b->report_submitted != DATE_NONE && b->report_submitted <= due)
		return REPORT_IN_TIME;
	bool supplied =
		(b->report_submitted != DATE_NONE && b->report_submitted <= p->call->decided) || b->report_supplied;
	return supplied ? REPORT_LATE_SUPPLIED : REPORT_MISSING;
}

/* The history row of base with the latest year before year, or -1. */
static int previous_entry(const struct zjb_batch *batch, int base, int year)
{
	int best = -1;
	for (int i = 0; i < batch->nhistory; i++) {
		const struct zjb_history *h = &batch->history[i];
		if (h->base == base && h->year < year && (best < 0 || h->year > batch->history[best].year))
			best = i;
	}
	return best;
}

enum zjb_grade zjb_previous_grade(const struct zjb_batch *batch, int base, int year)
{
	int k = previous_entry(batch, base, year);
	return k < 0 ? GRADE_NONE : batch->history[k].grade;
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
			reasons_add(
				out, "ZJB-E01",
				"依托单位登记地行政区划代码为%s，不是浙江省内（33）依法注册的独立法人（第七条（一））",
				province);
	}
	if (!b->team_and_rules)
		reasons_add(
			out, "ZJB-E01",
			"依托单位未配齐科研与管理团队、设施、经费等条件，或知识产权、数据跨境、人类遗传资源、科研伦理和保密等管理制度不完善（第七条（一）、（三））");
}

/* The high-tech-enterprise standard for the host's revenue. */
static bool meets_rd_standard(const struct zjb_params *p, const struct zjb_base *b)
{
	return b->rd_intensity >= 0 && b->rd_intensity >= zjb_rd_standard(p, b->revenue);
}

/* The article asks for the national high-tech-enterprise standard; the
 * band that applies to a revenue is the batch's parameter (本批次规定). */
static void rd_reason(const struct zjb_params *p, const struct zjb_base *b, const char *code, const char *article,
		      struct reasons *out)
{
	char have[16], need[16], wan[32];
	money_format_wan(b->revenue, wan, sizeof wan);
	trimmed(zjb_rd_standard(p, b->revenue), need);
	if (b->rd_intensity < 0)
		reasons_add(
			out, code,
			"未提供近三年平均研发经费投入强度，无法认定达到国家高新技术企业标准（%s）；按本批次规定，上年营业收入%s万元的企业应不低于%s%%",
			article, wan, need);
	else
		reasons_add(
			out, code,
			"近三年平均研发经费投入强度%s%%，未达到国家高新技术企业标准（%s）：按本批次规定，上年营业收入%s万元的企业应不低于%s%%",
			trimmed(b->rd_intensity, have), article, wan, need);
}

/* 第八条: joint R&D. Its item (一) names a condition for hosts that are
 * universities or research institutes and another for enterprises; it
 * names none for service organisations and parks. The agreements of (二)
 * (一般应) and the university's project of (一) (原则上应) are the
 * article's rule of thumb; the department applies them as required
 * conditions (rules.md), and the sentence says both. */
static void check_e02(const struct zjb_params *p, const struct zjb_base *b, struct reasons *out)
{
	if (b->overseas_agreements < 3)
		reasons_add(
			out, "ZJB-E02",
			"与海外机构签有的科技合作协议%d个，少于3个；第八条（二）规定一般应与3个（含）以上的海外机构签有科技合作协议，本批次按必备条件审查",
			b->overseas_agreements);
	switch (b->host_kind) {
	case HOST_UNIVERSITY:
	case HOST_INSTITUTE:
		if (!b->led_provincial_project)
			reasons_add(
				out, "ZJB-E02",
				"依托%s未承担过由基地负责人或核心成员负责的省级及以上科技计划项目；第八条（一）规定依托高校、科研机构的原则上应承担过，本批次按必备条件审查",
				b->host_kind == HOST_UNIVERSITY ? "高校" : "科研院所");
		break;
	case HOST_ENTERPRISE:
		if (!b->own_ip_products)
			reasons_add(out, "ZJB-E02", "依托企业没有具有自主知识产权的产品和成果（第八条（一））");
		if (!meets_rd_standard(p, b))
			rd_reason(p, b, "ZJB-E02", "第八条（一）", out);
		break;
	default:
		break;
	}
}

/* 第九条: open service. */
static void check_e03(const struct zjb_base *b, struct reasons *out)
{
	if (!b->osv_resources)
		reasons_add(out, "ZJB-E03", "缺少稳定优质的国际科技创新合作资源或项目孵化落地场所（第九条（一））");
	if (!b->osv_cases)
		reasons_add(out, "ZJB-E03", "没有服务境内外技术和人才项目双向转移转化的成功案例（第九条（二））");
}

static const char *host_name(enum zjb_host h)
{
	static const char *const names[] = { "企业", "高校", "科研院所", "科技服务机构", "科技园区" };
	return names[h];
}

/* 第十条: one of the two conditions, both an enterprise's: （一）企业通过设立
 * 或并购的形式…, （二）在浙外资企业…. */
static void check_e04(const struct zjb_params *p, const struct zjb_base *b, struct reasons *out)
{
	if (b->host_kind != HOST_ENTERPRISE) {
		reasons_add(
			out, "ZJB-E04",
			"依托单位为%s，特色发展类国合基地的两项条件均为企业的条件（企业通过设立或并购的形式在海外设立研发机构，或在浙外资企业），依托单位应为企业（第十条）",
			host_name(b->host_kind));
		return;
	}
	if (b->ftr_overseas_unit || (b->ftr_foreign_rd_centre && meets_rd_standard(p, b)))
		return;
	if (b->ftr_foreign_rd_centre)
		rd_reason(p, b, "ZJB-E04", "第十条（二）", out);
	else
		reasons_add(out, "ZJB-E04", "既未在海外设立控股研发机构，也不是符合条件的在浙外资研发中心（第十条）");
}

void zjb_check_recognition(const struct zjb_params *p, const struct zjb_batch *batch, const struct zjb_base *b,
			   struct reasons *out)
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
		/* The ban's own decision is its ground: a record of sanctions.csv
		 * may come from another regulation, so no article is cited. */
		char period[96];
		sanction_period_cn(s, period, sizeof period);
		reasons_add(out, "ZJB-E05", "依托单位处于禁止申报期内（%s，事由：%s）", period,
			    s->reason && *s->reason ? s->reason : "未载明");
	}
}

/* "实际2025年2月1日提交" or "实际未提交". */
static void report_fact(const struct zjb_base *b, char got[48])
{
	if (b->report_submitted == DATE_NONE) {
		snprintf(got, 48, "未按时提交");
		return;
	}
	char on[32];
	date_format_cn(b->report_submitted, on);
	snprintf(got, 48, "实际%s提交", on);
}

static void report_reason(const struct zjb_params *p, const struct zjb_base *b, enum zjb_report state,
			  struct reasons *out)
{
	char due[32], got[48];
	date_format_cn(zjb_report_due(p), due);
	report_fact(b, got);
	if (state == REPORT_MISSING)
		reasons_add(out, "ZJB-R02",
			    "%d年度报告应于%s前提交（第十五条），%s，在绩效评价期间亦未补充提交（第二十二条（一））",
			    p->call->year, due, b->report_submitted == DATE_NONE ? "未提交" : got);
	else if (state == REPORT_LATE_SUPPLIED)
		reasons_add(
			out, "ZJB-W01",
			"%d年度报告应于%s前提交，%s，逾期提交（第十五条）；已在绩效评价期间补充提交，不属于第二十二条（一）规定的取消资格情形",
			p->call->year, due, got);
}

/* The revocation grounds of 第二十二条, each its own reason. */
static void revocation_grounds(const struct zjb_params *p, const struct zjb_batch *batch, int i, enum zjb_grade grade,
			       struct reasons *out)
{
	const struct zjb_base *b = &batch->bases[i];
	if (zjb_report_state(p, b) == REPORT_MISSING)
		report_reason(p, b, REPORT_MISSING, out);
	int before = previous_entry(batch, i, p->call->year);
	if (grade == GRADE_FAIL && before >= 0 && batch->history[before].grade == GRADE_FAIL) {
		char score[16], line[16];
		reasons_add(
			out, "ZJB-R01",
			"本次绩效评价得分%s分，低于本批次合格线%s分，评价为不合格；上一次评价（%d年度）亦为不合格，连续两次评价不合格（第十八条、第二十二条（二））",
			trimmed(b->score, score), trimmed(p->pass_from, line), batch->history[before].year);
	}
	if (b->false_info)
		reasons_add(out, "ZJB-R03", "在申报、提交年度报告或绩效评价材料过程中提供虚假信息（第二十二条（三））");
	if (b->security_incident)
		reasons_add(out, "ZJB-R04",
			    "发生重大外交事故或影响科技安全的行为，造成严重影响及后果（第二十二条（四））");
	if (b->unreported_change)
		reasons_add(out, "ZJB-R05",
			    "重大事项变更未在一个月内申请，影响基地正常运行（第十六条、第二十二条（五））");
}

static void decide_evaluation(const struct zjb_params *p, const struct zjb_batch *batch, int i, struct decision *d)
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
			reasons_add(&d->reasons, "ZJB-X01",
				    "已被认定为科技部国际科技合作基地，不再作为省科技厅国合基地管理（第二十四条）");
		if (b->withdrawn)
			reasons_add(&d->reasons, "ZJB-X02",
				    "依托单位申请主动退出国合基地序列，不再作为国合基地管理（第二十三条）");
		d->status = ST_EXITED;
		return;
	}
	switch (grade) {
	case GRADE_EXCELLENT:
		d->status = ST_EXCELLENT;
		d->award = p->reward;
		INVARIANT(money_in_range(d->award));
		break;
	case GRADE_PASS:
		d->status = ST_PASS;
		break;
	default: {
		char score[16], line[16];
		d->status = ST_FAIL;
		reasons_add(
			&d->reasons, "ZJB-G01",
			"绩效评价得分%s分，低于本批次合格线%s分，评价为不合格；对评价不合格的国合基地予以提醒督促（第十八条）",
			trimmed(b->score, score), trimmed(p->pass_from, line));
		break;
	}
	}
	/* A late report supplied during the evaluation is a warning on the
	 * grade, not a ground (第二十二条(一) needs both). */
	if (zjb_report_state(p, b) == REPORT_LATE_SUPPLIED)
		report_reason(p, b, REPORT_LATE_SUPPLIED, &d->reasons);
}

void zjb_decide(const struct zjb_params *p, const struct zjb_batch *batch, struct decision *out)
{
	for (int i = 0; i < batch->nbases; i++) {
		struct decision *d = &out[i];
		const struct zjb_base *b = &batch->bases[i];
		memset(d, 0, sizeof *d);
		reasons_init(&d->reasons);
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
