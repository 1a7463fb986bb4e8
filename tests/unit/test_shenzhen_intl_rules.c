/* shenzhen-intl rules: every code passes and fails at the boundaries
 * rules.md names — the category formulas with odd amounts and caps, the
 * 100/30 participants, experts dropped one by one, bans ending on the
 * application day or the day after (and one begun on 29 February), the
 * contract on day 30 and 31, acceptance at 6 months and a day more. */
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
#include "programmes/shenzhen-intl/model.h"

static struct arena arena;
static struct call call;
static struct szi_params *prog;
static char uscc_sz[19], uscc_gz[19], uscc_sw[19], pi[19];

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	const char *xml = "<programme kind=\"shenzhen-intl\" year=\"2024\"><authority>深圳市科技创新局</authority>"
			  "<title>t</title><budget>5000000</budget><publicity start=\"2024-11-20\" days=\"10\"/>"
			  "<decided>2024-12-16</decided></programme>";
	struct strbuf err = STRBUF_INIT;
	assert_true(call_parse(xml, strlen(xml), "p.xml", &PROGRAMME_PARAMS, &call, (void **)&prog, &arena, &err));
	sb_free(&err);
	make_uscc(uscc_sz, "91440300MA5D12345");
	make_uscc(uscc_gz, "91440100MA5D12345");
	make_uscc(uscc_sw, "91441500MA5D12345");
	make_person_id(pi, "44030519800101001");
	diag_set_quiet(true);
	return 0;
}

static struct reasons refusal;

static int teardown(void **state)
{
	(void)state;
	reasons_free(&refusal);
	arena_free(&arena);
	return 0;
}

static struct szi_app app(enum szi_category c)
{
	struct szi_app a;
	memset(&a, 0, sizeof a);
	a.id = "SZ-T";
	a.category = c;
	a.title = "t";
	a.applicant = "单位";
	a.applicant_uscc = uscc_sz;
	a.applicant_kind = c >= SZI_ACT ? SZI_UNIVERSITY : SZI_ENTERPRISE;
	a.pi_name = "负责人";
	a.pi_id = pi;
	a.cn_rd_input = 4000000;
	a.audited_cost = 800000;
	a.partner_applied = a.content_consistent = true;
	a.cn_enterprise = a.agreement_signed = true;
	a.ip_owner = IP_JOINT;
	a.host_role = a.in_shenzhen = a.fa_approved = true;
	a.participants = 150;
	a.foreign_participants = 40;
	a.submitted = D(2024, 9, 15);
	return a;
}

struct world {
	struct szi_batch batch;
	struct szi_expert experts[4];
	struct sanction sanctions[2];
};

static void world_of(struct world *w, struct szi_app *a)
{
	memset(w, 0, sizeof *w);
	w->batch.apps = a;
	w->batch.napps = 1;
	w->batch.experts = w->experts;
	w->batch.sanctions.items = w->sanctions;
}

static struct szi_expert expert(enum szi_title t, int64_t cost)
{
	return (struct szi_expert){ 0, 2, "专家", t, false, false, cost, 0, 0, 0 };
}

/* Eligibility alone: its codes, and whether it refuses. */
static char codes_buf[256];
static const char *check(const struct world *w, bool *refused)
{
	reasons_free(&refusal);
	reasons_init(&refusal);
	*refused = szi_check_eligibility(prog, &w->batch, 0, &refusal);
	reasons_codes(&refusal, codes_buf, sizeof codes_buf);
	return codes_buf;
}

static void test_formulas_round_down_and_cap(void **state)
{
	(void)state;
	assert_int_equal(szi_requested(prog, SZI_GOV, 4000001), 2000000);
	assert_int_equal(szi_requested(prog, SZI_IND, 1234567), 617283);
	assert_int_equal(szi_requested(prog, SZI_ACT, 1), 0);
	assert_int_equal(szi_requested(prog, SZI_PER, 19134), 9567);
	assert_int_equal(prog->category[SZI_GOV].cap, 3000000);
	assert_int_equal(prog->category[SZI_IND].cap, 1000000);
	struct szi_app a = app(SZI_ACT);
	struct world w;
	world_of(&w, &a);
	a.audited_cost = 2500001;
	assert_int_equal(szi_base(prog, &w.batch, 0), 2500001);
	struct decision d[1];
	struct szi_round round;
	szi_decide(prog, &w.batch, d, &round);
	assert_int_equal(d[0].status, ST_FUNDED);
	assert_int_equal(d[0].requested, 1250000);
	assert_int_equal(d[0].award, 1000000); /* the cap */
	assert_int_equal(d[0].self_raise, 250000);
	assert_int_equal(round.publicity_end, D(2024, 11, 29)); /* 10 days, the first counting */
	reasons_free(&d[0].reasons);
	/* GOV and IND take the R&D input as base, PER the eligible experts' costs. */
	a = app(SZI_IND);
	a.cn_rd_input = 1234567;
	assert_int_equal(szi_base(prog, &w.batch, 0), 1234567);
	a = app(SZI_PER);
	w.experts[0] = expert(XT_PROFESSOR, 12345);
	w.experts[1] = expert(XT_OTHER, 50000);
	w.experts[2] = expert(XT_DOCTOR, 6789);
	w.batch.nexperts = 3;
	assert_int_equal(szi_base(prog, &w.batch, 0), 19134);
}

