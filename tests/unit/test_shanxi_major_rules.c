/* shanxi-major rules: every code passes and fails at the boundaries
 * rules.md names — 30 % rounding down, A from budget ÷ tasks, panels at
 * the minimum and one below, two thirds technical with 5, 6 and 7
 * members, 6 months exactly and a day over, 18 months likewise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "programmes/programme.h"
#include "programmes/shanxi-major/model.h"

static struct arena arena;
static struct call call;
static struct sxm_params *prog;
static struct calendar cal;
/* Valid identity numbers (V2-M1 checks them on every bid). */
static char demand_uscc[19], lead_uscc[19], other_uscc[19], leader[19], tech_lead[19];

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	const char *xml =
		"<programme kind=\"shanxi-major\" year=\"2024\"><authority>a</authority><title>t</title>"
		"<budget>60000000</budget><posting date=\"2024-09-01\"/>"
		"<proposal-deadline>2024-10-21 17:00</proposal-deadline>"
		"<publicity start=\"2024-12-02\" working-days=\"5\"/><decided>2024-12-16</decided></programme>";
	struct strbuf err = STRBUF_INIT;
	assert_true(call_parse(xml, strlen(xml), "p.xml", &PROGRAMME_PARAMS, &call, (void **)&prog, &arena, &err));
	sb_free(&err);
	calendar_init(&cal, GRANTDOC_DATADIR "/calendar");
	diag_set_quiet(true);
	make_uscc(demand_uscc, "91140100MA0000001");
	make_uscc(lead_uscc, "91110000MB0000001");
	make_uscc(other_uscc, "91140100MA0000002");
	make_person_id(leader, "11010119780512001");
	make_person_id(tech_lead, "11010119780512003");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calendar_free(&cal);
	arena_free(&arena);
	return 0;
}

static struct sxm_task ent(int64_t total, int64_t requested)
{
	return (struct sxm_task){ 2, "T1",  "榜",      SXM_ENT, "太原钢铁（集团）有限公司", demand_uscc, NULL,
				  0, total, requested, false };
}

static void test_average_and_double_cap(void **state)
{
	(void)state;
	struct sxm_task tasks[12];
	struct sxm_batch b = { 0 };
	b.tasks = tasks;
	b.ntasks = 12;
	assert_int_equal(sxm_average_support(prog, &b), 5000000); /* 60,000,000 ÷ 12 */
	b.ntasks = 7;
	assert_int_equal(sxm_average_support(prog, &b), 8571428); /* rounded down */
	struct sxm_task t = ent(9999999, 5000000);
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 2999999); /* 30 % of 9,999,999 rounds down */
	t = ent(20000001, 8000000);
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 5000000); /* A is the lower cap */
	t = ent(20000000, 3000000);
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 3000000); /* the request is */
	t.exception_approved = true;
	t.requested_fiscal = 12000000;
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 12000000); /* 一事一议 */
	t = ent(0, 7000000);
	t.cls = SXM_PUB; /* PUB: no 30 % cap */
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 5000000);
	t.requested_fiscal = 4500000;
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 4500000);
}

/* Members of a panel: tech technical, fin financial, the first rec
 * recommended by the demand side, the first site on the site team. */
static int add_panel(struct sxm_member *m, int at, const char *ref, enum sxm_stage s, int tech, int fin, int rec,
		     int site)
{
	static char names[64][16];
	for (int k = 0; k < tech + fin; k++) {
		snprintf(names[at + k], sizeof names[0], "x%d", k);
		m[at + k] = (struct sxm_member){ ref, names[at + k], 2, (unsigned char)s, k < tech, k < rec, k < site };
	}
	return at + tech + fin;
}

static void test_panels_count_experts_once(void **state)
{
	(void)state;
	struct sxm_member m[40];
	int n = add_panel(m, 0, "T1", STAGE_REVIEW, 9, 3, 0, 0);
	m[n] = m[n - 1]; /* the same expert listed twice */
	struct sxm_batch b = { 0 };
	b.members = m;
	b.nmembers = n + 1;
	struct sxm_panel pn = sxm_panel_of(&b, "T1", STAGE_REVIEW);
	assert_int_equal(pn.members, 12);
	assert_int_equal(pn.technical, 9);
	assert_int_equal(pn.financial, 3);
	assert_int_equal(sxm_panel_of(&b, "T2", STAGE_REVIEW).members, 0);
}

/* One task, one bid, 5 scores of `score`; panels as given. */
struct round {
	struct sxm_task task;
	struct sxm_bid bid;
	struct evaluation e[5];
	struct sxm_member m[40];
	struct sxm_batch b;
	struct decision d;
};

static void round_init(struct round *r, int arg_tech, int rev_tech, int rev_fin)
{
	memset(r, 0, sizeof *r);
	r->task = ent(20000000, 4000000);
	r->bid = (struct sxm_bid){ 2,        "B1",   0,    "太原理工大学", lead_uscc, "韩立新", leader,
				   "韩立新", leader, 3000, 3000,           0,         "",       "" };
	assert_true(datetime_parse("2024-10-20 10:00", &r->bid.submitted));
	for (int k = 0; k < 5; k++)
		r->e[k] = (struct evaluation){ "e", 0, 8000, true, false };
	int n = add_panel(r->m, 0, "T1", STAGE_ARGUMENT, arg_tech, 0, 0, 0);
	n = add_panel(r->m, n, "T1", STAGE_REVIEW, rev_tech, rev_fin, 0, 0);
	r->b = (struct sxm_batch){ &r->task, 1, &r->bid, 1, r->e, 5, r->m, n, NULL, 0, { 0 } };
}

static const char *decide(struct round *r, char *codes)
{
	struct sxm_round rd;
	struct strbuf err = STRBUF_INIT;
	assert_true(sxm_decide(prog, &r->b, &cal, &r->d, &rd, &err));
	sb_free(&err);
	reasons_codes(&r->d.reasons, codes, 256);
	reasons_free(&r->d.reasons);
	return codes;
}

