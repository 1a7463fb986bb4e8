/* shanxi-coop rules: every code passes and fails, at the boundaries
 * rules.md names. Each test starts from one valid application and changes
 * one fact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "programmes/programme.h"
#include "programmes/shanxi-coop/model.h"
#include "date.h"
#include "diag.h"
#include "ids.h"

static struct arena arena;
static struct call call;
static struct sxc_params *prog;
static struct sanctions no_sanctions;
static char uscc_shanxi[19], uscc_beijing[19], uscc_central[19], uscc_shanxi_partner[19];
static char pi_1980[19];

static int32_t D(int y, int m, int d)
{
	int32_t day;
	assert_true(date_from_ymd(y, m, d, &day));
	return day;
}

static int64_t T(int y, int m, int d, int hh, int mm)
{
	return datetime_from(D(y, m, d), hh, mm);
}

static void make_uscc(char *out, const char *first17)
{
	memcpy(out, first17, 17);
	out[17] = uscc_check_char(first17);
	out[18] = '\0';
}

static void make_id(char *out, const char *first17)
{
	memcpy(out, first17, 17);
	out[17] = person_id_check_char(first17);
	out[18] = '\0';
}

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	const char *xml = "<programme kind=\"shanxi-coop\" year=\"2024\"><authority>山西省科学技术厅</authority>"
			  "<title>t</title><published>2024-11-04</published>"
			  "<deadline online=\"2024-12-04T18:00\" paper=\"2024-12-09T17:00\"/>"
			  "<budget>1000000</budget><publicity start=\"2024-12-20\"/></programme>";
	struct strbuf err = STRBUF_INIT;
	assert_true(call_parse(xml, strlen(xml), "p.xml", &PROGRAMME_PARAMS, &call, (void **)&prog, &arena, &err));
	sb_free(&err);
	make_uscc(uscc_shanxi, "91140100MA0K00001");
	make_uscc(uscc_beijing, "91110108MA0K00002");
	make_uscc(uscc_central, "12100000MA0K00003");
	make_uscc(uscc_shanxi_partner, "91140200MA0K00004");
	make_id(pi_1980, "14010519800615123");
	diag_set_quiet(1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

/* A KC application by a Shanxi institute that passes every rule. */
static struct sxc_app valid(void)
{
	struct sxc_app a;
	memset(&a, 0, sizeof a);
	a.id = "T-1";
	a.category = CAT_KC;
	a.title = "中德新材料关键技术联合研发";
	a.applicant = "太原材料科学研究所";
	a.applicant_uscc = uscc_shanxi;
	a.applicant_kind = UNIT_INSTITUTE;
	a.registered_on = D(2010, 5, 1);
	a.pi_name = "王喆";
	a.pi_id = pi_1980;
	a.pi_title = TITLE_ASSOCIATE;
	a.pi_degree = DEGREE_MASTER;
	a.partner = "德国莱茵应用技术研究所";
	a.partner_country = "德国";
	a.partner_uscc = "";
	a.partner_kind = PARTNER_FOREIGN_INSTITUTE;
	a.signatory_rank = RANK_RESEARCHER;
	a.agreement_kind = AGREEMENT_CONTRACT;
	a.agreement_signed = true;
	a.agreement_bilingual = true;
	a.start = D(2025, 1, 1);
	a.end = D(2027, 12, 31);
	a.agreement_until = D(2028, 6, 30);
	a.requested = 400000;
	a.matching = 400000;
	a.targets = 0xF; /* T1-T4 */
	a.field = "新材料";
	a.submitted_online = T(2024, 12, 1, 10, 0);
	a.received_paper = T(2024, 12, 6, 10, 0);
	a.attachments = (1u << ATT_LICENSE) | (1u << ATT_PI_PROOF) | (1u << ATT_AGREEMENT) | (1u << ATT_MATCHING) |
			(1u << ATT_NOVELTY);
	a.novelty_date = D(2024, 9, 1);
	a.integrity_signed = true;
	a.contact_phone = "";
	a.applicant_province = "";
	a.pi_rows = 1;
	a.same_content_rows = 1;
	return a;
}

/* The sorted distinct codes eligibility gives, e.g. "SXC-E04;SXC-E09". */
static const char *codes(const struct sxc_app *a, const struct sanctions *s)
{
	static char buf[512];
	struct reasons r;
	reasons_init(&r);
	sxc_check_eligibility(prog, s ? s : &no_sanctions, a, &r);
	reasons_codes(&r, buf, sizeof buf);
	reasons_free(&r);
	return buf;
}

/* All reason texts of the given code, one per line, with sanctions s. */
static const char *texts_with(const struct sxc_app *a, const struct sanctions *s, const char *code)
{
	static char buf[2048];
	struct reasons r;
	reasons_init(&r);
	sxc_check_eligibility(prog, s, a, &r);
	buf[0] = '\0';
	size_t n = 0;
	for (int i = 0; i < r.count; i++)
		if (strcmp(r.items[i].code, code) == 0)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\n", r.items[i].text);
	reasons_free(&r);
	return buf;
}