static void test_e01_shenzhen_or_the_zone(void **state)
{
	(void)state;
	bool refused;
	struct szi_app a = app(SZI_GOV);
	struct world w;
	world_of(&w, &a);
	assert_string_equal(check(&w, &refused), "");
	assert_false(refused);
	a.applicant_uscc = uscc_gz;
	assert_string_equal(check(&w, &refused), "SZI-E01");
	assert_true(refused);
	assert_non_null(strstr(refusal.items[0].text, "行政区划代码为4401"));
	a.applicant_uscc = uscc_sw;
	assert_string_equal(check(&w, &refused), "SZI-E01");
	a.in_shenshan = true; /* registered in the Shenzhen–Shanwei zone */
	assert_string_equal(check(&w, &refused), "");
	a.applicant_uscc = "91440300MA5D12345X";
	assert_string_equal(check(&w, &refused), "ID-USCC");
	/* V2-S4: an invalid code cannot show where the unit is registered, even
	 * when its division digits are another city's: ID-USCC only */
	char bad_gz[19];
	memcpy(bad_gz, uscc_gz, sizeof bad_gz);
	bad_gz[17] = uscc_gz[17] == '0' ? '1' : '0';
	a.applicant_uscc = bad_gz;
	assert_string_equal(check(&w, &refused), "ID-USCC");
	assert_true(refused);
	assert_non_null(strstr(refusal.items[0].text, "无法据以认定注册地"));
	a.applicant_uscc = uscc_sz;
	char bad_pi[19];
	memcpy(bad_pi, pi, sizeof bad_pi);
	bad_pi[17] = pi[17] == '0' ? '1' : '0'; /* a wrong check character */
	a.pi_id = bad_pi;
	assert_string_equal(check(&w, &refused), "ID-PERSON");
	assert_true(refused);
}

static void test_e02_e03_conditions(void **state)
{
	(void)state;
	bool refused;
	struct szi_app a = app(SZI_GOV);
	struct world w;
	world_of(&w, &a);
	a.partner_applied = false;
	assert_string_equal(check(&w, &refused), "SZI-E02");
	a.partner_applied = true, a.content_consistent = false;
	assert_string_equal(check(&w, &refused), "SZI-E02");
	assert_true(refused);

	a = app(SZI_IND);
	a.cn_enterprise = false;
	assert_string_equal(check(&w, &refused), "SZI-E03");
	a.joint_lab = true; /* a Shenzhen–overseas university joint laboratory */
	assert_string_equal(check(&w, &refused), "");
	a.agreement_signed = false;
	assert_string_equal(check(&w, &refused), "SZI-E03");
	a.agreement_signed = true, a.ip_owner = IP_FOREIGN;
	assert_string_equal(check(&w, &refused), "SZI-E03");
	a.ip_owner = IP_CHINESE;
	assert_string_equal(check(&w, &refused), "");
	a.ip_owner = IP_NONE;
	assert_string_equal(check(&w, &refused), "SZI-E03");
}

/* V2-S1 (第二条(三), 第六条【活动交流申请条件】): an activity held in Shenzhen
 * needs 100 participants, 30 foreign (以上 includes the number) and the
 * foreign-affairs filing; one held abroad needs to be undertaken for the
 * municipal government (commissioned), whatever its numbers; the applicant
 * hosts or organises it in both. One line per boundary. */
