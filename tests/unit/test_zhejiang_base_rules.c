/* zhejiang-base rules: every code passes and fails, at the boundaries
 * rules.md names (60 and 90, 31 January and 1 February, the R&D bands,
 * grades across a gap year, bans over 29 February). Each test starts from
 * one valid base and changes one fact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "testutil.h"
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "ids.h"
#include "programmes/programme.h"
#include "programmes/zhejiang-base/model.h"

static struct arena arena;
static struct call call;
static struct zjb_params *prog;
static char uscc_zj[19], uscc_js[19];

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	const char *xml = "<programme kind=\"zhejiang-base\" year=\"2024\"><authority>浙江省科学技术厅</authority>"
			  "<title>t</title><decided>2025-03-20</decided></programme>";
	struct strbuf err = STRBUF_INIT;
	assert_true(call_parse(xml, strlen(xml), "p.xml", &PROGRAMME_PARAMS, &call, (void **)&prog, &arena, &err));
	sb_free(&err);
	make_uscc(uscc_zj, "91330100MA2B3C4D5");
	make_uscc(uscc_js, "91320100MA2B3C4D5");
	diag_set_quiet(true);
	return 0;
}

static struct decision last;

static int teardown(void **state)
{
	(void)state;
	reasons_free(&last.reasons);
	arena_free(&arena);
	return 0;
}

static struct zjb_base base(enum zjb_action action, enum zjb_type type)
{
	struct zjb_base b;
	memset(&b, 0, sizeof b);
	b.id = "ZJB-T";
	b.action = action;
	b.type = type;
	b.name = "测试基地";
	b.host = "测试单位";
	b.host_uscc = uscc_zj;
	b.host_kind = type == ZJB_OSV ? HOST_SERVICE : HOST_ENTERPRISE;
	b.overseas_agreements = 3;
	b.led_provincial_project = true;
	b.own_ip_products = true;
	b.revenue = 30000000;
	b.rd_intensity = 500;
	b.team_and_rules = b.osv_resources = b.osv_cases = b.ftr_overseas_unit = true;
	b.report_submitted = D(2025, 1, 15);
	b.score = 7500;
	return b;
}

/* Decides one base (with optional history) and returns its decision. */
static struct decision decide(const struct zjb_base *b, const struct zjb_history *h, int nh, const struct sanction *s,
			      int ns)
{
	struct zjb_batch batch;
	memset(&batch, 0, sizeof batch);
	batch.bases = (struct zjb_base *)b;
	batch.nbases = 1;
	batch.history = (struct zjb_history *)h;
	batch.nhistory = nh;
	batch.sanctions.items = (struct sanction *)s;
	batch.sanctions.count = ns;
	/* The previous decision's reasons are freed here, the last in teardown. */
	reasons_free(&last.reasons);
	zjb_decide(prog, &batch, &last);
	return last;
}

static char codes_buf[256];
static const char *codes(const struct decision *d)
{
	reasons_codes(&d->reasons, codes_buf, sizeof codes_buf);
	return codes_buf;
}

/* The codes of a base decided alone. */
static const char *codes_of(const struct zjb_base *b)
{
	struct decision d = decide(b, NULL, 0, NULL, 0);
	return codes(&d);
}

static void test_recognition_passes_for_each_type(void **state)
{
	(void)state;
	for (int t = 0; t < ZJB_TYPES; t++) {
		struct zjb_base b = base(ZJB_RECOGNISE, (enum zjb_type)t);
		struct decision d = decide(&b, NULL, 0, NULL, 0);
		assert_int_equal(d.status, ST_RECOGNISED);
		assert_string_equal(codes(&d), "");
		assert_int_equal(d.score, SCORE_NONE);
	}
}