/* First reason text of the given code. */
static const char *text_of(const struct sxc_app *a, const char *code)
{
	static char buf[1024];
	struct reasons r;
	reasons_init(&r);
	sxc_check_eligibility(prog, &no_sanctions, a, &r);
	buf[0] = '\0';
	for (int i = 0; i < r.count; i++)
		if (strcmp(r.items[i].code, code) == 0) {
			snprintf(buf, sizeof buf, "%s", r.items[i].text);
			break;
		}
	reasons_free(&r);
	return buf;
}

static void test_valid_application_passes_everything(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	assert_string_equal(codes(&a, NULL), "");
}

static void test_identity_numbers(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	char bad[19];
	strcpy(bad, uscc_shanxi);
	bad[17] = bad[17] == '0' ? '1' : '0';
	a.applicant_uscc = bad;
	assert_string_equal(codes(&a, NULL), "ID-USCC;SXC-E01");
	a = valid();
	char lower[19];
	strcpy(lower, "91140100ma0k00001");
	a.applicant_uscc = lower;
	assert_string_equal(codes(&a, NULL), "ID-USCC;SXC-E01");
	a = valid();
	char badid[19];
	strcpy(badid, pi_1980);
	badid[17] = badid[17] == '1' ? '2' : '1';
	a.pi_id = badid;
	assert_string_equal(codes(&a, NULL), "ID-PERSON;SXC-E04");
	a = valid();
	a.pi_id = "";
	assert_string_equal(codes(&a, NULL), "ID-PERSON;SXC-E04");
	a = valid();
	char badpartner[19];
	strcpy(badpartner, uscc_beijing);
	badpartner[17] = badpartner[17] == 'A' ? 'B' : 'A';
	a.partner_uscc = badpartner;
	assert_string_equal(codes(&a, NULL), "ID-USCC");
}

static void test_e01_registered_in_shanxi(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.applicant_uscc = uscc_beijing;
	assert_string_equal(codes(&a, NULL), "SXC-E01");
	assert_string_equal(
		text_of(&a, "SXC-E01"),
		"申报单位登记行政区划代码110108不属山西省（14），不在山西省行政区域内注册（申报通知二、1）");
	a.applicant_uscc = uscc_central;
	assert_string_equal(codes(&a, NULL), "SXC-E01");
	a.applicant_province = "山西省";
	assert_string_equal(codes(&a, NULL), "");
	a.applicant_province = "山西";
	assert_string_equal(codes(&a, NULL), "");
	a.applicant_province = "北京";
	assert_string_equal(codes(&a, NULL), "SXC-E01");
}

static void test_e02_registered_by_2023_01_01(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.registered_on = D(2023, 1, 1);
	assert_string_equal(codes(&a, NULL), "");
	a.registered_on = D(2023, 1, 2);
	assert_string_equal(codes(&a, NULL), "SXC-E02");
	assert_string_equal(text_of(&a, "SXC-E02"), "申报单位注册日期2023年1月2日，晚于2023年1月1日（申报通知二、1）");
	a.registered_on = DATE_NONE;
	assert_string_equal(codes(&a, NULL), "SXC-E02");
}

static void test_e03_regional_partner(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.category = CAT_REG;
	a.partner_country = "中国";
	a.agreement_bilingual = false;
	a.partner_uscc = uscc_beijing;
	a.partner_kind = PARTNER_DOUBLE_FIRST_CLASS;
	assert_string_equal(codes(&a, NULL), "");
	a.partner_kind = PARTNER_NATIONAL_INSTITUTE;
	assert_string_equal(codes(&a, NULL), "");
	a.partner_kind = PARTNER_OTHER;
	assert_string_equal(codes(&a, NULL), "SXC-E03");
	a.partner_kind = PARTNER_DOUBLE_FIRST_CLASS;
	a.partner_uscc = uscc_shanxi_partner;
	assert_string_equal(codes(&a, NULL), "SXC-E03");
	a.partner_uscc = "";
	assert_string_equal(codes(&a, NULL), "SXC-E03");
	/* Other categories do not look at the partner's registration. */
	a.category = CAT_AID;
	assert_string_equal(codes(&a, NULL), "");
}

static void test_e04_born_from_1967_01_01(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	char id[19];
	make_id(id, "14010519670101123");
	a.pi_id = id;
	assert_string_equal(codes(&a, NULL), "");
	make_id(id, "14010519661231123");
	assert_string_equal(codes(&a, NULL), "SXC-E04");
	assert_string_equal(text_of(&a, "SXC-E04"),
			    "项目负责人出生日期1966年12月31日，早于1967年1月1日（申报通知二、2）");
}