static void test_e04_activity_in_shenzhen_or_abroad(void **state)
{
	(void)state;
	static const struct {
		bool in_shenzhen, commissioned, host, fa;
		int participants, foreign;
		const char *codes;
	} cases[] = {
		{ true, false, true, true, 100, 30, "" },
		{ true, false, true, true, 99, 30, "SZI-E04" },
		{ true, false, true, true, 100, 29, "SZI-E04" },
		{ true, true, true, true, 99, 30, "SZI-E04" }, /* commissioned, in Shenzhen: numbers still apply */
		{ true, false, true, false, 100, 30, "SZI-E04" },
		{ true, false, false, true, 100, 30, "SZI-E04" },
		{ false, true, true, false, 0, 0, "" }, /* abroad for the city: no thresholds, no filing */
		{ false, true, true, true, 20, 5, "" },
		{ false, false, true, true, 150, 40, "SZI-E04" }, /* abroad, not commissioned */
		{ false, true, false, true, 0, 0, "SZI-E04" },    /* abroad, neither host nor organiser */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct szi_app a = app(SZI_ACT);
		struct world w;
		world_of(&w, &a);
		a.in_shenzhen = cases[i].in_shenzhen;
		a.commissioned = cases[i].commissioned;
		a.host_role = cases[i].host;
		a.fa_approved = cases[i].fa;
		a.participants = cases[i].participants;
		a.foreign_participants = cases[i].foreign;
		bool refused;
		assert_string_equal(check(&w, &refused), cases[i].codes);
		assert_int_equal(refused, cases[i].codes[0] != '\0');
	}
	struct szi_app a = app(SZI_ACT);
	struct world w;
	world_of(&w, &a);
	a.in_shenzhen = false;
	bool refused;
	check(&w, &refused);
	assert_non_null(strstr(refusal.items[0].text, "未在深圳举办，也不是承担市政府及其部门在国外举办的"));
	assert_non_null(strstr(refusal.items[0].text, "第二条（三）"));
	a.in_shenzhen = true, a.participants = 99;
	check(&w, &refused);
	assert_non_null(strstr(refusal.items[0].text, "第六条【活动交流申请条件】（二）"));
	assert_string_equal(refusal.items[0].text,
			    "在深圳举办的交流活动参加人数99人、外宾40人，未达到100人以上且外宾30人以上"
			    "（《深圳市国际科技合作项目资助管理办法》第六条【活动交流申请条件】（二））");
	/* a threshold the batch changed is the batch's, the article's beside it */
	prog->act_participants = 150;
	a.participants = 120;
	check(&w, &refused);
	assert_string_equal(
		refusal.items[0].text,
		"在深圳举办的交流活动参加人数120人、外宾40人，未达到150人以上且外宾30人以上"
		"（本批次规定；《深圳市国际科技合作项目资助管理办法》第六条【活动交流申请条件】（二）规定100人以上且外宾30人以上）");
	prog->act_participants = 100;
}

static void test_e05_experts_dropped_one_by_one(void **state)
{
	(void)state;
	bool refused;
	struct szi_app a = app(SZI_PER);
	struct world w;
	world_of(&w, &a);
	w.experts[0] = expert(XT_ASSOCIATE_PROFESSOR, 10000);
	w.experts[1] = expert(XT_OTHER, 20000);
	w.experts[2] = expert(XT_RESEARCHER, 30000);
	w.experts[2].applicant_staff = true;
	w.experts[3] = expert(XT_SENIOR_ENGINEER, 40000);
	w.experts[3].funded_elsewhere = true;
	w.batch.nexperts = 4;
	assert_string_equal(check(&w, &refused), "SZI-E05");
	assert_false(refused); /* one expert remains: the application stands */
	assert_int_equal(refusal.count, 3);
	assert_non_null(strstr(refusal.items[0].text, "第七条（二）"));
	assert_non_null(strstr(refusal.items[1].text, "第七条（三）"));
	assert_non_null(strstr(refusal.items[2].text, "第七条（四）"));
	assert_int_equal(szi_base(prog, &w.batch, 0), 10000);
	w.experts[0].title = XT_OTHER; /* none left */
	assert_string_equal(check(&w, &refused), "SZI-E05");
	assert_true(refused);
	w.experts[0].title = XT_DOCTOR;
	a.applicant_kind = SZI_ENTERPRISE;
	check(&w, &refused);
	assert_true(refused);
	assert_int_equal(szi_expert_flaw(prog, &w.experts[0]), EXPERT_OK);
}

/* V2-S2 (第七条(二)): a doctorate or 副教授, 副研究员, 高级工程师 "及以上" —
 * the full titles qualify; visit_year, when given, must be the call year
 * − 1 (上年度, 第二条(四)), else the expert is dropped with SZI-E05. */