static void test_e01_province_team_and_uscc(void **state)
{
	(void)state;
	struct zjb_base b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.host_uscc = uscc_js;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_int_equal(d.status, ST_NOT_RECOGNISED);
	assert_string_equal(codes(&d), "ZJB-E01");
	assert_non_null(strstr(d.reasons.items[0].text, "行政区划代码为32"));
	assert_non_null(strstr(d.reasons.items[0].text, "第七条（一）"));
	b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.team_and_rules = false;
	assert_string_equal(codes_of(&b), "ZJB-E01");
	b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.host_uscc = "91330100MA2B3C4D5X";
	d = decide(&b, NULL, 0, NULL, 0);
	assert_int_equal(d.status, ST_NOT_RECOGNISED);
	assert_string_equal(codes(&d), "ID-USCC");
	/* V2-S4: an invalid code says nothing of the registration, even when
	 * its division digits are another province's: ID-USCC only */
	char bad_js[19];
	memcpy(bad_js, uscc_js, sizeof bad_js);
	bad_js[17] = uscc_js[17] == '0' ? '1' : '0';
	b.host_uscc = bad_js;
	assert_string_equal(codes_of(&b), "ID-USCC");
	b.team_and_rules = false; /* 第七条's other conditions still count */
	assert_string_equal(codes_of(&b), "ID-USCC;ZJB-E01");
}

static void test_e02_agreements(void **state)
{
	(void)state;
	struct zjb_base b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.overseas_agreements = 2;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_string_equal(codes(&d), "ZJB-E02");
	assert_non_null(strstr(d.reasons.items[0].text, "2个，少于3个"));
	b.overseas_agreements = 3; /* 3个（含）以上 */
	assert_int_equal(decide(&b, NULL, 0, NULL, 0).status, ST_RECOGNISED);
}

/* V2-Z1 (第八条(一)): the led provincial project binds universities and
 * institutes; enterprises need own IP and the R&D intensity; service
 * organisations and parks have no 第八条(一) condition, only the
 * agreements of (二). One line per host kind and fact. */