static void test_e05_title_or_doctorate(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.pi_title = TITLE_FULL;
	assert_string_equal(codes(&a, NULL), "");
	a.pi_title = TITLE_INTERMEDIATE;
	assert_string_equal(codes(&a, NULL), "SXC-E05");
	a.pi_degree = DEGREE_DOCTOR;
	assert_string_equal(codes(&a, NULL), "");
	a.pi_title = TITLE_NONE;
	a.pi_degree = DEGREE_NONE;
	assert_string_equal(codes(&a, NULL), "SXC-E05");
}

static void test_e06_pi_load(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.pi_ongoing_coop = 1;
	assert_string_equal(codes(&a, NULL), "SXC-E06");
	a = valid();
	a.pi_ongoing_other = 1;
	assert_string_equal(codes(&a, NULL), "");
	a.pi_ongoing_other = 2;
	assert_string_equal(codes(&a, NULL), "SXC-E06");
	a = valid();
	a.pi_last_coop_year = 2019; /* year - 5 */
	assert_string_equal(codes(&a, NULL), "");
	a.pi_last_coop_year = 2020; /* year - 4 */
	assert_string_equal(codes(&a, NULL), "SXC-E06");
	a.pi_last_coop_year = 2024;
	assert_string_equal(codes(&a, NULL), "SXC-E06");
	a = valid();
	a.pi_rows = 2;
	assert_string_equal(codes(&a, NULL), "SXC-E06");
	a.pi_rows = 1;
	a.pi_ongoing_coop = 1;
	a.pi_ongoing_other = 5;
	struct reasons r;
	reasons_init(&r);
	sxc_e06(prog, &a, &r);
	assert_int_equal(r.count, 2); /* every failing fact is a sentence */
	reasons_free(&r);
}

static void test_e07_agreement(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.agreement_kind = AGREEMENT_INTENT;
	assert_string_equal(codes(&a, NULL), "");
	a.agreement_kind = AGREEMENT_EMAIL;
	assert_string_equal(codes(&a, NULL), "SXC-E07");
	a.agreement_kind = AGREEMENT_NONE;
	assert_string_equal(codes(&a, NULL), "SXC-E07");
	a = valid();
	a.agreement_signed = false;
	assert_string_equal(codes(&a, NULL), "SXC-E07");
	/* V2-C2: the foreign institution itself (机构) signs, or a person of
	 * associate-professor or senior-officer rank; nobody else. */
	static const struct {
		enum signatory_rank rank;
		const char *codes;
	} signatories[] = {
		{ RANK_PROFESSOR, "" },      { RANK_ASSOCIATE_PROFESSOR, "" },
		{ RANK_RESEARCHER, "" },     { RANK_ASSOCIATE_RESEARCHER, "" },
		{ RANK_SENIOR_MANAGER, "" }, { RANK_INSTITUTION, "" },
		{ RANK_OTHER, "SXC-E07" },
	};
	for (size_t i = 0; i < sizeof signatories / sizeof *signatories; i++) {
		a = valid();
		a.signatory_rank = signatories[i].rank;
		assert_string_equal(codes(&a, NULL), signatories[i].codes);
	}
	assert_non_null(strstr(text_of(&a, "SXC-E07"), "不是国外高校、科研院所或国际知名企业本身"));
	a = valid();
	a.agreement_until = a.end; /* equal passes */
	assert_string_equal(codes(&a, NULL), "");
	a.agreement_until = a.end - 1;
	assert_string_equal(codes(&a, NULL), "SXC-E07");
	a.agreement_until = DATE_NONE;
	assert_string_equal(codes(&a, NULL), "SXC-E07");
	/* V2-C2: a bilingual agreement for every project with a foreign
	 * partner, whatever its category; BR and KC need one by category. */
	static const struct {
		enum sxc_category category;
		const char *country;
		bool bilingual;
		const char *codes;
	} texts[] = {
		{ CAT_KC, "德国", false, "SXC-E07" },
		{ CAT_BASE, "德国", false, "SXC-E07" },
		{ CAT_REG, "德国", false, "SXC-E07" },
		{ CAT_AID, "德国", false, "SXC-E07" },
		{ CAT_AID, "德国", true, "" },
		{ CAT_AID, "中国", false, "" },
		{ CAT_AID, "", false, "" },
		{ CAT_BR, "中国", false, "SXC-E07" },
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		a = valid();
		a.category = texts[i].category;
		a.partner_country = texts[i].country;
		a.agreement_bilingual = texts[i].bilingual;
		if (a.category == CAT_REG) { /* its other conditions met: a partner outside Shanxi */
			a.partner_uscc = uscc_beijing;
			a.partner_kind = PARTNER_DOUBLE_FIRST_CLASS;
		}
		struct reasons r;
		reasons_init(&r);
		sxc_e07(prog, &a, &r);
		char got[256];
		reasons_codes(&r, got, sizeof got);
		reasons_free(&r);
		if (strcmp(got, texts[i].codes) != 0)
			fail_msg("bilingual case %zu: '%s', expected '%s'", i, got, texts[i].codes);
	}
	/* A domestic partner needs no senior foreign signatory either. */
	a = valid();
	a.category = CAT_AID;
	a.partner_country = "中国";
	a.signatory_rank = RANK_OTHER;
	a.agreement_bilingual = false;
	assert_string_equal(codes(&a, NULL), "");
}

