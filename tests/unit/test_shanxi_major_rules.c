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
#include <string.h>

#include "date.h"
#include "diag.h"
#include "programmes/programme.h"
#include "programmes/shanxi-major/model.h"

static struct arena arena;
static struct call call;
static struct sxm_params *prog;
static struct calendar cal;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	const char *xml = "<programme kind=\"shanxi-major\" year=\"2024\"><authority>a</authority><title>t</title>"
			  "<budget>60000000</budget><posting date=\"2024-09-01\"/>"
			  "<proposal-deadline>2024-10-21 17:00</proposal-deadline>"
			  "<publicity start=\"2024-12-02\" working-days=\"5\"/><decided>2024-12-16</decided></programme>";
	struct strbuf err = STRBUF_INIT;
	assert_true(call_parse(xml, strlen(xml), "p.xml", &PROGRAMME_PARAMS, &call, (void **)&prog, &arena, &err));
	sb_free(&err);
	calendar_init(&cal, GRANTDOC_DATADIR "/calendar");
	diag_set_quiet(true);
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
	return (struct sxm_task){ 2, "T1", "榜", SXM_ENT, "需求方", "91140100MA0000001X", NULL, 0, total, requested, false };
}

static void test_average_and_double_cap(void **state)
{
	(void)state;
	struct sxm_task tasks[12];
	struct sxm_batch b = { 0 };
	b.tasks = tasks;
	b.ntasks = 12;
	assert_int_equal(sxm_average_support(prog, &b), 5000000);   /* 60,000,000 ÷ 12 */
	b.ntasks = 7;
	assert_int_equal(sxm_average_support(prog, &b), 8571428);   /* rounded down */
	struct sxm_task t = ent(9999999, 5000000);
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 2999999);   /* 30 % of 9,999,999 rounds down */
	t = ent(20000001, 8000000);
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 5000000);   /* A is the lower cap */
	t = ent(20000000, 3000000);
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 3000000);   /* the request is */
	t.exception_approved = true;
	t.requested_fiscal = 12000000;
	assert_int_equal(sxm_fiscal(prog, &t, 5000000), 12000000);  /* 一事一议 */
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
		m[at + k] = (struct sxm_member){ 2, ref, s, names[at + k], k < tech, k < rec, k < site };
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
	r->bid = (struct sxm_bid){ 2, "B1", 0, "揭榜方", "91110000MB0000001X", "甲", "110101197805120011", "甲",
				   "110101197805120011", 3000, 3000, 0 };
	assert_true(datetime_parse("2024-10-20 10:00", &r->bid.submitted));
	for (int k = 0; k < 5; k++)
		r->e[k] = (struct evaluation){ 0, "e", true, 8000, false };
	int n = add_panel(r->m, 0, "T1", STAGE_ARGUMENT, arg_tech, 0, 0, 0);
	n = add_panel(r->m, n, "T1", STAGE_REVIEW, rev_tech, rev_fin, 0, 0);
	r->b = (struct sxm_batch){ &r->task, 1, &r->bid, 1, r->e, 5, r->m, n, NULL, 0 };
}

static const char *decide(struct round *r, char *codes)
{
	struct sxm_round rd;
	struct strbuf err = STRBUF_INIT;
	assert_true(sxm_decide(prog, &r->b, &cal, &r->d, &rd, &arena, &err));
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
	const char *aff[] = { "91110000MB0000001X" };
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
	r.bid.tech_lead_id = "110101197805120038";
	assert_string_equal(decide(&r, codes), "SXM-E04");
	assert_int_equal(r.d.status, ST_FUNDED); /* a warning only */
	round_init(&r, 7, 9, 3);
	for (int k = 0; k < 5; k++)
		r.e[k].score = 5999;
	assert_string_equal(decide(&r, codes), "SXM-R01");
	assert_int_equal(r.d.status, ST_NOT_FUNDED);
}