static void test_bid_rules(void **state)
{
	(void)state;
	char codes[256];
	struct round r;
	round_init(&r, 7, 9, 3);
	assert_string_equal(decide(&r, codes), "");
	assert_int_equal(r.d.status, ST_FUNDED);
	assert_int_equal(r.d.award, 4000000);
	round_init(&r, 6, 9, 3);
	assert_string_equal(decide(&r, codes), "SXM-P01");
	assert_int_equal(r.d.status, ST_IRREGULAR);
	assert_int_equal(r.d.score, SCORE_NONE);
	round_init(&r, 7, 8, 3);
	assert_string_equal(decide(&r, codes), "SXM-P02");
	round_init(&r, 7, 9, 2);
	assert_string_equal(decide(&r, codes), "SXM-P02");
	round_init(&r, 7, 9, 3);
	r.bid.lead_uscc = r.task.demand_uscc;
	assert_string_equal(decide(&r, codes), "SXM-E01");
	assert_int_equal(r.d.status, ST_REFUSED);
	round_init(&r, 7, 9, 3);
	const char *aff[] = { lead_uscc };
	r.task.affiliates = aff, r.task.naffiliates = 1;
	assert_string_equal(decide(&r, codes), "SXM-E01"); /* an affiliate */
	round_init(&r, 7, 9, 3);
	r.bid.demand_task_share = 5000, r.bid.demand_fund_share = 5000; /* exactly 50 % passes */
	assert_string_equal(decide(&r, codes), "");
	r.bid.demand_fund_share = 5001;
	assert_string_equal(decide(&r, codes), "SXM-E02");
	round_init(&r, 7, 9, 3);
	assert_true(datetime_parse("2024-10-21 17:01", &r.bid.submitted));
	assert_string_equal(decide(&r, codes), "SXM-E05");
	assert_true(datetime_parse("2024-10-21 17:00", &r.bid.submitted));
	assert_string_equal(decide(&r, codes), "");
	round_init(&r, 7, 9, 3);
	r.task.cls = SXM_PUB;
	r.bid.tech_lead_id = tech_lead;
	assert_string_equal(decide(&r, codes), "SXM-E04");
	assert_int_equal(r.d.status, ST_FUNDED); /* a warning only */
	round_init(&r, 7, 9, 3);
	for (int k = 0; k < 5; k++)
		r.e[k].score = 5999;
	struct sxm_round rd;
	struct strbuf err = STRBUF_INIT;
	assert_true(sxm_decide(prog, &r.b, &cal, &r.d, &rd, &err));
	assert_int_equal(r.d.status, ST_NOT_FUNDED);
	/* V2-G2: 60 is the batch's line; 第二十六条 is cited for the review */
	assert_string_equal(
		r.d.reasons.items[0].text,
		"评审得分59.99分，低于本批次立项分数线60分（根据专家评审结果研究形成拟中榜建议，《山西省科技重大项目实施细则（试行）》第二十六条）");
	reasons_free(&r.d.reasons);
	/* a panel minimum the 细则 sets is cited with its article; one the
	 * batch changed is called the batch's, the article's number beside it */
	round_init(&r, 6, 9, 3);
	assert_true(sxm_decide(prog, &r.b, &cal, &r.d, &rd, &err));
	assert_string_equal(r.d.reasons.items[0].text,
			    "榜单T1论证会技术专家6名，应不少于7名（《山西省科技重大项目实施细则（试行）》第二十条）");
	reasons_free(&r.d.reasons);
	prog->argument_min = 8;
	round_init(&r, 7, 9, 3);
	assert_true(sxm_decide(prog, &r.b, &cal, &r.d, &rd, &err));
	assert_string_equal(
		r.d.reasons.items[0].text,
		"榜单T1论证会技术专家7名，应不少于8名（本批次规定；《山西省科技重大项目实施细则（试行）》第二十条规定不少于7名）");
	reasons_free(&r.d.reasons);
	prog->argument_min = 7;
	sb_free(&err);
}

static void test_one_project_per_demand_side_and_second_best(void **state)
{
	(void)state;
	char codes[256];
	struct sxm_task t[2] = { ent(20000000, 4000000), ent(20000000, 4000000) };
	t[1].id = "T2";
	struct sxm_bid b[3];
	for (int i = 0; i < 3; i++) {
		b[i] = (struct sxm_bid){ 2,         i == 0 ? "B1" : i == 1 ? "B2" : "B3",
					 i == 2,    "太原理工大学",
					 lead_uscc, "韩立新",
					 leader,    "",
					 "",        0,
					 0,         0,
					 "",        "" };
		assert_true(datetime_parse("2024-10-20 10:00", &b[i].submitted));
	}
	struct evaluation e[15];
	for (int k = 0; k < 15; k++)
		e[k] = (struct evaluation){ "e", k / 5, k / 5 == 1 ? 7000 : 8000, true, false };
	struct sxm_member m[64];
	int n = add_panel(m, 0, "T1", STAGE_ARGUMENT, 7, 0, 0, 0);
	n = add_panel(m, n, "T1", STAGE_REVIEW, 9, 3, 0, 0);
	n = add_panel(m, n, "T2", STAGE_ARGUMENT, 7, 0, 0, 0);
	n = add_panel(m, n, "T2", STAGE_REVIEW, 9, 3, 0, 0);
	struct sxm_batch batch = { t, 2, b, 3, e, 15, m, n, NULL, 0, { 0 } };
	struct decision d[3];
	struct sxm_round rd;
	struct strbuf err = STRBUF_INIT;
	assert_true(sxm_decide(prog, &batch, &cal, d, &rd, &err));
	assert_int_equal(d[0].status, ST_FUNDED);
	assert_int_equal(d[1].status, ST_NOT_FUNDED);
	reasons_codes(&d[1].reasons, codes, sizeof codes);
	assert_string_equal(codes, "SXM-R02");
	assert_int_equal(d[2].status, ST_REFUSED); /* the same demand side's second task */
	reasons_codes(&d[2].reasons, codes, sizeof codes);
	assert_string_equal(codes, "SXM-E03");
	assert_int_equal(rd.average, 30000000); /* 60,000,000 ÷ 2 tasks */
	for (int i = 0; i < 3; i++)
		reasons_free(&d[i].reasons);
	sb_free(&err);
}