static void test_e08_matching_ratio(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.matching = a.requested; /* exactly 1:1 */
	assert_string_equal(codes(&a, NULL), "");
	a.matching = a.requested - 1;
	assert_string_equal(codes(&a, NULL), "SXC-E08");
	a = valid();
	a.applicant_kind = UNIT_ENTERPRISE;
	a.attachments |= 1u << ATT_AUDIT;
	a.matching = 2 * a.requested; /* exactly 2:1 */
	assert_string_equal(codes(&a, NULL), "");
	a.matching = 2 * a.requested - 1;
	assert_string_equal(codes(&a, NULL), "SXC-E08");
	assert_string_equal(text_of(&a, "SXC-E08"),
			    "配套资金79.9999万元与申请引导资金40万元之比低于2:1（申报单位为企业）（申报通知二、4）");
}

/* V2-C1: both dates are days of the period, so it is measured to end + 1:
 * start + 24 months <= end + 1 day <= start + 36 months. */
static void test_e09_two_to_three_years(void **state)
{
	(void)state;
	static const struct {
		int start[3], end[3];
		const char *codes, *says;
	} cases[] = {
		{ { 2025, 1, 1 }, { 2026, 12, 31 }, "", NULL },             /* exactly 2 years */
		{ { 2025, 1, 1 }, { 2026, 12, 30 }, "SXC-E09", "不足2年" }, /* a day short */
		{ { 2025, 1, 1 }, { 2027, 12, 31 }, "", NULL },             /* exactly 3 years */
		{ { 2025, 1, 1 }, { 2028, 1, 1 }, "SXC-E09", "超过3年" },   /* a day over */
		{ { 2025, 3, 15 }, { 2027, 3, 14 }, "", NULL },
		{ { 2025, 3, 15 }, { 2027, 3, 13 }, "SXC-E09", "不足2年" },
		/* 29 February: + 24 months is 28 February, so the period may end on the 27th */
		{ { 2024, 2, 29 }, { 2026, 2, 27 }, "", NULL },
		{ { 2024, 2, 29 }, { 2026, 2, 26 }, "SXC-E09", "不足2年" },
		{ { 2024, 2, 29 }, { 2027, 2, 27 }, "", NULL },
		{ { 2024, 2, 29 }, { 2027, 2, 28 }, "SXC-E09", "超过3年" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct sxc_app a = valid();
		a.start = D(cases[i].start[0], cases[i].start[1], cases[i].start[2]);
		a.end = D(cases[i].end[0], cases[i].end[1], cases[i].end[2]);
		a.agreement_until = a.end;
		if (strcmp(codes(&a, NULL), cases[i].codes) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, codes(&a, NULL), cases[i].codes);
		if (cases[i].says)
			assert_non_null(strstr(text_of(&a, "SXC-E09"), cases[i].says));
	}
	struct sxc_app a = valid();
	a.start = D(2025, 1, 1);
	a.end = D(2026, 12, 30);
	assert_string_equal(
		text_of(&a, "SXC-E09"),
		"项目执行期2025年1月1日至2026年12月30日（含起止日），不足2年，执行期应为2—3年（申报通知二、7）");
	a.end = DATE_NONE;
	assert_string_equal(codes(&a, NULL), "SXC-E09");
}

static void test_e10_integrity_and_bans(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.misconduct = true;
	assert_string_equal(codes(&a, NULL), "SXC-E10");
	a = valid();
	a.blacklisted = true;
	assert_string_equal(codes(&a, NULL), "SXC-E10");
	a = valid();
	a.env_incident = true;
	assert_string_equal(codes(&a, NULL), "SXC-E10");
	a = valid();
	a.integrity_signed = false;
	assert_string_equal(codes(&a, NULL), "SXC-E10");

	/* Bans on the day of online submission (2024-12-01), end the last
	 * day in force (V2-G1). */
	a = valid();
	struct sanction items[2] = {
		{ SUBJECT_UNIT, uscc_shanxi, "x", D(2023, 1, 1), D(2024, 11, 30), "r" },
		{ SUBJECT_PERSON, pi_1980, "y", D(2024, 12, 2), DATE_NONE, "r" },
	};
	struct sanctions s = { .items = items, .count = 2 };
	assert_string_equal(codes(&a, &s), ""); /* unit ban over the day before, PI ban not begun */
	items[0].end = D(2024, 12, 1);
	assert_string_equal(codes(&a, &s), "SXC-E10"); /* its last day */
	items[0].end = D(2024, 11, 30);
	items[1].start = D(2024, 12, 1); /* open-ended, from that day */
	assert_string_equal(codes(&a, &s), "SXC-E10");
	/* A ban on another subject does not count. */
	items[1].subject_id = "110105194912310021";
	assert_string_equal(codes(&a, &s), "");
}

/* 申报通知二、8 bars only integrity records (科研严重失信, 黑名单, 不良信用):
 * a ban on another ground states its own period and ground, cites 二、2's
 * 其他限项要求 for the PI (that item is about the PI) and no article for
 * the unit. */
static void test_e10_ban_cites_its_ground(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	struct sanction items[2] = {
		{ SUBJECT_UNIT, uscc_shanxi, "x", D(2021, 12, 4), D(2024, 12, 20), "未按期结题" },
		{ SUBJECT_PERSON, pi_1980, "y", D(2024, 6, 1), DATE_NONE, "未按期结题" },
	};
	struct sanctions s = { .items = items, .count = 2 };
	assert_string_equal(
		texts_with(&a, &s, "SXC-E10"),
		"申报单位处于2021年12月4日至2024年12月20日的限制申报期（未按期结题），不得申报\n"
		"项目负责人自2024年6月1日起处于限制申报期（未按期结题），不得申报（申报通知二、2“符合省科技计划其他限项要求”）\n");
	items[0].reason = "科研失信：项目验收材料造假";
	items[1].reason = "学术不端：论文抄袭";
	assert_string_equal(
		texts_with(&a, &s, "SXC-E10"),
		"申报单位处于2021年12月4日至2024年12月20日的惩戒执行期（科研失信：项目验收材料造假），不得申报（申报通知二、8）\n"
		"项目负责人自2024年6月1日起处于惩戒执行期（学术不端：论文抄袭），不得申报（申报通知二、8）\n");
	items[0].reason = "列入失信黑名单";
	items[1].reason = "不良信用记录";
	const char *t = texts_with(&a, &s, "SXC-E10");
	assert_non_null(strstr(t, "惩戒执行期（列入失信黑名单），不得申报（申报通知二、8）"));
	assert_non_null(strstr(t, "惩戒执行期（不良信用记录），不得申报（申报通知二、8）"));
	items[0].reason = "";
	assert_non_null(strstr(texts_with(&a, &s, "SXC-E10"),
			       "申报单位处于2021年12月4日至2024年12月20日的限制申报期（未注明事由），不得申报\n"));
}

static void test_e11_attachments(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.attachments &= ~(1u << ATT_LICENSE);
	assert_string_equal(codes(&a, NULL), "SXC-E11");
	a = valid();
	a.applicant_kind = UNIT_ENTERPRISE;
	a.matching = 2 * a.requested;
	assert_string_equal(codes(&a, NULL), "SXC-E11"); /* no audit report */
	a.attachments |= 1u << ATT_AUDIT;
	assert_string_equal(codes(&a, NULL), "");
	a = valid();
	a.category = CAT_REG;
	a.partner_country = "中国";
	a.partner_uscc = uscc_beijing;
	a.partner_kind = PARTNER_NATIONAL_PLATFORM;
	assert_string_equal(codes(&a, NULL), "SXC-E11"); /* no platform proof */
	a.attachments |= 1u << ATT_PLATFORM;
	assert_string_equal(codes(&a, NULL), "");
	a = valid();
	a.novelty_date = D(2024, 5, 1); /* not after 2024-05-01 */
	assert_string_equal(codes(&a, NULL), "SXC-E11");
	a.novelty_date = D(2024, 5, 2);
	assert_string_equal(codes(&a, NULL), "");
	a.novelty_date = DATE_NONE;
	assert_string_equal(codes(&a, NULL), "SXC-E11");
}

static void test_e12_deadlines_to_the_minute(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.submitted_online = T(2024, 12, 4, 18, 0);
	assert_string_equal(codes(&a, NULL), "");
	a.submitted_online = T(2024, 12, 4, 18, 1);
	assert_string_equal(codes(&a, NULL), "SXC-E12");
	a = valid();
	a.received_paper = T(2024, 12, 9, 17, 0);
	assert_string_equal(codes(&a, NULL), "");
	a.received_paper = T(2024, 12, 9, 17, 1);
	assert_string_equal(codes(&a, NULL), "SXC-E12");
	a.received_paper = DATETIME_NONE;
	assert_string_equal(codes(&a, NULL), "SXC-E12");
	a = valid();
	a.submitted_online = DATETIME_NONE;
	assert_string_equal(codes(&a, NULL), "SXC-E12");
}

static void test_e13_duplicates_and_secrets(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.duplicate_funding = true;
	assert_string_equal(codes(&a, NULL), "SXC-E13");
	a = valid();
	a.secret = true;
	assert_string_equal(codes(&a, NULL), "SXC-E13");
	a = valid();
	a.same_content_rows = 2;
	assert_string_equal(codes(&a, NULL), "SXC-E13");
}

static void test_e13_same_content_ignores_white_space(void **state)
{
	(void)state;
	struct sxc_batch b;
	memset(&b, 0, sizeof b);
	struct sxc_app apps[3] = { valid(), valid(), valid() };
	apps[1].title = "中德 新材料关键技术\xE3\x80\x80联合研发";
	char other_pi[19];
	make_id(other_pi, "14010519810615123");
	apps[1].pi_id = other_pi;
	apps[2].applicant_uscc = uscc_beijing; /* another unit, same title */
	char third_pi[19];
	make_id(third_pi, "14010519820615123");
	apps[2].pi_id = third_pi;
	b.apps = apps;
	b.napps = 3;
	sxc_batch_facts(&b);
	assert_int_equal(apps[0].same_content_rows, 2);
	assert_int_equal(apps[1].same_content_rows, 2);
	assert_int_equal(apps[2].same_content_rows, 1);
	assert_int_equal(apps[0].pi_rows, 1);
	apps[1].pi_id = pi_1980; /* same PI twice: both counted */
	sxc_batch_facts(&b);
	assert_int_equal(apps[0].pi_rows, 2);
	assert_int_equal(apps[1].pi_rows, 2);
}

static void test_e14_ethics(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.needs_ethics = true;
	assert_string_equal(codes(&a, NULL), "SXC-E14");
	a.attachments |= 1u << ATT_ETHICS;
	assert_string_equal(codes(&a, NULL), "");
}

static void test_e15_category_rules(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.partner_country = "意大利";
	assert_string_equal(codes(&a, NULL), "SXC-E15");
	a = valid();
	a.category = CAT_BR;
	a.partner_country = "哈萨克斯坦";
	assert_string_equal(codes(&a, NULL), "");
	a.partner_country = "德国";
	assert_string_equal(codes(&a, NULL), "SXC-E15");
	a = valid();
	a.targets = 0x7; /* three targets */
	assert_string_equal(codes(&a, NULL), "SXC-E15");
	assert_string_equal(text_of(&a, "SXC-E15"), "承诺完成任务目标3项，少于要求的4项（申报通知一）");
	a.category = CAT_AID; /* no minimum */
	a.partner_country = "中国";
	a.targets = 0;
	assert_string_equal(codes(&a, NULL), "");
}

static void test_all_failures_are_collected(void **state)
{
	(void)state;
	struct sxc_app a = valid();
	a.registered_on = D(2024, 1, 1);
	a.pi_title = TITLE_JUNIOR;
	a.matching = 1;
	a.secret = true;
	assert_string_equal(codes(&a, NULL), "SXC-E02;SXC-E05;SXC-E08;SXC-E13");
}

/* ---- the decision: review, ranking, walk, publicity ---- */

struct mini {
	struct sxc_app apps[8];
	struct evaluation evals[64];
	struct objection objs[4];
	struct sxc_batch batch;
	struct decision d[8];
	struct sxc_round round;
};

static void add_scores(struct mini *m, int app, const int *scores, int n, int recused_from)
{
	for (int i = 0; i < n; i++) {
		struct evaluation *e = &m->evals[m->batch.nevals++];
		e->app = app;
		e->expert = "E";
		e->technical = true;
		e->score = scores[i];
		e->recused = i >= recused_from;
	}
}

static void mini_init(struct mini *m, int n)
{
	memset(m, 0, sizeof *m);
	static char pis[8][19];
	static const char *ids[8] = { "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8" };
	for (int i = 0; i < n; i++) {
		m->apps[i] = valid();
		m->apps[i].id = ids[i];
		char first[32];
		snprintf(first, sizeof first, "1401051980061512%d", i);
		make_id(pis[i], first);
		m->apps[i].pi_id = pis[i];
	}
	m->batch.apps = m->apps;
	m->batch.napps = n;
	m->batch.evals = m->evals;
	m->batch.objections.items = m->objs;
}

static void decide(struct mini *m)
{
	struct calendar cal;
	struct strbuf err = STRBUF_INIT;
	calendar_init(&cal, GRANTDOC_DATADIR "/calendar");
	assert_true(sxc_decide(prog, &m->batch, &cal, m->d, &m->round, &err));
	calendar_free(&cal);
	sb_free(&err);
}

static void mini_free(struct mini *m)
{
	for (int i = 0; i < m->batch.napps; i++)
		reasons_free(&m->d[i].reasons);
}

static void test_review_recusal_and_trimmed_mean(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m, 3);
	const int five[] = { 5000, 7000, 8000, 9000, 10000 };
	add_scores(&m, 0, five, 5, 5); /* drop 50 and 100: (70+80+90)/3 = 80 */
	const int six[] = { 8000, 8001, 8000, 9000, 9000, 9000 };
	add_scores(&m, 1, six, 6, 4); /* two recused: four valid -> 待补评 */
	const int four[] = { 6000, 6000, 6001, 9999 };
	add_scores(&m, 2, four, 4, 4);
	decide(&m);
	assert_int_equal(m.d[0].score, 8000);
	assert_int_equal(m.d[1].status, ST_NEEDS_REVIEW);
	assert_int_equal(m.d[1].score, SCORE_NONE);
	assert_int_equal(m.d[2].status, ST_NEEDS_REVIEW);
	assert_int_equal(m.d[2].rank, RANK_NONE);
	mini_free(&m);
}