static void test_e05_titles_and_visit_year(void **state)
{
	(void)state;
	static const struct {
		enum szi_title title;
		int visit_year;
		enum szi_expert_flaw flaw;
	} cases[] = {
		{ XT_DOCTOR, 0, EXPERT_OK },
		{ XT_ASSOCIATE_PROFESSOR, 0, EXPERT_OK },
		{ XT_PROFESSOR, 0, EXPERT_OK },
		{ XT_ASSOCIATE_RESEARCHER, 0, EXPERT_OK },
		{ XT_RESEARCHER, 0, EXPERT_OK },
		{ XT_SENIOR_ENGINEER, 0, EXPERT_OK },
		{ XT_FULL_SENIOR_ENGINEER, 0, EXPERT_OK },
		{ XT_PROFESSOR_SENIOR_ENGINEER, 0, EXPERT_OK },
		{ XT_OTHER, 0, EXPERT_TITLE },
		{ XT_PROFESSOR, 2023, EXPERT_OK }, /* call year 2024: 上年度 */
		{ XT_PROFESSOR, 2022, EXPERT_VISIT_YEAR },
		{ XT_PROFESSOR, 2024, EXPERT_VISIT_YEAR },
		{ XT_OTHER, 2022, EXPERT_TITLE }, /* one reason per expert, the first */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct szi_expert x = expert(cases[i].title, 1000);
		x.visit_year = cases[i].visit_year;
		assert_int_equal(szi_expert_flaw(prog, &x), cases[i].flaw);
	}
	bool refused;
	struct szi_app a = app(SZI_PER);
	struct world w;
	world_of(&w, &a);
	w.experts[0] = expert(XT_PROFESSOR_SENIOR_ENGINEER, 10000);
	w.experts[1] = expert(XT_FULL_SENIOR_ENGINEER, 20000);
	w.experts[1].visit_year = 2024;
	w.batch.nexperts = 2;
	assert_string_equal(check(&w, &refused), "SZI-E05");
	assert_false(refused);
	assert_non_null(
		strstr(refusal.items[0].text, "来深年度为2024年，不是上年度（2023年），其费用2万元不列入资助基数"));
	assert_non_null(strstr(refusal.items[0].text, "第二条（四）"));
	assert_int_equal(szi_base(prog, &w.batch, 0), 10000);
	w.experts[0].visit_year = 2022; /* none left */
	check(&w, &refused);
	assert_true(refused);
	assert_int_equal(szi_base(prog, &w.batch, 0), 0);
}

/* Bans from sanctions.csv are checked on the application date. */
static void test_e06_bans_on_the_application_date(void **state)
{
	(void)state;
	bool refused;
	struct szi_app a = app(SZI_ACT);
	struct world w;
	world_of(&w, &a);
	w.sanctions[0] = (struct sanction){ SUBJECT_PERSON, pi, "负责人", D(2021, 9, 15), D(2024, 9, 14), "r" };
	w.batch.sanctions.count = 1;
	assert_string_equal(check(&w, &refused), ""); /* its last day was the day before: over */
	w.sanctions[0].end = D(2024, 9, 15);
	assert_string_equal(check(&w, &refused), "SZI-E06"); /* its last day: still in force */
	assert_true(refused);
	assert_non_null(strstr(refusal.items[0].text, "项目负责人"));
	w.sanctions[0] = (struct sanction){ SUBJECT_UNIT, uscc_sz, "单位", D(2024, 2, 29), D(2027, 2, 28), "r" };
	assert_string_equal(check(&w, &refused), "SZI-E06"); /* begun on 29 February */
	assert_non_null(strstr(refusal.items[0].text, "2024年2月29日起至2027年2月28日止"));
	/* the record's ground, not an article the record may not rest on (V2-G2) */
	assert_non_null(strstr(refusal.items[0].text, "事由：r）"));
	assert_null(strstr(refusal.items[0].text, "第十五条"));
	a.submitted = D(2027, 2, 28);
	assert_string_equal(check(&w, &refused), "SZI-E06"); /* the last day in force */
	a.submitted = D(2027, 3, 1);
	assert_string_equal(check(&w, &refused), "");
	a.submitted = D(2024, 2, 28);
	assert_string_equal(check(&w, &refused), ""); /* the day before it began */
}