static const char *accept(struct sxm_acceptance a, const struct sxm_member *m, int n, struct sxm_outcome *o,
			  char *codes)
{
	struct sxm_batch b = { 0 };
	b.acceptances = &a;
	b.nacceptances = 1;
	b.members = (struct sxm_member *)m;
	b.nmembers = n;
	sxm_check_acceptance(prog, &b, o);
	reasons_codes(&o->reasons, codes, 256);
	reasons_free(&o->reasons);
	return codes;
}

/* The sentence of the reason coded code, into text. */
static const char *accept_reason(struct sxm_acceptance a, const struct sxm_member *m, int n, const char *code,
				 char *text, size_t size)
{
	struct sxm_batch b = { 0 };
	struct sxm_outcome o;
	b.acceptances = &a;
	b.nacceptances = 1;
	b.members = (struct sxm_member *)m;
	b.nmembers = n;
	sxm_check_acceptance(prog, &b, &o);
	snprintf(text, size, "(no %s)", code);
	for (int i = 0; i < o.reasons.count; i++)
		if (strcmp(o.reasons.items[i].code, code) == 0)
			snprintf(text, size, "%s", o.reasons.items[i].text);
	reasons_free(&o.reasons);
	return text;
}

/* Approved on the day the 细则 took effect, so that it decides the project
 * whatever its end: without an approved date a project that ended before
 * then is the former rules' (第五十二条). The rules do not check approved ≤
 * end; reading acceptance.csv does. */
static struct sxm_acceptance project(int32_t end, int32_t applied, enum sxm_conclusion c)
{
	return (struct sxm_acceptance){ .line = 2,
					.id = "P1",
					.end = end,
					.applied = applied,
					.conclusion = c,
					.received = 3000000,
					.spent = 2000001,
					.approved = D(2024, 6, 30),
					.lead_uscc = lead_uscc,
					.leader_id = leader,
					.lead_solver = "太原理工大学",
					.leader_name = "韩立新" };
}

static void test_acceptance_panels_two_thirds(void **state)
{
	(void)state;
	char codes[256];
	struct sxm_outcome o;
	struct sxm_member m[40];
	static const struct {
		int site_members, site_tech, meet_members, meet_tech;
		const char *codes;
	} cases[] = {
		{ 5, 4, 7, 5, "" },        { 5, 3, 7, 5, "SXM-A02" }, /* 5: 4 is 2/3, 3 is not */
		{ 6, 4, 7, 5, "" },        { 6, 3, 7, 5, "SXM-A02" }, /* 6: 4 is */
		{ 4, 4, 7, 5, "SXM-A02" },                            /* one below the minimum */
		{ 5, 4, 7, 4, "SXM-A03" },                            /* 7: 5 is, 4 is not */
		{ 5, 4, 6, 6, "SXM-A03" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int n = add_panel(m, 0, "P1", STAGE_SITE, cases[i].site_tech,
				  cases[i].site_members - cases[i].site_tech, 1, 0);
		n = add_panel(m, n, "P1", STAGE_MEETING, cases[i].meet_tech, cases[i].meet_members - cases[i].meet_tech,
			      1, 1);
		accept(project(D(2024, 3, 31), D(2024, 5, 10), CONCL_PASS), m, n, &o, codes);
		assert_string_equal(codes, cases[i].codes);
		assert_int_equal(o.status, cases[i].codes[0] ? REC_IRREGULAR : REC_PASS);
	}
	/* the meeting needs a demand-side and a site-inspection expert */
	int n = add_panel(m, 0, "P1", STAGE_SITE, 5, 0, 1, 0);
	n = add_panel(m, n, "P1", STAGE_MEETING, 7, 0, 1, 0);
	assert_string_equal(accept(project(D(2024, 3, 31), D(2024, 5, 10), CONCL_CLOSED), m, n, &o, codes), "SXM-A03");
	assert_int_equal(o.recover, 0); /* irregular: nothing recovered */
}

/* A reason never asks for 0 万元 (issue 15): one yuan left is recovered and
 * said; none left, or nothing paid, says why nothing is. */
static void test_acceptance_never_asks_for_zero(void **state)
{
	(void)state;
	enum { CLOSED, TERMINATED, FORCED, REVOKED, FAILED };
	static const struct {
		int how;
		int64_t received, spent;
		const char *says;
	} cases[] = {
		{ CLOSED, 3000000, 2999999, "验收结论为结题，收回结余财政资金0.0001万元（" },
		{ CLOSED, 3000000, 3000000, "验收结论为结题，已拨付的财政资金已全部使用，无结余财政资金收回（" },
		{ CLOSED, 3000000, 3000001, "无结余财政资金收回（" },
		{ TERMINATED, 3000000, 2999999, "项目终止，停止拨付财政资金，收回结余财政资金0.0001万元（" },
		{ TERMINATED, 2000000, 2300000,
		  "项目终止，停止拨付财政资金，已拨付的财政资金已全部使用，无结余财政资金收回（" },
		{ FORCED, 1, 0, "项目强制终止，追缴全部财政资金0.0001万元（" },
		{ FORCED, 0, 0, "项目强制终止，尚未拨付财政资金，无须追缴（" },
		{ REVOKED, 3000000, 0, "项目撤销，追缴全部财政资金300万元（" },
		{ REVOKED, 0, 0, "项目撤销，尚未拨付财政资金，无须追缴（" },
		{ FAILED, 1, 0, "验收结论为不通过验收，收回全部财政资金0.0001万元，" },
		{ FAILED, 0, 0, "验收结论为不通过验收，尚未拨付财政资金，无须收回，" },
	};
	char text[512];
	struct sxm_member m[40];
	int n = add_panel(m, 0, "P1", STAGE_SITE, 5, 0, 1, 0);
	n = add_panel(m, n, "P1", STAGE_MEETING, 7, 0, 1, 1);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int how = cases[i].how;
		struct sxm_acceptance a = project(how == CLOSED || how == FAILED ? D(2024, 3, 31) : D(2024, 6, 30),
						  how == CLOSED || how == FAILED ? D(2024, 5, 10) : DATE_NONE,
						  how == CLOSED   ? CONCL_CLOSED
						  : how == FAILED ? CONCL_FAIL
								  : CONCL_NONE);
		a.received = cases[i].received;
		a.spent = cases[i].spent;
		a.terminated = how == TERMINATED || how == FORCED;
		a.forced = how == FORCED;
		a.revoked = how == REVOKED;
		const char *code = how == CLOSED || how == FAILED ? "SXM-A05" : "SXM-A06";
		accept_reason(a, m, n, code, text, sizeof text);
		if (!strstr(text, cases[i].says))
			fail_msg("case %zu: \"%s\" does not say \"%s\"", i, text, cases[i].says);
		for (const char *z = text; (z = strstr(z, "0万元")); z++)
			if (z == text || !strchr("0123456789.", z[-1]))
				fail_msg("case %zu: \"%s\" asks for 0 万元", i, text);
	}
}