static void test_half_up_rounding_and_pass_score(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m, 3);
	const int a[] = { 0, 8000, 8001, 8001, 10000 }; /* 80.0066.. -> 80.01 */
	const int b[] = { 0, 6000, 6000, 6000, 10000 }; /* exactly 60.00 passes */
	const int c[] = { 0, 5999, 5999, 6000, 10000 }; /* 59.9933.. -> 59.99 fails */
	add_scores(&m, 0, a, 5, 5);
	add_scores(&m, 1, b, 5, 5);
	add_scores(&m, 2, c, 5, 5);
	m.apps[0].requested = m.apps[1].requested = m.apps[2].requested = 100000;
	m.apps[0].matching = m.apps[1].matching = m.apps[2].matching = 100000;
	decide(&m);
	assert_int_equal(m.d[0].score, 8001);
	assert_int_equal(m.d[1].score, 6000);
	assert_int_equal(m.d[1].status, ST_PROPOSED); /* no decision date: publicity not over */
	assert_int_equal(m.d[2].score, 5999);
	assert_int_equal(m.d[2].status, ST_NOT_FUNDED);
	assert_true(reasons_has(&m.d[2].reasons, "SXC-R01"));
	/* V2-G2: the number 60 is the batch's, the article is for the review */
	assert_string_equal(
		m.d[2].reasons.items[0].text,
		"评审得分59.99分，低于本批次立项分数线60分（依据专家评审结果确定立项项目，《科技合作交流专项管理办法》第十三条）");
	assert_int_equal(m.d[2].rank, 3); /* below the pass score, still ranked */
	mini_free(&m);
}