static void test_review_pass_score_and_budget(void **state)
{
	(void)state;
	struct szi_app a[3] = { app(SZI_GOV), app(SZI_IND), app(SZI_IND) };
	a[0].id = "A", a[1].id = "B", a[2].id = "C";
	a[0].cn_rd_input = 9000000; /* 4,500,000 -> cap 3,000,000 */
	a[1].cn_rd_input = 3000000; /* 1,500,000 -> cap 1,000,000 */
	a[2].cn_rd_input = 4000000;
	struct evaluation e[15];
	int scores[3] = { 9000, 8000, 5999 };
	for (int i = 0; i < 15; i++)
		e[i] = (struct evaluation){ "x", i / 5, scores[i / 5], true, false };
	struct world w;
	world_of(&w, a);
	w.batch.napps = 3;
	w.batch.evals = e;
	w.batch.nevals = 15;
	prog->budget = 3500000;
	struct decision d[3];
	struct szi_round round;
	szi_decide(prog, &w.batch, d, &round);
	assert_int_equal(d[0].status, ST_FUNDED);
	assert_int_equal(d[0].award, 3000000);
	assert_int_equal(d[0].self_raise, 1500000);
	assert_int_equal(d[1].status, ST_NOT_FUNDED); /* 1,000,000 > 500,000 left */
	assert_true(reasons_has(&d[1].reasons, "SZI-R02"));
	assert_int_equal(d[2].status, ST_NOT_FUNDED);
	assert_true(reasons_has(&d[2].reasons, "SZI-R01"));
	assert_non_null(strstr(d[2].reasons.items[0].text,
			       "评审得分59.99分，低于本批次立项分数线60分（综合专家评审意见提出拟资助项目，"));
	assert_non_null(strstr(d[1].reasons.items[0].text, "超过本批次预算余额50万元（本批次预算350万元）"));
	assert_int_equal(d[2].rank, 3);
	prog->budget = 4000000;
	for (int i = 0; i < 3; i++)
		reasons_free(&d[i].reasons);
	szi_decide(prog, &w.batch, d, &round);
	assert_int_equal(d[1].status, ST_FUNDED);
	assert_int_equal(round.budget_used, 4000000);
	/* four valid scores are too few: 待补评 */
	e[14].recused = true, e[13].recused = true;
	e[10].score = e[11].score = e[12].score = e[13].score = e[14].score = 7000;
	e[14].recused = true;
	for (int i = 0; i < 3; i++)
		reasons_free(&d[i].reasons);
	szi_decide(prog, &w.batch, d, &round);
	assert_int_equal(d[2].status, ST_NEEDS_REVIEW);
	for (int i = 0; i < 3; i++)
		reasons_free(&d[i].reasons);
	prog->budget = 5000000;
}

/* V2-G5 (第十二条): 10 days from 20 November, both ends included: an
 * objection on 20 or 29 November holds the project (公示异议, award
 * reserved); one on 19 or 30 November, or to a refused application, is
 * ignored and the project is 立项 on the decision date. */
static void test_objections_within_the_ten_days(void **state)
{
	(void)state;
	static const struct {
		int month, day;
		bool refused;
		enum status status;
	} cases[] = {
		{ 11, 19, false, ST_FUNDED }, { 11, 20, false, ST_OBJECTED }, { 11, 29, false, ST_OBJECTED },
		{ 11, 30, false, ST_FUNDED }, { 11, 25, true, ST_REFUSED },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct szi_app a = app(SZI_ACT);
		a.host_role = !cases[i].refused;
		struct world w;
		world_of(&w, &a);
		struct objection o = { 0, "SZ-T", D(2024, cases[i].month, cases[i].day), "异议", 2 };
		w.batch.objections = (struct objections){ &o, 1, 1 };
		struct decision d[1];
		struct szi_round round;
		szi_decide(prog, &w.batch, d, &round);
		assert_int_equal(d[0].status, cases[i].status);
		assert_int_equal(round.ignored_objections, cases[i].status != ST_OBJECTED);
		if (!cases[i].refused)
			assert_int_equal(d[0].award, 400000); /* reserved, or paid */
		reasons_free(&d[0].reasons);
	}
}

static struct szi_contract contract(int32_t approved, int32_t signed_on, int32_t end, int32_t applied, bool completed,
				    bool terminated)
{
	return (struct szi_contract){ 2,         "C",        approved, signed_on, end,    applied,
				      completed, terminated, uscc_sz,  pi,        "单位", "负责人" };
}