/* 第四十四条 punishes the 主要责任单位和个人 of a failed project, and 第四十三条
 * （三） lets the failure stem from the 需求方 or the 揭榜方: the referral
 * names who is referred for the responsibility to be determined, it does
 * not declare the lead solver and the leader responsible. */
static void test_acceptance_fail_refers_for_responsibility(void **state)
{
	(void)state;
	char text[512];
	struct sxm_member m[40];
	int n = add_panel(m, 0, "P1", STAGE_SITE, 5, 0, 1, 0);
	n = add_panel(m, n, "P1", STAGE_MEETING, 7, 0, 1, 1);
	accept_reason(project(D(2024, 3, 31), D(2024, 5, 10), CONCL_FAIL), m, n, "SXM-A05", text, sizeof text);
	assert_string_equal(
		text,
		"验收结论为不通过验收，收回全部财政资金300万元，并对主要责任单位和个人按照科研诚信有关规定进行惩戒（"
		"《山西省科技重大项目实施细则（试行）》第四十四条）；移送主揭榜方和项目负责人，按照科研诚信有关规定认定责任并处理");
}

static void test_acceptance_dates_and_money(void **state)
{
	(void)state;
	char codes[256];
	struct sxm_outcome o;
	struct sxm_member m[40];
	int n = add_panel(m, 0, "P1", STAGE_SITE, 5, 0, 1, 0);
	n = add_panel(m, n, "P1", STAGE_MEETING, 7, 0, 1, 1);
	assert_string_equal(accept(project(D(2023, 12, 31), D(2024, 6, 30), CONCL_PASS), m, n, &o, codes), "");
	assert_string_equal(accept(project(D(2023, 12, 31), D(2024, 7, 1), CONCL_PASS), m, n, &o, codes), "SXM-A01");
	assert_string_equal(accept(project(D(2024, 3, 31), D(2024, 5, 10), CONCL_CLOSED), m, n, &o, codes), "SXM-A05");
	assert_int_equal(o.recover, 999999); /* received − spent */
	assert_false(o.refer_unit || o.refer_person);
	accept(project(D(2024, 3, 31), D(2024, 5, 10), CONCL_FAIL), m, n, &o, codes);
	assert_int_equal(o.recover, 3000000);
	assert_true(o.refer_unit && o.refer_person);
	struct sxm_acceptance t = project(D(2024, 6, 30), DATE_NONE, CONCL_NONE);
	t.terminated = true;
	assert_string_equal(accept(t, m, n, &o, codes), "SXM-A06");
	assert_int_equal(o.status, REC_TERMINATED);
	assert_int_equal(o.recover, 999999);
	t.spent = 4000000; /* overspent: never a negative recovery */
	accept(t, m, n, &o, codes);
	assert_int_equal(o.recover, 0);
	t.revoked = true;
	accept(t, m, n, &o, codes);
	assert_int_equal(o.status, REC_REVOKED);
	assert_int_equal(o.recover, 3000000);
	assert_false(o.refer_unit || o.refer_person); /* 撤销 refers no one (V2-M4) */
}

#define SXM_HEAD \
	"<programme kind=\"shanxi-major\" year=\"2024\"><authority>a</authority><title>t</title><budget>1</budget>"