static void test_ranking_tie_breaks(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m, 3);
	const int s[] = { 8000, 8000, 8000, 8000, 8000 };
	for (int i = 0; i < 3; i++) {
		add_scores(&m, i, s, 5, 5);
		m.apps[i].requested = m.apps[i].matching = 100000;
	}
	m.apps[0].submitted_online = T(2024, 12, 2, 9, 0);
	m.apps[1].submitted_online = T(2024, 12, 1, 9, 0);
	m.apps[2].submitted_online = T(2024, 12, 1, 9, 0);
	m.apps[1].id = "B";
	m.apps[2].id = "A";
	decide(&m);
	assert_int_equal(m.d[2].rank, 1); /* earlier, and id A before B */
	assert_int_equal(m.d[1].rank, 2);
	assert_int_equal(m.d[0].rank, 3); /* later submission */
	mini_free(&m);
}

static void test_funding_walk_skip_stop_and_caps(void **state)
{
	(void)state;
	/* Budget 1,000,000: A (90) 400k, B (85) asks 450k -> 400k cap with 50k
	 * self-raised, C (80) 400k does not fit, D (75) AID 200k fits. */
	for (int stop = 0; stop <= 1; stop++) {
		prog->walk = stop ? WALK_STOP : WALK_SKIP;
		struct mini m;
		mini_init(&m, 4);
		const int s90[] = { 9000, 9000, 9000, 9000, 9000 }, s85[] = { 8500, 8500, 8500, 8500, 8500 };
		const int s80[] = { 8000, 8000, 8000, 8000, 8000 }, s75[] = { 7500, 7500, 7500, 7500, 7500 };
		add_scores(&m, 0, s90, 5, 5);
		add_scores(&m, 1, s85, 5, 5);
		add_scores(&m, 2, s80, 5, 5);
		add_scores(&m, 3, s75, 5, 5);
		m.apps[1].requested = m.apps[1].matching = 450000;
		m.apps[3].category = CAT_AID;
		m.apps[3].partner_country = "中国";
		m.apps[3].requested = m.apps[3].matching = 200000;
		decide(&m);
		assert_int_equal(m.d[0].award, 400000);
		assert_int_equal(m.d[1].award, 400000);
		assert_int_equal(m.d[1].self_raise, 50000);
		assert_int_equal(m.d[1].requested, 450000);
		assert_int_equal(m.d[2].status, ST_NOT_FUNDED);
		assert_true(reasons_has(&m.d[2].reasons, "SXC-R02"));
		assert_string_equal(
			m.d[2].reasons.items[0].text,
			"评审排名第3位，按排名依次安排至本项目时本批次预算余额20万元，不足拟资助的40万元（依据专家评审结果确定立项项目，《科技合作交流专项管理办法》第十三条）");
		assert_int_equal(m.d[2].award, 0);
		if (stop) {
			assert_int_equal(m.d[3].status, ST_NOT_FUNDED);
			assert_true(reasons_has(&m.d[3].reasons, "SXC-R02"));
			/* 20万元 would cover it: the sentence says the walk stopped */
			assert_non_null(strstr(m.d[3].reasons.items[0].text, "按本批次规定不再向后安排"));
			assert_int_equal(m.round.budget_used, 800000);
		} else {
			assert_int_equal(m.d[3].award, 200000);
			assert_int_equal(m.round.budget_used, 1000000);
		}
		mini_free(&m);
	}
	prog->walk = WALK_SKIP;
}