static const char *contract_codes(struct szi_contract c, struct szi_contract_outcome *o)
{
	struct szi_batch b = { 0 };
	b.contracts = &c;
	b.ncontracts = 1;
	reasons_free(&o->reasons);
	szi_check_contracts(prog, &b, o);
	reasons_codes(&o->reasons, codes_buf, sizeof codes_buf);
	return codes_buf;
}

static void test_contracts_p02_a01_b01(void **state)
{
	(void)state;
	struct szi_contract_outcome o = { 0 };
	/* Day 30 in time; 6 months after 31 August is 29 February (2024, clamped). */
	assert_string_equal(
		contract_codes(contract(D(2021, 3, 1), D(2021, 3, 31), D(2023, 8, 31), D(2024, 2, 29), true, false),
			       &o),
		"");
	assert_int_equal(o.status, CONTRACT_OK);
	assert_string_equal(
		contract_codes(contract(D(2021, 3, 1), D(2021, 4, 1), D(2023, 8, 31), D(2024, 2, 29), true, false), &o),
		"SZI-P02");
	assert_int_equal(o.status, CONTRACT_LATE);
	assert_string_equal(
		contract_codes(contract(D(2021, 3, 1), D(2021, 3, 2), D(2023, 8, 31), D(2024, 3, 1), true, false), &o),
		"SZI-A01");
	assert_int_equal(o.status, CONTRACT_LATE);
	assert_int_equal(o.ban_until, DATE_NONE);
	/* not completed and past its end on the decision date: banned 3 years */
	assert_string_equal(
		contract_codes(contract(D(2022, 1, 1), D(2022, 1, 2), D(2024, 6, 30), DATE_NONE, false, false), &o),
		"SZI-B01");
	assert_int_equal(o.status, CONTRACT_BANNED);
	assert_int_equal(o.ban_until, D(2027, 12, 16));
	/* the reason prints the last day bans.csv stores */
	assert_non_null(strstr(
		o.reasons.items[0].text,
		"三年内不得申报市科技计划项目资助（《深圳市国际科技合作项目资助管理办法》第十五条），即自2024年12月16日起至2027年12月16日止"));
	/* terminated without approval: banned even before the end */
	assert_string_equal(
		contract_codes(contract(D(2023, 1, 1), D(2023, 1, 2), D(2025, 6, 30), DATE_NONE, false, true), &o),
		"SZI-B01");
	/* not completed, ending on the decision date: not yet overdue; the day before: banned */
	assert_string_equal(
		contract_codes(contract(D(2022, 2, 1), D(2022, 2, 10), D(2024, 12, 16), DATE_NONE, false, false), &o),
		"");
	assert_string_equal(
		contract_codes(contract(D(2022, 2, 1), D(2022, 2, 10), D(2024, 12, 15), DATE_NONE, false, false), &o),
		"SZI-B01");
	/* not completed but not yet due */
	assert_string_equal(
		contract_codes(contract(D(2023, 1, 1), D(2023, 1, 2), D(2025, 6, 30), DATE_NONE, false, false), &o),
		"");
	/* a ban decided on 29 February ends on 28 February three years on */
	int32_t saved = call.decided;
	call.decided = D(2024, 2, 29);
	contract_codes(contract(D(2021, 1, 1), D(2021, 1, 2), D(2023, 6, 30), DATE_NONE, false, false), &o);
	assert_int_equal(o.ban_until, D(2027, 2, 28));
	/* and prints the day it stores */
	const char *b01 = NULL;
	for (int i = 0; i < o.reasons.count; i++)
		if (strcmp(o.reasons.items[i].code, "SZI-B01") == 0)
			b01 = o.reasons.items[i].text;
	assert_non_null(b01);
	assert_non_null(strstr(b01, "即自2024年2月29日起至2027年2月28日止"));
	call.decided = saved;
	reasons_free(&o.reasons);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formulas_round_down_and_cap),
		cmocka_unit_test(test_e01_shenzhen_or_the_zone),
		cmocka_unit_test(test_e02_e03_conditions),
		cmocka_unit_test(test_e04_activity_in_shenzhen_or_abroad),
		cmocka_unit_test(test_e05_experts_dropped_one_by_one),
		cmocka_unit_test(test_e05_titles_and_visit_year),
		cmocka_unit_test(test_e06_bans_on_the_application_date),
		cmocka_unit_test(test_review_pass_score_and_budget),
		cmocka_unit_test(test_objections_within_the_ten_days),
		cmocka_unit_test(test_contracts_p02_a01_b01),
	};
	return cmocka_run_group_tests_name("shenzhen-intl rules", tests, setup, teardown);
}
