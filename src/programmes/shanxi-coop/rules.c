/* rules.c: eligibility (形式审查) of shanxi-coop, rules.md section 1.
 *
 * Each sxc_* function checks one rule code and adds one reason per failing
 * fact, in Chinese, citing the article: 申报通知 is seed 001 (the 2024
 * call), 管理办法 is seed 000. A missing fact fails its rule: an
 * application must show that it qualifies. */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "date.h"
#include "ids.h"
#include "money.h"

#define CALL "申报通知"

static const char *cn_date(int32_t day, char *buf)
{
	date_format_cn(day, buf);
	return buf;
}

static const char *wan(int64_t yuan, char *buf)
{
	money_format_wan(yuan, buf, 32);
	return buf;
}

/* The last four characters, enough to find the row without printing a
 * whole identity number into documents. */
static const char *tail4(const char *s)
{
	size_t n = strlen(s);
	return n > 4 ? s + n - 4 : s;
}

static bool is_international(const struct sxc_app *a)
{
	const char *c = a->partner_country;
	return c[0] && strcmp(c, "中国") != 0 && strcmp(c, "中华人民共和国") != 0;
}

static bool in_list(const char *s, const char **list, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

void sxc_identity(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	(void)p;
	if (!uscc_valid(a->applicant_uscc))
		reasons_add(out, "ID-USCC", "申报单位统一社会信用代码“%s”不符合GB 32100-2015编码规则",
			    a->applicant_uscc);
	if (a->partner_uscc[0] && !uscc_valid(a->partner_uscc))
		reasons_add(out, "ID-USCC", "合作单位统一社会信用代码“%s”不符合GB 32100-2015编码规则", a->partner_uscc);
	if (!person_id_valid(a->pi_id, NULL))
		reasons_add(out, "ID-PERSON", "项目负责人身份证号（尾号%s）不符合GB 11643-1999编码规则",
			    a->pi_id[0] ? tail4(a->pi_id) : "空");
}

void sxc_e01(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	(void)p;
	if (!uscc_valid(a->applicant_uscc)) {
		reasons_add(out, "SXC-E01",
			    "申报单位统一社会信用代码无效，无法确认在山西省行政区域内注册（" CALL "二、1）");
		return;
	}
	char province[8], division[8];
	uscc_division(a->applicant_uscc, 2, province);
	uscc_division(a->applicant_uscc, 6, division);
	if (strcmp(province, "14") == 0)
		return;
	bool central_in_shanxi = strcmp(division, "100000") == 0 && (strcmp(a->applicant_province, "山西") == 0 ||
								     strcmp(a->applicant_province, "山西省") == 0);
	if (central_in_shanxi)
		return;
	if (strcmp(division, "100000") == 0)
		reasons_add(out, "SXC-E01",
			    "申报单位为中央登记单位，所在省份“%s”不是山西，不属于中央驻晋单位（" CALL "二、1）",
			    a->applicant_province[0] ? a->applicant_province : "未填写");
	else
		reasons_add(out, "SXC-E01",
			    "申报单位登记行政区划代码%s不属山西省（14），不在山西省行政区域内注册（" CALL "二、1）",
			    division);
}

void sxc_e02(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	char d1[32], d2[32];
	if (a->registered_on == DATE_NONE)
		reasons_add(out, "SXC-E02", "申报单位未填写注册日期，无法确认于%s（含）前注册（" CALL "二、1）",
			    cn_date(p->registered_by, d2));
	else if (a->registered_on > p->registered_by)
		reasons_add(out, "SXC-E02", "申报单位注册日期%s，晚于%s（" CALL "二、1）",
			    cn_date(a->registered_on, d1), cn_date(p->registered_by, d2));
}

static bool partner_kind_qualifies(enum partner_kind k)
{
	return k == PARTNER_DOUBLE_FIRST_CLASS || k == PARTNER_NATIONAL_PLATFORM || k == PARTNER_NATIONAL_INSTITUTE;
}

void sxc_e03(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	(void)p;
	if (a->category != CAT_REG)
		return;
	if (!uscc_valid(a->partner_uscc)) {
		reasons_add(out, "SXC-E03",
			    "区域合作项目主要合作单位统一社会信用代码缺失或无效，无法确认注册地在山西省外（" CALL
			    "二、1）");
	} else {
		char province[8];
		uscc_division(a->partner_uscc, 2, province);
		if (strcmp(province, "14") == 0)
			reasons_add(out, "SXC-E03",
				    "区域合作项目主要合作单位“%s”注册地在山西省内，须在山西省外（" CALL "二、1）",
				    a->partner);
	}
	if (!partner_kind_qualifies(a->partner_kind))
		reasons_add(
			out, "SXC-E03",
			"区域合作项目主要合作单位类型为“%s”，不属于“双一流”高校、拥有国家级科技创新平台的院所或企业、中国科学院等国家级院所（" CALL
			"一、4）",
			PARTNER_KIND_NAMES[a->partner_kind]);
}

void sxc_e04(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	int32_t birth;
	char d1[32], d2[32];
	if (!person_id_valid(a->pi_id, &birth))
		reasons_add(out, "SXC-E04", "项目负责人身份证号无效，无法确认出生日期在%s（含）以后（" CALL "二、2）",
			    cn_date(p->pi_born_from, d2));
	else if (birth < p->pi_born_from)
		reasons_add(out, "SXC-E04", "项目负责人出生日期%s，早于%s（" CALL "二、2）", cn_date(birth, d1),
			    cn_date(p->pi_born_from, d2));
}

void sxc_e05(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	(void)p;
	bool senior = a->pi_title == TITLE_FULL || a->pi_title == TITLE_ASSOCIATE;
	if (!senior && a->pi_degree != DEGREE_DOCTOR) {
		static const char *const titles[] = { "正高级", "副高级", "中级", "初级", "无" };
		reasons_add(out, "SXC-E05",
			    "项目负责人职称为“%s”、学位为“%s”，不具有副高以上技术职称或博士学位（" CALL "二、2）",
			    titles[a->pi_title], PI_DEGREE_NAMES[a->pi_degree]);
	}
}

void sxc_e06(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	if (a->pi_ongoing_coop > 0)
		reasons_add(
			out, "SXC-E06",
			"项目负责人有主持在研的山西省科技合作交流专项（含原重点研发计划（国际科技合作））%d项（" CALL
			"二、2）",
			a->pi_ongoing_coop);
	if (a->pi_ongoing_other + 1 > 2)
		reasons_add(out, "SXC-E06",
			    "项目负责人在研其他类别项目%d项，与本项目合计%d项，超过2项（" CALL "二、2）",
			    a->pi_ongoing_other, a->pi_ongoing_other + 1);
	int y = a->pi_last_coop_year;
	if (y && p->call->year - 4 <= y && y <= p->call->year)
		reasons_add(out, "SXC-E06",
			    "项目负责人%d年承担过山西省科技合作交流专项，在近五年（%d—%d年）内（" CALL "二、2）", y,
			    p->call->year - 4, p->call->year);
	if (a->pi_rows > 1)
		reasons_add(out, "SXC-E06", "项目负责人在本批次作为负责人申报%d项，同一年度限申报1项（" CALL "二、2）",
			    a->pi_rows);
}

static bool signatory_qualifies(enum signatory_rank r)
{
	return r != RANK_OTHER;
}

void sxc_e07(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	(void)p;
	char d1[32], d2[32];
	bool intl = is_international(a);
	if (a->agreement_kind == AGREEMENT_NONE)
		reasons_add(out, "SXC-E07", "未提供合作协议书或意向书（" CALL "二、3）");
	else if (a->agreement_kind != AGREEMENT_CONTRACT && a->agreement_kind != AGREEMENT_INTENT)
		reasons_add(
			out, "SXC-E07",
			"合作文件为“%s”，电子邮件、书信、人才聘任合同、贸易投资合同、合作建厂合同等不能作为有效协议（" CALL
			"二、3）",
			AGREEMENT_KIND_NAMES[a->agreement_kind]);
	if (!a->agreement_signed)
		reasons_add(out, "SXC-E07",
			    intl ? "合作文件未经外方合作人签字及中方项目负责人签字并加盖单位公章（" CALL "二、3）"
				 : "合作文件未经双方项目负责人签字并加盖单位公章（" CALL "二、3）");
	if (intl && !signatory_qualifies(a->signatory_rank))
		reasons_add(
			out, "SXC-E07",
			"国际合作文件外方签字人职级为“%s”，不是国外高校、科研院所或国际知名企业本身，也不是副教授或相当于副教授以上职务的专家学者或国际知名企业高级职务人员（" CALL
			"二、3）",
			SIGNATORY_RANK_NAMES[a->signatory_rank]);
	if (a->agreement_until == DATE_NONE)
		reasons_add(out, "SXC-E07", "合作协议未写明有效期，无法确认覆盖项目执行期（" CALL "二、3）");
	else if (a->end != DATE_NONE && a->agreement_until < a->end)
		reasons_add(out, "SXC-E07", "合作协议有效期至%s，未覆盖项目执行期（至%s）（" CALL "二、3）",
			    cn_date(a->agreement_until, d1), cn_date(a->end, d2));
	/* Every project with a foreign partner, whatever its category (v2);
	 * BR and KC are international cooperation by their category. */
	bool needs_bilingual = intl || a->category == CAT_BR || a->category == CAT_KC;
	if (needs_bilingual && !a->agreement_bilingual)
		reasons_add(out, "SXC-E07", "涉及国际科技合作的项目未提供中英文对照协议（" CALL "二、3）");
}

void sxc_e08(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	(void)p;
	int ratio = a->applicant_kind == UNIT_ENTERPRISE ? 2 : 1;
	char m[32], r[32];
	if (a->matching < a->requested * ratio)
		reasons_add(out, "SXC-E08", "配套资金%s万元与申请引导资金%s万元之比低于%d:1%s（" CALL "二、4）",
			    wan(a->matching, m), wan(a->requested, r), ratio, ratio == 2 ? "（申报单位为企业）" : "");
}

void sxc_e09(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	(void)p;
	char d1[32], d2[32];
	if (a->start == DATE_NONE || a->end == DATE_NONE) {
		reasons_add(out, "SXC-E09", "项目执行期起止日期不完整，无法确认为2—3年（" CALL "二、7）");
		return;
	}
	/* Both dates are days of the period: it lasts through end, so its
	 * length is measured to end + 1 (2025-01-01 to 2026-12-31 is 2 years). */
	int32_t after = a->end + 1;
	if (after < date_add_months(a->start, 24))
		reasons_add(out, "SXC-E09", "项目执行期%s至%s（含起止日），不足2年，执行期应为2—3年（" CALL "二、7）",
			    cn_date(a->start, d1), cn_date(a->end, d2));
	else if (after > date_add_months(a->start, 36))
		reasons_add(out, "SXC-E09", "项目执行期%s至%s（含起止日），超过3年，执行期应为2—3年（" CALL "二、7）",
			    cn_date(a->start, d1), cn_date(a->end, d2));
}

/* 申报通知二、8 bars integrity records only: 惩戒执行期内的科研严重失信行为
 * 记录, 信用“黑名单”记录, a person 因不良信用记录正在接受处罚. sanctions.csv
 * has no kind column, so the ground is read from its 事由; a ban on another
 * ground (未按期结题) is the department's own restriction. */
static bool integrity_ground(const char *reason)
{
	static const char *words[] = { "失信", "黑名单", "不良信用", "不端", "诚信" };
	for (size_t i = 0; reason && i < sizeof words / sizeof *words; i++)
		if (strstr(reason, words[i]))
			return true;
	return false;
}

/* An integrity ban cites 二、8. Any other ban states its period and ground
 * and cites 二、2's 符合省科技计划其他限项要求 for the PI, whom that item
 * limits; for the unit no item of the call says it, so no article. */
static void ban_reason(const struct sanction *s, const char *who, bool person, struct reasons *out)
{
	bool integrity = integrity_ground(s->reason);
	const char *term = integrity ? "惩戒执行期" : "限制申报期";
	const char *cite = integrity ? "（" CALL "二、8）"
			   : person  ? "（" CALL "二、2“符合省科技计划其他限项要求”）"
				     : "";
	const char *ground = s->reason && s->reason[0] ? s->reason : "未注明事由";
	char d1[32], d2[32];
	if (s->end == DATE_NONE)
		reasons_add(out, "SXC-E10", "%s自%s起处于%s（%s），不得申报%s", who, cn_date(s->start, d1), term,
			    ground, cite);
	else
		reasons_add(out, "SXC-E10", "%s处于%s至%s的%s（%s），不得申报%s", who, cn_date(s->start, d1),
			    cn_date(s->end, d2), term, ground, cite);
}

void sxc_e10(const struct sxc_params *p, const struct sanctions *s, const struct sxc_app *a, struct reasons *out)
{
	if (a->misconduct)
		reasons_add(out, "SXC-E10",
			    "申报单位或项目负责人有惩戒执行期内的科研严重失信行为记录（" CALL "二、8）");
	if (a->blacklisted)
		reasons_add(out, "SXC-E10", "申报单位或项目负责人有相关社会领域信用“黑名单”记录（" CALL "二、8）");
	if (a->env_incident)
		reasons_add(out, "SXC-E10", "项目单位近3年发生重大环保污染等恶劣影响事件（" CALL "二、8）");
	if (!a->integrity_signed)
		reasons_add(out, "SXC-E10", "未签署科研诚信承诺书（" CALL "二、8）");
	/* Bans are checked on the day of online submission (or the deadline
	 * when that is unknown: E12 refuses the row anyway). */
	int32_t day = a->submitted_online != DATETIME_NONE ? datetime_day(a->submitted_online)
							   : datetime_day(p->deadline_online);
	const struct sanction *unit = sanction_active(s, SUBJECT_UNIT, a->applicant_uscc, day);
	const struct sanction *person = sanction_active(s, SUBJECT_PERSON, a->pi_id, day);
	if (unit)
		ban_reason(unit, "申报单位", false, out);
	if (person)
		ban_reason(person, "项目负责人", true, out);
}

void sxc_e11(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	static const struct {
		enum attachment att;
		const char *what;
	} always[] = {
		{ ATT_LICENSE, "营业执照或组织机构代码证（" CALL "三、2（1））" },
		{ ATT_PI_PROOF, "项目负责人职称或学位证明及在职、在岗或在聘证明（" CALL "三、2（2））" },
		{ ATT_AGREEMENT, "与申报项目相关的有效合作文件（" CALL "三、2（3））" },
		{ ATT_MATCHING, "项目资金配套承诺书（" CALL "三、2（4））" },
	};
	for (size_t i = 0; i < sizeof always / sizeof *always; i++)
		if (!(a->attachments & (1u << always[i].att)))
			reasons_add(out, "SXC-E11", "缺少附件：%s", always[i].what);
	if (a->applicant_kind == UNIT_ENTERPRISE && !(a->attachments & (1u << ATT_AUDIT)))
		reasons_add(out, "SXC-E11",
			    "缺少附件：申报单位为企业，须提供会计师事务所出具的上年度审计报告（" CALL "三、2（5））");
	if (a->category == CAT_REG && a->partner_kind == PARTNER_NATIONAL_PLATFORM &&
	    !(a->attachments & (1u << ATT_PLATFORM)))
		reasons_add(out, "SXC-E11",
			    "缺少附件：与拥有国家级科技创新平台的单位合作，须提供国家级科技创新平台证明材料（" CALL
			    "三、2（6））");
	char d1[32], d2[32];
	cn_date(p->novelty_after, d2);
	if (!(a->attachments & (1u << ATT_NOVELTY)) || a->novelty_date == DATE_NONE)
		reasons_add(out, "SXC-E11", "缺少附件：针对本项目的%s之后的科技查新报告（" CALL "三、2（7））", d2);
	else if (a->novelty_date <= p->novelty_after)
		reasons_add(out, "SXC-E11", "科技查新报告日期为%s，不在%s之后（" CALL "三、2（7））",
			    cn_date(a->novelty_date, d1), d2);
}

static void cn_datetime(int64_t t, char *buf)
{
	int32_t day = datetime_day(t);
	int minutes = (int)(t - (int64_t)day * 1440);
	char date[32];
	date_format_cn(day, date);
	snprintf(buf, 48, "%s%02d:%02d", date, minutes / 60, minutes % 60);
}

void sxc_e12(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	char t1[48], t2[48];
	cn_datetime(p->deadline_online, t2);
	if (a->submitted_online == DATETIME_NONE)
		reasons_add(out, "SXC-E12", "无网络申报时间记录，无法确认在%s前完成网络申报（" CALL "四（二））", t2);
	else if (a->submitted_online > p->deadline_online) {
		cn_datetime(a->submitted_online, t1);
		reasons_add(out, "SXC-E12", "网络申报时间%s，晚于截止时限%s（" CALL "四（二））", t1, t2);
	}
	cn_datetime(p->deadline_paper, t2);
	if (a->received_paper == DATETIME_NONE)
		reasons_add(out, "SXC-E12", "纸质材料未在截止时限%s前送达（" CALL "四（二））", t2);
	else if (a->received_paper > p->deadline_paper) {
		cn_datetime(a->received_paper, t1);
		reasons_add(out, "SXC-E12", "纸质材料送达时间%s，晚于截止时限%s（" CALL "四（二））", t1, t2);
	}
}

void sxc_e13(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	(void)p;
	if (a->duplicate_funding)
		reasons_add(out, "SXC-E13", "项目已获得其他财政支持，不得重复申报（" CALL "二、6）");
	if (a->same_content_rows > 1)
		reasons_add(out, "SXC-E13",
			    "同一单位在本批次申报了%d项名称相同的项目，属重复、多头申报（" CALL "二、6）",
			    a->same_content_rows);
	if (a->secret)
		reasons_add(out, "SXC-E13", "项目涉及国家秘密，不予受理（" CALL "二、6）");
}

void sxc_e14(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	(void)p;
	if (a->needs_ethics && !(a->attachments & (1u << ATT_ETHICS)))
		reasons_add(out, "SXC-E14", "项目涉及伦理和人类遗传资源，未提供伦理委员会审查意见（" CALL "二、9）");
}

static int count_bits(unsigned v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

void sxc_e15(const struct sxc_params *p, const struct sxc_app *a, struct reasons *out)
{
	const char *country = a->partner_country[0] ? a->partner_country : "未填写";
	/* The lists are the batch's (programme.xml): the notice names the key
	 * countries with 等 and no Belt-and-Road list at all. */
	if (a->category == CAT_BR && !in_list(a->partner_country, p->bnr_countries, p->n_bnr_countries))
		reasons_add(
			out, "SXC-E15",
			"合作国别“%s”不在本批次规定的“一带一路”共建国家名单内，“一带一路”科技合作项目须与“一带一路”国家合作（" CALL
			"一、1）",
			country);
	if (a->category == CAT_KC && !in_list(a->partner_country, p->key_countries, p->n_key_countries))
		reasons_add(out, "SXC-E15", "合作国别“%s”不在本批次规定的重点国别名单内（" CALL "一、2）", country);
	int need = p->category[a->category].min_targets;
	int have = count_bits(a->targets);
	if (have < need)
		reasons_add(out, "SXC-E15", "承诺完成任务目标%d项，少于要求的%d项（" CALL "一）", have, need);
}

void sxc_check_eligibility(const struct sxc_params *p, const struct sanctions *s, const struct sxc_app *a,
			   struct reasons *out)
{
	sxc_identity(p, a, out);
	sxc_e01(p, a, out);
	sxc_e02(p, a, out);
	sxc_e03(p, a, out);
	sxc_e04(p, a, out);
	sxc_e05(p, a, out);
	sxc_e06(p, a, out);
	sxc_e07(p, a, out);
	sxc_e08(p, a, out);
	sxc_e09(p, a, out);
	sxc_e10(p, s, a, out);
	sxc_e11(p, a, out);
	sxc_e12(p, a, out);
	sxc_e13(p, a, out);
	sxc_e14(p, a, out);
	sxc_e15(p, a, out);
}