static void test_publicity_objections_and_decision_date(void **state)
{
	(void)state;
	/* Publicity from Friday 2024-12-20, five working days: last 12-26. */
	struct mini m;
	mini_init(&m, 3);
	const int s[] = { 9000, 9000, 9000, 9000, 9000 };
	for (int i = 0; i < 3; i++) {
		add_scores(&m, i, s, 5, 5);
		m.apps[i].requested = m.apps[i].matching = 100000;
	}
	m.objs[0] = (struct objection){ 0, "A1", D(2024, 12, 26), "in time", 2 };
	m.objs[1] = (struct objection){ 1, "A2", D(2024, 12, 27), "too late", 3 };
	m.objs[2] = (struct objection){ 2, "A3", D(2024, 12, 19), "too early", 4 };
	m.batch.objections.count = 3;
	call.decided = D(2024, 12, 27);
	decide(&m);
	assert_int_equal(m.round.publicity_end, D(2024, 12, 26));
	assert_int_equal(m.d[0].status, ST_OBJECTED);
	assert_int_equal(m.d[0].award, 100000); /* stays reserved */
	assert_int_equal(m.d[1].status, ST_FUNDED);
	assert_int_equal(m.d[2].status, ST_FUNDED);
	assert_int_equal(m.round.ignored_objections, 2);
	mini_free(&m);

	mini_init(&m, 1);
	add_scores(&m, 0, s, 5, 5);
	call.decided = D(2024, 12, 26); /* the last day itself: not over */
	decide(&m);
	assert_int_equal(m.d[0].status, ST_PROPOSED);
	mini_free(&m);
	call.decided = DATE_NONE;
}