static void test_programme_parameters(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct call pcall;
	struct sxm_params *p = NULL;
	const char *ok = SXM_HEAD
		"<posting date=\"2024-09-01\"/><proposal-deadline>2024-10-21 17:00</proposal-deadline>"
		"<publicity start=\"2024-12-02\"/><average-support>400万</average-support><ratio-cap percent=\"25\"/>"
		"<panels argument-min=\"8\" site-min=\"6\"/><execution months=\"24\"/></programme>";
	assert_true(call_parse(ok, strlen(ok), "programme.xml", &PROGRAMME_PARAMS, &pcall, (void **)&p, &a, &err));
	assert_int_equal(p->average_support, 4000000);
	assert_int_equal(p->ratio_cap_percent, 25);
	assert_int_equal(p->argument_min, 8);
	assert_int_equal(p->review_technical_min, 9);
	assert_int_equal(p->site_min, 6);
	assert_int_equal(p->meeting_min, 7);
	assert_int_equal(p->execution_months, 24);
	assert_int_equal(p->publicity_working_days, 5);
	assert_int_equal(p->effective, D(2024, 6, 30)); /* 第五十条 */
	assert_int_equal(p->recovery_days, -1);         /* no deadline invented */
	const char *v2 = SXM_HEAD
		"<posting date=\"2024-09-01\"/><proposal-deadline>2024-10-21 17:00</proposal-deadline>"
		"<publicity start=\"2024-12-02\"/><effective date=\"2024-07-01\"/><recovery days=\"30\"/></programme>";
	assert_true(call_parse(v2, strlen(v2), "programme.xml", &PROGRAMME_PARAMS, &pcall, (void **)&p, &a, &err));
	assert_int_equal(p->effective, D(2024, 7, 1));
	assert_int_equal(p->recovery_days, 30);
	static const struct {
		const char *body, *error;
	} refused[] = {
		{ "<proposal-deadline>2024-10-21 17:00</proposal-deadline><publicity start=\"2024-12-02\"/>",
		  "required element <posting> is missing" },
		{ "<posting date=\"2024-09-01\"/><publicity start=\"2024-12-02\"/>",
		  "required element <proposal-deadline> is missing" },
		{ "<posting date=\"2024-09-31\"/>", "'2024-09-31' is not a valid date" },
		{ "<panels meeting=\"7\"/>", "unknown attribute 'meeting'" },
		{ "<ratio-cap percent=\"130\"/>", "'130' is not a valid percent" },
		{ "<recovery days=\"0\"/>", "<recovery>" },
		{ "<effective date=\"2024-06-31\"/>", "'2024-06-31' is not a valid date" },
		{ "<category code=\"BR\"/>", "not a parameter of a shanxi-major programme" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char xml[512];
		snprintf(xml, sizeof xml, "%s%s</programme>", SXM_HEAD, refused[i].body);
		sb_reset(&err);
		assert_false(call_parse(xml, strlen(xml), "programme.xml", &PROGRAMME_PARAMS, &pcall, (void **)&p, &a,
					&err));
		assert_non_null(strstr(sb_str(&err), refused[i].error));
	}
	/* <posting> and friends belong to shanxi-major only */
	const char *coop = "<programme kind=\"zhejiang-base\" year=\"2024\"><authority>a</authority><title>t</title>"
			   "<decided>2025-01-01</decided><posting date=\"2024-09-01\"/></programme>";
	sb_reset(&err);
	assert_false(call_parse(coop, strlen(coop), "programme.xml", &PROGRAMME_PARAMS, &pcall, (void **)&p, &a, &err));
	assert_non_null(strstr(sb_str(&err), "<posting>: not a parameter of a zhejiang-base programme"));
	sb_free(&err);
	arena_free(&a);
}

/* ---- spec v2 ---- */

/* A copy of a valid number with its check character changed: well
 * formed, so a refusal (ID-USCC / ID-PERSON), not a reject. */
static const char *broken_check(char *out, const char *valid)
{
	snprintf(out, 19, "%s", valid);
	out[17] = out[17] == '0' ? '1' : '0';
	return out;
}

/* V2-M1: ID-USCC / ID-PERSON on the lead solver and the leader of a bid. */
static void test_identity_on_bids(void **state)
{
	(void)state;
	char codes[256], bad_uscc[19], bad_id[19];
	broken_check(bad_uscc, lead_uscc);
	broken_check(bad_id, leader);
	static const struct {
		bool uscc_ok, id_ok;
		const char *codes;
		enum status status;
	} cases[] = {
		{ true, true, "", ST_FUNDED },
		{ false, true, "ID-USCC", ST_REFUSED },
		{ true, false, "ID-PERSON", ST_REFUSED },
		{ false, false, "ID-PERSON;ID-USCC", ST_REFUSED },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct round r;
		round_init(&r, 7, 9, 3);
		r.bid.lead_uscc = cases[i].uscc_ok ? lead_uscc : bad_uscc;
		r.bid.leader_id = r.bid.tech_lead_id = cases[i].id_ok ? leader : bad_id;
		assert_string_equal(decide(&r, codes), cases[i].codes);
		assert_int_equal(r.d.status, cases[i].status);
	}
}

/* V2-M2 (第十六条): per demand-side enterprise its first task in tasks.csv
 * stands, whether or not that task has bids; PUB tasks are not counted. */
static void test_first_task_per_demand_side(void **state)
{
	(void)state;
	static const struct {
		const char *demand[3]; /* credit code name per task; "" = PUB */
		int bid_task[2];       /* the tasks the two bids are on */
		const char *codes[2];
	} cases[] = {
		{ { "X", "Y", "X" }, { 2, 1 }, { "SXM-E03", "" } }, /* T3 is X's second; T1 has no bid */
		{ { "Y", "X", "X" }, { 1, 2 }, { "", "SXM-E03" } },
		{ { "", "", "X" }, { 0, 1 }, { "", "" } }, /* two PUB tasks */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct sxm_task t[3];
		static const char *const ids[] = { "T1", "T2", "T3" };
		for (int k = 0; k < 3; k++) {
			t[k] = ent(20000000, 4000000);
			t[k].id = ids[k];
			const char *who = cases[i].demand[k];
			t[k].cls = who[0] ? SXM_ENT : SXM_PUB;
			t[k].demand_uscc = !who[0] ? "" : who[0] == 'X' ? demand_uscc : other_uscc;
		}
		struct sxm_bid b[2];
		struct evaluation e[10];
		for (int k = 0; k < 2; k++) {
			b[k] = (struct sxm_bid){ 2,
						 k ? "B2" : "B1",
						 cases[i].bid_task[k],
						 "太原理工大学",
						 lead_uscc,
						 "韩立新",
						 leader,
						 "",
						 "",
						 0,
						 0,
						 0,
						 "",
						 "" };
			assert_true(datetime_parse("2024-10-20 10:00", &b[k].submitted));
		}
		for (int k = 0; k < 10; k++)
			e[k] = (struct evaluation){ "e", k / 5, 8000, true, false };
		struct sxm_member m[64];
		int n = 0;
		for (int k = 0; k < 3; k++) {
			n = add_panel(m, n, ids[k], STAGE_ARGUMENT, 7, 0, 0, 0);
			n = add_panel(m, n, ids[k], STAGE_REVIEW, 9, 3, 0, 0);
		}
		struct sxm_batch batch = { t, 3, b, 2, e, 10, m, n, NULL, 0, { 0 } };
		struct decision d[2];
		struct sxm_round rd;
		struct strbuf err = STRBUF_INIT;
		assert_true(sxm_decide(prog, &batch, &cal, d, &rd, &err));
		for (int k = 0; k < 2; k++) {
			char codes[256];
			reasons_codes(&d[k].reasons, codes, sizeof codes);
			if (strcmp(codes, cases[i].codes[k]) != 0)
				fail_msg("case %zu bid %d: '%s', expected '%s'", i, k, codes, cases[i].codes[k]);
			if (codes[0])
				assert_non_null(strstr(d[k].reasons.items[0].text, "已有榜单T"));
			reasons_free(&d[k].reasons);
		}
		sb_free(&err);
	}
}

/* V2-M3: 第十七条's shortfall raised by the demand side is ENT's only. */
static void test_pub_raises_nothing(void **state)
{
	(void)state;
	char codes[256];
	struct round r;
	round_init(&r, 7, 9, 3);
	r.task.requested_fiscal = 70000000; /* above A = 60,000,000 ÷ 1 task */
	decide(&r, codes);
	assert_int_equal(r.d.award, 6000000); /* ENT: 30 % of 20,000,000 */
	assert_int_equal(r.d.self_raise, 64000000);
	r.task.cls = SXM_PUB;
	r.task.demand_uscc = "";
	decide(&r, codes);
	assert_int_equal(r.d.award, 60000000); /* PUB: A */
	assert_int_equal(r.d.self_raise, 0);
}

/* 第十七条: 一事一议 lifts the ENT 双上限 after 省科技厅 审议 and 报省人民政府
 * 审定; a PUB task has no 双上限, only 原则上不得超出平均支持额度. The sentence
 * says which, and says the award is within the caps when it is. */
static const char *f02(struct round *r, char *text)
{
	struct sxm_round rd;
	struct strbuf err = STRBUF_INIT;
	assert_true(sxm_decide(prog, &r->b, &cal, &r->d, &rd, &err));
	sb_free(&err);
	text[0] = '\0';
	for (int k = 0; k < r->d.reasons.count; k++)
		if (strcmp(r->d.reasons.items[k].code, "SXM-F02") == 0)
			snprintf(text, 512, "%s", r->d.reasons.items[k].text);
	reasons_free(&r->d.reasons);
	return text;
}

static void test_exception_by_class(void **state)
{
	(void)state;
	char text[512];
	struct round r;
	round_init(&r, 7, 9, 3);
	r.task.exception_approved = true;
	r.task.requested_fiscal = 12000000; /* above 30 % of 20,000,000 */
	assert_string_equal(
		f02(&r, text),
		"按“一事一议”原则经省科技厅审议通过、按程序报省人民政府审定，突破双上限，财政资金按申请额度1200万元资助"
		"（《山西省科技重大项目实施细则（试行）》第十七条）");
	assert_int_equal(r.d.award, 12000000);
	r.task.requested_fiscal = 5000000; /* within both caps */
	assert_string_equal(
		f02(&r, text),
		"申请额度500万元未超出双上限，按申请额度资助（《山西省科技重大项目实施细则（试行）》第十七条）");
	r.task.cls = SXM_PUB;
	r.task.demand_uscc = "";
	r.task.requested_fiscal = 70000000; /* above A = 60,000,000 */
	assert_string_equal(f02(&r, text),
			    "经“一事一议”审定，资助额度按申请额度7000万元，超出本批次平均支持额度6000万元"
			    "（《山西省科技重大项目实施细则（试行）》第十七条规定资助额度原则上不得超出平均支持额度）");
	assert_int_equal(r.d.award, 70000000);
	assert_null(strstr(text, "双上限"));
	r.task.requested_fiscal = 6000000;
	assert_string_equal(
		f02(&r, text),
		"申请额度600万元未超出本批次平均支持额度6000万元，按申请额度资助（《山西省科技重大项目实施细则（试行）》第十七条）");
}

/* V2-G5 (第二十七、二十八条): an objection within the 5 working days of
 * publicity (2024-12-02 … 2024-12-06) holds the winner. */
static void test_objections_hold_winners(void **state)
{
	(void)state;
	static const struct {
		int day;
		enum status status;
	} cases[] = {
		{ 1, ST_FUNDED },
		{ 2, ST_OBJECTED },
		{ 6, ST_OBJECTED },
		{ 9, ST_FUNDED },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char codes[256];
		struct round r;
		round_init(&r, 7, 9, 3);
		struct objection o = { 0, "B1", D(2024, 12, cases[i].day), "举报", 2 };
		r.b.objections = (struct objections){ &o, 1, 1 };
		decide(&r, codes);
		assert_int_equal(r.d.status, cases[i].status);
		assert_int_equal(r.d.award, 4000000); /* reserved while held */
	}
}

/* V2-M4: acceptance readings (第三十六、三十八、四十三、四十四、四十八、四十九、
 * 五十、五十二条), decided on 2024-12-16, the 细则 in force from 2024-06-30. */
static void test_acceptance_v2_readings(void **state)
{
	(void)state;
	struct sxm_member m[40];
	int n = add_panel(m, 0, "P1", STAGE_SITE, 5, 0, 1, 0);
	n = add_panel(m, n, "P1", STAGE_MEETING, 7, 0, 1, 1);
	char bad_id[19];
	broken_check(bad_id, leader);
	enum { TERM = 1, FORCED = 2, REVOKED = 4, REFUSED = 8, BAD_LEADER = 16 };
	static const struct {
		int approved[3];        /* {0} = not given */
		int end[3], applied[3]; /* applied {0} = none */
		enum sxm_conclusion c;
		unsigned flags;
		enum sxm_recovery_status status;
		const char *codes;
		int64_t recover;
		bool unit, person; /* referred */
	} cases[] = {
		/* approved the day before the 细则: the former rules, whatever else */
		{ { 2024, 6, 29 },
		  { 2024, 3, 31 },
		  { 2024, 5, 10 },
		  CONCL_FAIL,
		  0,
		  REC_FORMER,
		  "SXM-X01",
		  0,
		  false,
		  false },
		{ { 2024, 6, 29 },
		  { 2023, 12, 31 },
		  { 2024, 7, 1 },
		  CONCL_PASS,
		  0,
		  REC_FORMER,
		  "SXM-X01",
		  0,
		  false,
		  false },
		{ { 2024, 6, 29 }, { 2024, 6, 30 }, { 0 }, CONCL_NONE, TERM, REC_FORMER, "SXM-X01", 0, false, false },
		/* on the day: this 细则 */
		{ { 2024, 6, 30 },
		  { 2024, 3, 31 },
		  { 2024, 5, 10 },
		  CONCL_FAIL,
		  0,
		  REC_FAIL,
		  "SXM-A05",
		  3000000,
		  true,
		  true },
		/* no approved date: an execution that ended before the 细则 took
		 * effect proves an earlier approval (第五十二条); one that ended on
		 * the day or later follows this 细则 */
		{ { 0 }, { 2024, 6, 29 }, { 2024, 7, 10 }, CONCL_FAIL, 0, REC_FORMER, "SXM-X01", 0, false, false },
		{ { 0 }, { 2024, 6, 30 }, { 2024, 7, 10 }, CONCL_FAIL, 0, REC_FAIL, "SXM-A05", 3000000, true, true },
		{ { 0 }, { 2023, 6, 15 }, { 0 }, CONCL_NONE, REFUSED, REC_FORMER, "SXM-X01", 0, false, false },
		{ { 0 }, { 2024, 6, 29 }, { 0 }, CONCL_NONE, TERM | FORCED, REC_FORMER, "SXM-X01", 0, false, false },
		/* overdue more than a year: 不通过验收 only when also refusing to cooperate */
		{ { 2024, 6, 30 }, { 2023, 6, 15 }, { 0 }, CONCL_NONE, 0, REC_PENDING, "SXM-A01", 0, false, false },
		{ { 2024, 6, 30 },
		  { 2023, 6, 15 },
		  { 0 },
		  CONCL_NONE,
		  REFUSED,
		  REC_FAIL,
		  "SXM-A04;SXM-A05",
		  3000000,
		  true,
		  true },
		{ { 2024, 6, 30 },
		  { 2023, 6, 16 },
		  { 0 },
		  CONCL_NONE,
		  REFUSED,
		  REC_PENDING,
		  "SXM-A01",
		  0,
		  false,
		  false },
		/* no application past the 6 months of 第三十八条: 待验收 with A01 (the seed) */
		{ { 2024, 6, 30 }, { 2024, 6, 16 }, { 0 }, CONCL_NONE, 0, REC_PENDING, "", 0, false, false },
		{ { 2024, 6, 30 }, { 2024, 6, 15 }, { 0 }, CONCL_NONE, 0, REC_PENDING, "SXM-A01", 0, false, false },
		{ { 2024, 6, 30 }, { 2023, 6, 16 }, { 0 }, CONCL_NONE, 0, REC_PENDING, "SXM-A01", 0, false, false },
		/* terminations and revocation */
		{ { 0 }, { 2024, 6, 30 }, { 0 }, CONCL_NONE, TERM, REC_TERMINATED, "SXM-A06", 999999, false, false },
		{ { 0 },
		  { 2024, 6, 30 },
		  { 0 },
		  CONCL_NONE,
		  TERM | FORCED,
		  REC_TERMINATED,
		  "SXM-A06",
		  3000000,
		  false,
		  false },
		{ { 0 }, { 2024, 6, 30 }, { 0 }, CONCL_NONE, REVOKED, REC_REVOKED, "SXM-A06", 3000000, false, false },
		/* a leader whose number fails its check is not referred, and the row says so */
		{ { 2024, 6, 30 },
		  { 2024, 3, 31 },
		  { 2024, 5, 10 },
		  CONCL_FAIL,
		  BAD_LEADER,
		  REC_FAIL,
		  "ID-PERSON;SXM-A05",
		  3000000,
		  true,
		  false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct sxm_acceptance a =
			project(D(cases[i].end[0], cases[i].end[1], cases[i].end[2]),
				cases[i].applied[0] ? D(cases[i].applied[0], cases[i].applied[1], cases[i].applied[2])
						    : DATE_NONE,
				cases[i].c);
		a.approved = cases[i].approved[0] ? D(cases[i].approved[0], cases[i].approved[1], cases[i].approved[2])
						  : DATE_NONE;
		a.terminated = cases[i].flags & TERM;
		a.forced = cases[i].flags & FORCED;
		a.revoked = cases[i].flags & REVOKED;
		a.refused_cooperation = cases[i].flags & REFUSED;
		if (cases[i].flags & BAD_LEADER)
			a.leader_id = bad_id;
		struct sxm_batch b = { 0 };
		b.acceptances = &a;
		b.nacceptances = 1;
		b.members = m;
		b.nmembers = n;
		struct sxm_outcome o;
		sxm_check_acceptance(prog, &b, &o);
		char codes[256];
		reasons_codes(&o.reasons, codes, sizeof codes);
		if (strcmp(codes, cases[i].codes) != 0 || o.status != cases[i].status ||
		    o.recover != cases[i].recover || o.refer_unit != cases[i].unit || o.refer_person != cases[i].person)
			fail_msg("case %zu: %s '%s' %lld %d %d", i, sxm_recovery_status_name(o.status), codes,
				 (long long)o.recover, o.refer_unit, o.refer_person);
		if (i == 0)
			assert_string_equal(
				o.reasons.items[0].text,
				"项目于2024年6月29日立项，在本细则施行（2024年6月30日，《山西省科技重大项目实施细则（试行）》第五十条）前，按照原细则（办法）执行（第五十二条），不依本细则作出验收结论、收回资金或移送处理");
		if (i == 4)
			assert_string_equal(
				o.reasons.items[0].text,
				"立项日期未填写，项目执行期于2024年6月29日结束，早于本细则施行之日（2024年6月30日，《山西省科技重大项目实施细则（试行）》第五十条），属本细则实施前已立项的项目，按照原细则（办法）执行（第五十二条），不依本细则作出验收结论、收回资金或移送处理");
		if (i == 8)
			assert_non_null(strstr(o.reasons.items[0].text,
					       "未认定拒不配合验收，不作不通过验收结论（第四十三条（三））"));
		reasons_free(&o.reasons);
	}
	/* a date programme.xml moved is the batch's; 第五十条 keeps its own */
	static const char *const moved[] = {
		"项目于2024年6月30日立项，在本批次规定的施行日（2024年7月1日；《山西省科技重大项目实施细则（试行）》第五十条规定本细则自2024年6月30日起施行）前，按照原细则（办法）执行（第五十二条），不依本细则作出验收结论、收回资金或移送处理",
		"立项日期未填写，项目执行期于2024年6月30日结束，早于本批次规定的施行日（2024年7月1日；《山西省科技重大项目实施细则（试行）》第五十条规定本细则自2024年6月30日起施行），属本细则实施前已立项的项目，按照原细则（办法）执行（第五十二条），不依本细则作出验收结论、收回资金或移送处理",
	};
	prog->effective = D(2024, 7, 1);
	for (int k = 0; k < 2; k++) {
		struct sxm_acceptance a = project(D(2024, 6, 30), D(2024, 7, 10), CONCL_FAIL);
		a.approved = k ? DATE_NONE : D(2024, 6, 30);
		char text[512];
		assert_string_equal(accept_reason(a, m, n, "SXM-X01", text, sizeof text), moved[k]);
	}
	prog->effective = D(2024, 6, 30);
}

/* Reading acceptance.csv: a project approved (立项) after its execution
 * ended cannot be; the row is a reject naming both dates, never a project
 * the rules would decide. */
static void test_acceptance_row_approved_after_end(void **state)
{
	(void)state;
	static const struct {
		const char *approved;
		bool rejected;
	} cases[] = {
		{ "", false },
		{ "2023-06-15", false }, /* approved the day it ended */
		{ "2023/6/16", true },   /* the day after */
		{ "2024-06-30", true },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct sxm_state s;
		memset(&s, 0, sizeof s);
		struct rejects rejects;
		rejects_init(&rejects, &arena);
		s.rejects = &rejects;
		s.arena = &arena;
		s.p = prog;
		strmap_init(&s.reading.project_lines);
		const char *cells[] = { "ZD2021-30",
					"2023-06-15",
					"",
					"",
					"2000000",
					"1500000",
					"",
					"",
					lead_uscc,
					leader,
					"太原理工大学",
					"韩立新",
					cases[i].approved,
					"",
					"" };
		struct csv_row row = { "acceptance.csv", 7, cells, NULL, NULL };
		sxm_acceptance_row(&row, &s);
		assert_int_equal(rejects.count, cases[i].rejected);
		assert_int_equal(s.batch.nacceptances, !cases[i].rejected);
		if (cases[i].rejected) {
			const struct reject *r = &rejects.items[0];
			char want[128];
			int32_t day;
			assert_true(date_parse(cases[i].approved, &day));
			char iso[32];
			date_format_iso(day, iso);
			assert_string_equal(r->file, "acceptance.csv");
			assert_int_equal(r->line, 7);
			assert_string_equal(r->field, "approved");
			assert_string_equal(r->value, cases[i].approved);
			snprintf(want, sizeof want, "approved (%s) after the end of the execution period (2023-06-15)",
				 iso);
			assert_string_equal(r->error, want);
			snprintf(want, sizeof want, "立项日期（%s）晚于执行期结束日期（2023-06-15）", iso);
			assert_string_equal(r->message, want);
		}
		strmap_free(&s.reading.project_lines);
		free(s.batch.acceptances);
		rejects_free(&rejects);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_average_and_double_cap),
		cmocka_unit_test(test_panels_count_experts_once),
		cmocka_unit_test(test_bid_rules),
		cmocka_unit_test(test_one_project_per_demand_side_and_second_best),
		cmocka_unit_test(test_acceptance_panels_two_thirds),
		cmocka_unit_test(test_acceptance_fail_refers_for_responsibility),
		cmocka_unit_test(test_acceptance_dates_and_money),
		cmocka_unit_test(test_acceptance_never_asks_for_zero),
		cmocka_unit_test(test_programme_parameters),
		cmocka_unit_test(test_identity_on_bids),
		cmocka_unit_test(test_first_task_per_demand_side),
		cmocka_unit_test(test_pub_raises_nothing),
		cmocka_unit_test(test_exception_by_class),
		cmocka_unit_test(test_objections_hold_winners),
		cmocka_unit_test(test_acceptance_v2_readings),
		cmocka_unit_test(test_acceptance_row_approved_after_end),
	};
	return cmocka_run_group_tests_name("shanxi-major rules", tests, setup, teardown);
}