static void test_one_project_per_demand_side_and_second_best(void **state)
{
	(void)state;
	char codes[256];
	struct sxm_task t[2] = { ent(20000000, 4000000), ent(20000000, 4000000) };
	t[1].id = "T2";
	struct sxm_bid b[3];
	for (int i = 0; i < 3; i++) {
		b[i] = (struct sxm_bid){ 2, i == 0 ? "B1" : i == 1 ? "B2" : "B3", i == 2, "揭榜方", "91110000MB0000001X",
					 "甲", "110101197805120011", "", "", 0, 0, 0 };
		assert_true(datetime_parse("2024-10-20 10:00", &b[i].submitted));
	}
	struct evaluation e[15];
	for (int k = 0; k < 15; k++)
		e[k] = (struct evaluation){ k / 5, "e", true, k / 5 == 1 ? 7000 : 8000, false };
	struct sxm_member m[64];
	int n = add_panel(m, 0, "T1", STAGE_ARGUMENT, 7, 0, 0, 0);
	n = add_panel(m, n, "T1", STAGE_REVIEW, 9, 3, 0, 0);
	n = add_panel(m, n, "T2", STAGE_ARGUMENT, 7, 0, 0, 0);
	n = add_panel(m, n, "T2", STAGE_REVIEW, 9, 3, 0, 0);
	struct sxm_batch batch = { t, 2, b, 3, e, 15, m, n, NULL, 0 };
	struct decision d[3];
	struct sxm_round rd;
	struct strbuf err = STRBUF_INIT;
	assert_true(sxm_decide(prog, &batch, &cal, d, &rd, &arena, &err));
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
	sxm_check_acceptance(prog, &b, o, &arena);
	reasons_codes(&o->reasons, codes, 256);
	reasons_free(&o->reasons);
	return codes;
}

static struct sxm_acceptance project(int32_t end, int32_t applied, enum sxm_conclusion c)
{
	return (struct sxm_acceptance){ 2, "P1", end, applied, c, 3000000, 2000001, false, false, "u", "p", "", "" };
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
		{ 4, 4, 7, 5, "SXM-A02" }, /* one below the minimum */
		{ 5, 4, 7, 4, "SXM-A03" }, /* 7: 5 is, 4 is not */
		{ 5, 4, 6, 6, "SXM-A03" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int n = add_panel(m, 0, "P1", STAGE_SITE, cases[i].site_tech, cases[i].site_members - cases[i].site_tech, 1, 0);
		n = add_panel(m, n, "P1", STAGE_MEETING, cases[i].meet_tech, cases[i].meet_members - cases[i].meet_tech, 1, 1);
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
	assert_false(o.integrity_record);
	accept(project(D(2024, 3, 31), D(2024, 5, 10), CONCL_FAIL), m, n, &o, codes);
	assert_int_equal(o.recover, 3000000);
	assert_true(o.integrity_record);
	/* 18 months without an application: exactly is not yet overdue */
	accept(project(D(2023, 6, 16), DATE_NONE, CONCL_NONE), m, n, &o, codes);
	assert_int_equal(o.status, REC_PENDING);
	assert_string_equal(accept(project(D(2023, 6, 15), DATE_NONE, CONCL_NONE), m, n, &o, codes), "SXM-A04;SXM-A05");
	assert_int_equal(o.status, REC_FAIL);
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
	assert_true(o.integrity_record);
}

#define SXM_HEAD "<programme kind=\"shanxi-major\" year=\"2024\"><authority>a</authority><title>t</title><budget>1</budget>"

static void test_programme_parameters(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct call pcall;
	struct sxm_params *p = NULL;
	const char *ok = SXM_HEAD "<posting date=\"2024-09-01\"/><proposal-deadline>2024-10-21 17:00</proposal-deadline>"
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
	static const struct {
		const char *body, *error;
	} refused[] = {
		{ "<proposal-deadline>2024-10-21 17:00</proposal-deadline><publicity start=\"2024-12-02\"/>",
		  "required element <posting> is missing" },
		{ "<posting date=\"2024-09-01\"/><publicity start=\"2024-12-02\"/>", "required element <proposal-deadline> is missing" },
		{ "<posting date=\"2024-09-31\"/>", "'2024-09-31' is not a valid date" },
		{ "<panels meeting=\"7\"/>", "unknown attribute 'meeting'" },
		{ "<ratio-cap percent=\"130\"/>", "'130' is not a valid percent" },
		{ "<category code=\"BR\"/>", "not a parameter of a shanxi-major programme" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char xml[512];
		snprintf(xml, sizeof xml, "%s%s</programme>", SXM_HEAD, refused[i].body);
		sb_reset(&err);
		assert_false(call_parse(xml, strlen(xml), "programme.xml", &PROGRAMME_PARAMS, &pcall, (void **)&p, &a, &err));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_average_and_double_cap),
		cmocka_unit_test(test_panels_count_experts_once),
		cmocka_unit_test(test_bid_rules),
		cmocka_unit_test(test_one_project_per_demand_side_and_second_best),
		cmocka_unit_test(test_acceptance_panels_two_thirds),
		cmocka_unit_test(test_acceptance_dates_and_money),
		cmocka_unit_test(test_programme_parameters),
	};
	return cmocka_run_group_tests_name("shanxi-major rules", tests, setup, teardown);
}