static void test_refused_rows_are_not_scored(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m, 1);
	const int s[] = { 9000, 9000, 9000, 9000, 9000 };
	add_scores(&m, 0, s, 5, 5);
	m.apps[0].secret = true;
	decide(&m);
	assert_int_equal(m.d[0].status, ST_REFUSED);
	assert_int_equal(m.d[0].score, SCORE_NONE);
	assert_int_equal(m.d[0].rank, RANK_NONE);
	assert_int_equal(m.d[0].award, 0);
	mini_free(&m);
}

static void test_call_window(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	assert_true(sxc_check_call(prog, &err)); /* 11-04 to 12-04: 30 days */
	int32_t saved = call.published;
	call.published = D(2024, 11, 5);
	assert_false(sxc_check_call(prog, &err));
	assert_non_null(strstr(sb_str(&err), "29 days later"));
	/* 第八条 says 原则上: the 30 days are the article's rule of thumb and
	 * this batch's requirement, not an absolute of the article */
	assert_non_null(strstr(sb_str(&err),
			       "29 days later: 管理办法第八条 says 原则上不少于30天 (in principle at least 30 days); "
			       "grantdoc requires at least 30 for a batch"));
	call.published = saved;
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_application_passes_everything),
		cmocka_unit_test(test_identity_numbers),
		cmocka_unit_test(test_e01_registered_in_shanxi),
		cmocka_unit_test(test_e02_registered_by_2023_01_01),
		cmocka_unit_test(test_e03_regional_partner),
		cmocka_unit_test(test_e04_born_from_1967_01_01),
		cmocka_unit_test(test_e05_title_or_doctorate),
		cmocka_unit_test(test_e06_pi_load),
		cmocka_unit_test(test_e07_agreement),
		cmocka_unit_test(test_e08_matching_ratio),
		cmocka_unit_test(test_e09_two_to_three_years),
		cmocka_unit_test(test_e10_integrity_and_bans),
		cmocka_unit_test(test_e10_ban_cites_its_ground),
		cmocka_unit_test(test_e11_attachments),
		cmocka_unit_test(test_e12_deadlines_to_the_minute),
		cmocka_unit_test(test_e13_duplicates_and_secrets),
		cmocka_unit_test(test_e13_same_content_ignores_white_space),
		cmocka_unit_test(test_e14_ethics),
		cmocka_unit_test(test_e15_category_rules),
		cmocka_unit_test(test_all_failures_are_collected),
		cmocka_unit_test(test_review_recusal_and_trimmed_mean),
		cmocka_unit_test(test_half_up_rounding_and_pass_score),
		cmocka_unit_test(test_ranking_tie_breaks),
		cmocka_unit_test(test_funding_walk_skip_stop_and_caps),
		cmocka_unit_test(test_publicity_objections_and_decision_date),
		cmocka_unit_test(test_refused_rows_are_not_scored),
		cmocka_unit_test(test_call_window),
	};
	return cmocka_run_group_tests_name("coop_rules", tests, setup, teardown);
}