static void test_e02_condition_by_host_kind(void **state)
{
	(void)state;
	static const struct {
		enum zjb_host kind;
		bool led, own_ip;
		int intensity;
		int agreements;
		const char *codes;
	} cases[] = {
		{ HOST_UNIVERSITY, true, false, -1, 3, "" },        { HOST_UNIVERSITY, false, true, 900, 3, "ZJB-E02" },
		{ HOST_INSTITUTE, true, false, -1, 3, "" },         { HOST_INSTITUTE, false, true, 900, 3, "ZJB-E02" },
		{ HOST_ENTERPRISE, false, true, 500, 3, "" },       { HOST_ENTERPRISE, true, false, 500, 3, "ZJB-E02" },
		{ HOST_ENTERPRISE, true, true, 499, 3, "ZJB-E02" }, { HOST_SERVICE, false, false, -1, 3, "" },
		{ HOST_SERVICE, false, false, -1, 2, "ZJB-E02" },   { HOST_PARK, false, false, -1, 3, "" },
		{ HOST_PARK, false, false, -1, 2, "ZJB-E02" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct zjb_base b = base(ZJB_RECOGNISE, ZJB_JRD);
		b.host_kind = cases[i].kind;
		b.led_provincial_project = cases[i].led;
		b.own_ip_products = cases[i].own_ip;
		b.rd_intensity = cases[i].intensity;
		b.overseas_agreements = cases[i].agreements;
		struct decision d = decide(&b, NULL, 0, NULL, 0);
		assert_string_equal(codes(&d), cases[i].codes);
		assert_int_equal(d.status, cases[i].codes[0] ? ST_NOT_RECOGNISED : ST_RECOGNISED);
	}
	struct zjb_base b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.host_kind = HOST_INSTITUTE;
	b.led_provincial_project = false;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_non_null(strstr(d.reasons.items[0].text, "依托科研院所未承担过"));
}

/* 第八条 says 原则上 (（一）, universities and institutes) and 一般 (（二）):
 * the batch applies them as required conditions, and the sentence says
 * both, never that the article itself requires it. */
static void test_e02_says_in_principle(void **state)
{
	(void)state;
	struct zjb_base b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.overseas_agreements = 2;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_string_equal(
		d.reasons.items[0].text,
		"与海外机构签有的科技合作协议2个，少于3个；第八条（二）规定一般应与3个（含）以上的海外机构签有科技合作协议，本批次按必备条件审查");
	b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.host_kind = HOST_UNIVERSITY;
	b.led_provincial_project = false;
	d = decide(&b, NULL, 0, NULL, 0);
	assert_string_equal(
		d.reasons.items[0].text,
		"依托高校未承担过由基地负责人或核心成员负责的省级及以上科技计划项目；第八条（一）规定依托高校、科研机构的原则上应承担过，本批次按必备条件审查");
	/* the enterprise condition has no 原则上: the article is cited as is */
	b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.own_ip_products = false;
	d = decide(&b, NULL, 0, NULL, 0);
	assert_string_equal(d.reasons.items[0].text, "依托企业没有具有自主知识产权的产品和成果（第八条（一））");
}

/* Bands: revenue <= 50,000,000 -> 5 %, <= 200,000,000 -> 4 %, above -> 3 %;
 * equal intensity passes. */
static void test_e02_rd_intensity_bands(void **state)
{
	(void)state;
	static const struct {
		int64_t revenue;
		int intensity;
		bool pass;
	} cases[] = {
		{ 50000000, 500, true },   { 50000000, 499, false }, { 50000001, 400, true },
		{ 50000001, 399, false },  { 200000000, 400, true }, { 200000001, 300, true },
		{ 200000001, 299, false }, { 0, 500, true },         { 0, -1, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct zjb_base b = base(ZJB_RECOGNISE, ZJB_JRD);
		b.revenue = cases[i].revenue;
		b.rd_intensity = cases[i].intensity;
		struct decision d = decide(&b, NULL, 0, NULL, 0);
		assert_int_equal(d.status, cases[i].pass ? ST_RECOGNISED : ST_NOT_RECOGNISED);
		if (!cases[i].pass)
			assert_string_equal(codes(&d), "ZJB-E02");
	}
	struct zjb_base b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.rd_intensity = 450;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	/* the article for the standard, the batch for the number (V2-G2) */
	assert_non_null(strstr(
		d.reasons.items[0].text,
		"4.5%，未达到国家高新技术企业标准（第八条（一））：按本批次规定，上年营业收入3000万元的企业应不低于5%"));
	b = base(ZJB_RECOGNISE, ZJB_JRD);
	b.own_ip_products = false;
	assert_string_equal(codes_of(&b), "ZJB-E02");
}

static void test_e03_open_service(void **state)
{
	(void)state;
	struct zjb_base b = base(ZJB_RECOGNISE, ZJB_OSV);
	b.osv_cases = false;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_string_equal(codes(&d), "ZJB-E03");
	assert_non_null(strstr(d.reasons.items[0].text, "第九条（二）"));
	b = base(ZJB_RECOGNISE, ZJB_OSV);
	b.osv_resources = false;
	assert_string_equal(codes_of(&b), "ZJB-E03");
	b.overseas_agreements = 0; /* E02's facts do not apply to OSV */
	b.osv_resources = true;
	assert_int_equal(decide(&b, NULL, 0, NULL, 0).status, ST_RECOGNISED);
}

static void test_e04_either_condition(void **state)
{
	(void)state;
	struct zjb_base b = base(ZJB_RECOGNISE, ZJB_FTR);
	b.ftr_overseas_unit = false;
	assert_string_equal(codes_of(&b), "ZJB-E04");
	b.ftr_foreign_rd_centre = true; /* 5 % at 30,000,000: meets the standard */
	assert_int_equal(decide(&b, NULL, 0, NULL, 0).status, ST_RECOGNISED);
	b.rd_intensity = 499;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_string_equal(codes(&d), "ZJB-E04");
	assert_non_null(strstr(d.reasons.items[0].text, "第十条（二）"));
}

/* 第十条's two conditions are an enterprise's: （一）企业通过设立或并购…,
 * （二）在浙外资企业…. A university or institute host is not recognised as
 * 特色发展类, whatever its overseas unit. */
static void test_e04_enterprise_host(void **state)
{
	(void)state;
	static const enum zjb_host others[] = { HOST_UNIVERSITY, HOST_INSTITUTE, HOST_SERVICE, HOST_PARK };
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct zjb_base b = base(ZJB_RECOGNISE, ZJB_FTR);
		b.host_kind = others[i];
		b.ftr_overseas_unit = true;
		b.ftr_foreign_rd_centre = true;
		struct decision d = decide(&b, NULL, 0, NULL, 0);
		assert_string_equal(codes(&d), "ZJB-E04");
		assert_int_equal(d.status, ST_NOT_RECOGNISED);
	}
	struct zjb_base b = base(ZJB_RECOGNISE, ZJB_FTR);
	b.host_kind = HOST_UNIVERSITY;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_string_equal(
		d.reasons.items[0].text,
		"依托单位为高校，特色发展类国合基地的两项条件均为企业的条件（企业通过设立或并购的形式在海外设立研发机构，或在浙外资企业），依托单位应为企业（第十条）");
	b = base(ZJB_RECOGNISE, ZJB_FTR); /* an enterprise with its overseas unit */
	assert_int_equal(decide(&b, NULL, 0, NULL, 0).status, ST_RECOGNISED);
}

static void test_e05_active_ban(void **state)
{
	(void)state;
	struct zjb_base b = base(ZJB_RECOGNISE, ZJB_OSV);
	struct sanction s = { SUBJECT_UNIT, uscc_zj, "测试单位", D(2023, 3, 20), D(2025, 3, 19), "撤销资格" };
	/* end is the last day in force: a ban whose last day was the day before is over */
	assert_int_equal(decide(&b, NULL, 0, &s, 1).status, ST_RECOGNISED);
	s.end = D(2025, 3, 20);
	struct decision d = decide(&b, NULL, 0, &s, 1);
	assert_string_equal(codes(&d), "ZJB-E05"); /* its last day is the decision date */
	assert_non_null(strstr(d.reasons.items[0].text, "2023年3月20日起至2025年3月20日止"));
	s.kind = SUBJECT_PERSON; /* a person's ban is not the unit's */
	assert_int_equal(decide(&b, NULL, 0, &s, 1).status, ST_RECOGNISED);
}

static void test_grades_at_thresholds(void **state)
{
	(void)state;
	static const struct {
		int score;
		enum status status;
		int64_t award;
	} cases[] = {
		{ 10000, ST_EXCELLENT, 200000 },
		{ 9000, ST_EXCELLENT, 200000 },
		{ 8999, ST_PASS, 0 },
		{ 6000, ST_PASS, 0 },
		{ 5999, ST_FAIL, 0 },
		{ 0, ST_FAIL, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct zjb_base b = base(ZJB_EVALUATE, ZJB_JRD);
		b.score = cases[i].score;
		struct decision d = decide(&b, NULL, 0, NULL, 0);
		assert_int_equal(d.status, cases[i].status);
		assert_int_equal(d.award, cases[i].award);
		assert_int_equal(d.score, cases[i].score);
		assert_string_equal(codes(&d), cases[i].status == ST_FAIL ? "ZJB-G01" : "");
		assert_int_equal(d.ban_until, DATE_NONE);
	}
	struct zjb_base b = base(ZJB_EVALUATE, ZJB_JRD);
	b.score = 5999;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_non_null(
		strstr(d.reasons.items[0].text,
		       "59.99分，低于本批次合格线60分，评价为不合格；对评价不合格的国合基地予以提醒督促（第十八条）"));
	/* Recognition facts do not matter to an evaluation. */
	b = base(ZJB_EVALUATE, ZJB_JRD);
	b.overseas_agreements = 0, b.team_and_rules = false;
	assert_int_equal(decide(&b, NULL, 0, NULL, 0).status, ST_PASS);
}

/* V2-Z2 (第十五条, 第二十二条(一)): the 2024 report is due on 31 January
 * 2025 from a base recognised by 31 January 2024; it is supplied when dated
 * on or before the decision date (20 March 2025) or marked supplied; only
 * a due report that is neither revokes; a late one supplied is ZJB-W01. */
static void test_report_due_supplied_late(void **state)
{
	(void)state;
	enum { NONE = 0 };
	static const struct {
		int recognised[3], submitted[3];
		bool supplied;
		enum status status;
		const char *codes;
	} cases[] = {
		{ { NONE }, { 2025, 1, 31 }, false, ST_PASS, "" },           /* in time, inclusive */
		{ { NONE }, { 2025, 2, 1 }, false, ST_PASS, "ZJB-W01" },     /* late, supplied by its date */
		{ { NONE }, { 2025, 3, 20 }, false, ST_PASS, "ZJB-W01" },    /* on the decision date */
		{ { NONE }, { 2025, 3, 21 }, false, ST_REVOKED, "ZJB-R02" }, /* after it */
		{ { NONE }, { 2025, 3, 21 }, true, ST_PASS, "ZJB-W01" },     /* marked supplied */
		{ { NONE }, { NONE }, false, ST_REVOKED, "ZJB-R02" },
		{ { NONE }, { NONE }, true, ST_PASS, "ZJB-W01" },
		{ { 2024, 1, 31 }, { NONE }, false, ST_REVOKED, "ZJB-R02" }, /* a year old on 31 January: due */
		{ { 2024, 2, 1 }, { NONE }, false, ST_PASS, "" },            /* a day short of a year: not due */
		{ { 2024, 2, 29 }, { NONE }, false, ST_PASS, "" },           /* + 1 year = 28 February 2025 */
		{ { 2024, 1, 31 }, { 2025, 2, 1 }, false, ST_PASS, "ZJB-W01" },
		{ { 2024, 2, 1 }, { 2025, 2, 1 }, false, ST_PASS, "" }, /* not due: not late either */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct zjb_base b = base(ZJB_EVALUATE, ZJB_OSV);
		b.recognised_on = cases[i].recognised[0]
					  ? D(cases[i].recognised[0], cases[i].recognised[1], cases[i].recognised[2])
					  : DATE_NONE;
		b.report_submitted = cases[i].submitted[0]
					     ? D(cases[i].submitted[0], cases[i].submitted[1], cases[i].submitted[2])
					     : DATE_NONE;
		b.report_supplied = cases[i].supplied;
		struct decision d = decide(&b, NULL, 0, NULL, 0);
		assert_string_equal(codes(&d), cases[i].codes);
		assert_int_equal(d.status, cases[i].status);
		assert_int_equal(d.ban_until, cases[i].status == ST_REVOKED ? D(2028, 3, 20) : DATE_NONE);
	}
	struct zjb_base b = base(ZJB_EVALUATE, ZJB_OSV);
	b.report_submitted = D(2025, 3, 21);
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_non_null(strstr(
		d.reasons.items[0].text,
		"2024年度报告应于2025年1月31日前提交（第十五条），实际2025年3月21日提交，在绩效评价期间亦未补充提交（第二十二条（一））"));
	b.report_submitted = DATE_NONE;
	d = decide(&b, NULL, 0, NULL, 0);
	assert_non_null(strstr(d.reasons.items[0].text, "，未提交，"));
	b.report_submitted = D(2025, 2, 1);
	d = decide(&b, NULL, 0, NULL, 0);
	assert_non_null(strstr(d.reasons.items[0].text,
			       "实际2025年2月1日提交，逾期提交（第十五条）；已在绩效评价期间补充提交"));
}

/* ZJB-W01 is a warning on a graded row: the grade decides the status
 * and the award; revoked rows list only R codes, exits only X codes. */
static void test_w01_only_on_graded_rows(void **state)
{
	(void)state;
	struct zjb_base b = base(ZJB_EVALUATE, ZJB_JRD);
	b.report_submitted = D(2025, 2, 1);
	b.score = 9500;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_int_equal(d.status, ST_EXCELLENT);
	assert_int_equal(d.award, 200000);
	assert_string_equal(codes(&d), "ZJB-W01");
	b.score = 5000;
	assert_string_equal(codes_of(&b), "ZJB-G01;ZJB-W01");
	b.false_info = true;
	d = decide(&b, NULL, 0, NULL, 0);
	assert_int_equal(d.status, ST_REVOKED);
	assert_string_equal(codes(&d), "ZJB-R03");
	b.false_info = false, b.withdrawn = true;
	d = decide(&b, NULL, 0, NULL, 0);
	assert_int_equal(d.status, ST_EXITED);
	assert_string_equal(codes(&d), "ZJB-X02");
}

static void test_r01_twice_in_a_row_across_a_gap(void **state)
{
	(void)state;
	struct zjb_base b = base(ZJB_EVALUATE, ZJB_JRD);
	b.score = 5500;
	/* 2021 不合格, 2022 合格, (no 2023): latest earlier grade is 合格 */
	struct zjb_history h[] = { { 0, 2021, GRADE_FAIL }, { 0, 2022, GRADE_PASS } };
	struct decision d = decide(&b, h, 2, NULL, 0);
	assert_int_equal(d.status, ST_FAIL);
	assert_string_equal(codes(&d), "ZJB-G01");
	/* 2022 不合格 then a gap year: still "in a row" */
	h[1].grade = GRADE_FAIL;
	d = decide(&b, h, 2, NULL, 0);
	assert_int_equal(d.status, ST_REVOKED);
	assert_string_equal(codes(&d), "ZJB-R01"); /* never G01 on a revoked row */
	assert_non_null(strstr(d.reasons.items[0].text, "上一次评价（2022年度）亦为不合格"));
	/* a later or same-year record is not "earlier" */
	struct zjb_history later[] = { { 0, 2024, GRADE_FAIL } };
	assert_int_equal(decide(&b, later, 1, NULL, 0).status, ST_FAIL);
	/* 不合格 before, 合格 now: no revocation */
	b.score = 6000;
	assert_int_equal(decide(&b, h, 2, NULL, 0).status, ST_PASS);
	assert_int_equal(zjb_previous_grade(&(struct zjb_batch){ .history = h, .nhistory = 2 }, 0, 2024), GRADE_FAIL);
	assert_int_equal(zjb_previous_grade(&(struct zjb_batch){ .history = h, .nhistory = 2 }, 1, 2024), GRADE_NONE);
}

static void test_r03_r04_r05_and_exits(void **state)
{
	(void)state;
	struct zjb_base b = base(ZJB_EVALUATE, ZJB_FTR);
	b.score = SCORE_NONE;
	b.false_info = true;
	struct decision d = decide(&b, NULL, 0, NULL, 0);
	assert_int_equal(d.status, ST_REVOKED);
	assert_string_equal(codes(&d), "ZJB-R03");
	assert_int_equal(d.score, SCORE_NONE);
	b.false_info = false, b.security_incident = true;
	assert_string_equal(codes_of(&b), "ZJB-R04");
	b.security_incident = false, b.unreported_change = true;
	assert_string_equal(codes_of(&b), "ZJB-R05");
	/* revocation beats exit */
	b.withdrawn = true;
	d = decide(&b, NULL, 0, NULL, 0);
	assert_int_equal(d.status, ST_REVOKED);
	assert_string_equal(codes(&d), "ZJB-R05");
	b.unreported_change = false;
	d = decide(&b, NULL, 0, NULL, 0);
	assert_int_equal(d.status, ST_EXITED);
	assert_string_equal(codes(&d), "ZJB-X02");
	assert_int_equal(d.ban_until, DATE_NONE);
	b.withdrawn = false, b.national_base = true;
	assert_string_equal(codes_of(&b), "ZJB-X01");
	/* all grounds listed together */
	b = base(ZJB_EVALUATE, ZJB_FTR);
	b.false_info = b.security_incident = b.unreported_change = true;
	b.report_submitted = DATE_NONE;
	assert_string_equal(codes_of(&b), "ZJB-R02;ZJB-R03;ZJB-R04;ZJB-R05");
}

static void test_ban_over_29_february(void **state)
{
	(void)state;
	int32_t saved = call.decided;
	call.decided = D(2024, 2, 29);
	struct zjb_base b = base(ZJB_EVALUATE, ZJB_JRD);
	b.false_info = true;
	assert_int_equal(decide(&b, NULL, 0, NULL, 0).ban_until, D(2027, 2, 28));
	call.decided = saved;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recognition_passes_for_each_type),
		cmocka_unit_test(test_e01_province_team_and_uscc),
		cmocka_unit_test(test_e02_agreements),
		cmocka_unit_test(test_e02_condition_by_host_kind),
		cmocka_unit_test(test_e02_says_in_principle),
		cmocka_unit_test(test_e02_rd_intensity_bands),
		cmocka_unit_test(test_e03_open_service),
		cmocka_unit_test(test_e04_either_condition),
		cmocka_unit_test(test_e04_enterprise_host),
		cmocka_unit_test(test_e05_active_ban),
		cmocka_unit_test(test_grades_at_thresholds),
		cmocka_unit_test(test_report_due_supplied_late),
		cmocka_unit_test(test_w01_only_on_graded_rows),
		cmocka_unit_test(test_r01_twice_in_a_row_across_a_gap),
		cmocka_unit_test(test_r03_r04_r05_and_exits),
		cmocka_unit_test(test_ban_over_29_february),
	};
	return cmocka_run_group_tests_name("zhejiang-base rules", tests, setup, teardown);
}
