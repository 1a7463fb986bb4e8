/* shenzhen-intl files and parameters: every refusal with the line, field
 * and reason rejects.csv carries, and the programme's own parameters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "call.h"
#include "date.h"
#include "exitcodes.h"
#include "ids.h"
#include "programmes/programme.h"
#include "programmes/shenzhen-intl/model.h"

static char dir[64];
static char uscc[19], pid[19];

static int setup(void **state)
{
	(void)state;
	scratch_dir(dir, "szi-unit");
	make_uscc(uscc, "91440300MA5D12345");
	make_person_id(pid, "44030519800101001");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

static void test_rows_and_refusals(void **state)
{
	(void)state;
	char csv[4096];
	snprintf(
		csv, sizeof csv,
		"id,category,title,applicant,applicant_uscc,applicant_kind,pi_name,pi_id,cn_rd_input,participants,submitted,承担市政府及其部门委托\n"
		"A1,政府间合作项目,t,u,%s,企业,p,%s,400万,,2024-09-01,\n" /* line 2: Chinese category, 万 */
		"A2,PER,t,u,%s,高等院校,p,%s,,,2024/9/2,\n"               /* line 3: alias, slashes */
		"A3,ACT,t,u,%s,高校,p,%s,,一百,2024-09-03,\n"             /* line 4: a count in words */
		"A4,IND,t,u,%s,企业,p,%s,,,,\n"                           /* line 5: no date */
		"A1,GOV,t,u,%s,企业,p,%s,,,2024-09-05,\n"                 /* line 6: duplicate */
		"A5,ACT,t,u,%s,高校,p,%s,,,2024-09-06,是\n"               /* line 7: commissioned */
		"A6,ACT,t,u,%s,高校,p,%s,,,2024-09-06,也许\n"             /* line 8: not a boolean */
		"A7,ACT,t,u,%s,高校,p,4.40305E+17,,,2024-09-06,\n",       /* line 9: a spreadsheet's number */
		uscc, pid, uscc, pid, uscc, pid, uscc, pid, uscc, pid, uscc, pid, uscc, pid, uscc);
	scratch_put(dir, "applications.csv", csv);
	scratch_put(dir, "experts.csv",
		    "id,expert,degree_or_title,applicant_staff,funded_elsewhere,travel,board,fee,visit_year\n"
		    "A2,Ann,教授,,,1000,200,30,\n"
		    "A1,Bob,教授,,,1000,,,\n" /* line 3: GOV, not PER */
		    "A2,Cid,院士,,,1,,,\n"    /* line 4: unknown title */
		    "A9,Dan,博士,,,1,,,\n"    /* line 5: unknown application */
		    "A2,Eve,教授级高级工程师,,,1,,,2023\n"
		    "A2,Fay,正高级工程师,,,1,,,23\n"        /* line 7: not a year */
		    "A4,Gil,博士,,,1,,,\n"                  /* line 8: a rejected application */
		    "A2,Hal,教授,,,999999999999999,1,,\n"); /* line 9: A2's costs past 10^15 */
	char contracts[2048];
	snprintf(
		contracts, sizeof contracts,
		"id,approved_on,contract_on,contract_end,applied,completed,terminated_unapproved,applicant_uscc,pi_id\n"
		"C1,2021-03-01,2021-03-31,2023-08-31,,是,,%s,%s\n"
		"C1,2021-03-01,2021-03-31,2023-08-31,,是,,%s,%s\n" /* line 3: duplicate */
		"C2,2021-03-01,,2023-08-31,,是,,%s,%s\n"           /* line 4: no contract date */
		"C3,2021-03-01,2021-03-31,2023-08-31,,,,%s,%s\n"   /* line 5: completed empty (v2) */
		"C4,2022-03-01,2022-03-31,2026-08-31,,否,,%s,%s\n"
		"C5,2022-03-01,2022-03-31,2026-08-31,,否,,,%s\n"             /* line 7: no code to key a ban on */
		"C6,2022-03-01,2022-03-31,2026-08-31,,否,,%s,4.40305E+17\n", /* line 8: a spreadsheet's number */
		uscc, pid, uscc, pid, uscc, pid, uscc, pid, uscc, pid, pid, uscc);
	scratch_put(dir, "contracts.csv", contracts);
	struct arena a;
	arena_init(&a);
	struct rejects rj;
	rejects_init(&rj, &a);
	struct strbuf err = STRBUF_INIT;
	scratch_put(dir, "programme.xml",
		    "<programme kind=\"shenzhen-intl\" year=\"2024\"><authority>a</authority>"
		    "<title>t</title><budget>1000万</budget><publicity start=\"2024-11-20\"/></programme>");
	struct batch bt = { .rejects = &rj, .arena = &a, .encoding = CSV_ENC_AUTO };
	assert_int_equal(batch_read_dir(&bt, dir, &err), EXIT_OK);
	const struct szi_batch b = ((const struct szi_state *)bt.state)->batch;
	assert_int_equal(b.napps, 3);
	assert_false(b.apps[0].commissioned);
	assert_true(b.apps[2].commissioned);
	assert_int_equal(b.apps[0].category, SZI_GOV);
	assert_int_equal(b.apps[0].cn_rd_input, 4000000);
	assert_int_equal(b.apps[1].applicant_kind, SZI_UNIVERSITY);
	int32_t sept2;
	assert_true(date_from_ymd(2024, 9, 2, &sept2));
	assert_int_equal(b.apps[1].submitted, sept2);
	assert_int_equal(b.nexperts, 2);
	assert_int_equal(b.experts[0].travel + b.experts[0].board + b.experts[0].fee, 1230);
	assert_int_equal(b.experts[0].visit_year, 0);
	assert_int_equal(b.experts[1].title, XT_PROFESSOR_SENIOR_ENGINEER);
	assert_int_equal(b.experts[1].visit_year, 2023);
	assert_int_equal(b.ncontracts, 2);
	assert_int_equal(b.contracts[0].applied, DATE_NONE);
	assert_true(b.contracts[0].completed);
	assert_false(b.contracts[1].completed); /* 否 written out: read */
	static const struct {
		const char *file;
		long line;
		const char *field, *error;
	} want[] = {
		{ "applications.csv", 4, "participants", NULL },
		{ "applications.csv", 5, "submitted", "empty, the date of the application is required" },
		{ "applications.csv", 6, "id", "duplicate id (first on line 2)" },
		{ "applications.csv", 8, "commissioned", NULL },
		{ "applications.csv", 9, "pi_id", NULL },
		{ "experts.csv", 3, "id", "not a personnel-exchange (PER) application" },
		{ "experts.csv", 4, "degree_or_title", "unknown value" },
		{ "experts.csv", 5, "id", "no application with this id in the batch" },
		{ "experts.csv", 7, "visit_year", "not a year" },
		{ "experts.csv", 8, "id", "the application with this id was rejected (applications.csv line 5)" },
		{ "experts.csv", 9, "travel", "the expert costs of this application add up to more than 10^15 yuan" },
		{ "contracts.csv", 3, "id", "duplicate id (first on line 2)" },
		{ "contracts.csv", 4, "contract_on", "empty, a date is required" },
		{ "contracts.csv", 5, "completed",
		  "empty, whether the project was completed on time (是/否) is required: a ban needs the fact" },
		{ "contracts.csv", 7, "applicant_uscc", "empty, a ban on the unit is keyed on its credit code" },
		{ "contracts.csv", 8, "pi_id", NULL },
	};
	assert_int_equal(rj.count, (int)(sizeof want / sizeof *want));
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		assert_string_equal(rj.items[i].file, want[i].file);
		assert_int_equal(rj.items[i].line, want[i].line);
		assert_string_equal(rj.items[i].field, want[i].field);
		if (want[i].error)
			assert_string_equal(rj.items[i].error, want[i].error);
	}
	batch_close(&bt);
	rejects_free(&rj);
	sb_free(&err);
	arena_free(&a);
}

#define SZ_HEAD \
	"<programme kind=\"shenzhen-intl\" year=\"2024\"><authority>a</authority><title>t</title><budget>1</budget>"

static void test_programme_parameters(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct call pcall;
	struct szi_params *p = NULL;
	const char *ok = SZ_HEAD
		"<publicity start=\"2024-11-20\" days=\"12\"/><category code=\"IND\" cap=\"80万\" percent=\"40\"/></programme>";
	assert_true(call_parse(ok, strlen(ok), "programme.xml", &PROGRAMME_PARAMS, &pcall, (void **)&p, &a, &err));
	assert_int_equal(p->publicity_days, 12);
	assert_int_equal(p->category[SZI_IND].cap, 800000);
	assert_int_equal(p->category[SZI_IND].percent, 40);
	assert_int_equal(p->category[SZI_GOV].cap, 3000000);
	assert_int_equal(p->category[SZI_PER].percent, 50);
	const char *seed = SZ_HEAD
		"<publicity start=\"2024-11-20\"/><contracts days=\"30\" grace-months=\"6\" ban-years=\"3\"/></programme>";
	assert_true(call_parse(seed, strlen(seed), "programme.xml", &PROGRAMME_PARAMS, &pcall, (void **)&p, &a, &err));
	assert_int_equal(p->ban_years, 3);
	static const struct {
		const char *body, *error;
	} refused[] = {
		{ "<publicity start=\"2024-11-20\" days=\"9\"/>",
		  "days='9': the publicity must last at least 10 days (第十二条)" },
		{ "<publicity start=\"2024-11-20\" working-days=\"5\"/>", "unknown attribute 'working-days'" },
		{ "<publicity start=\"2024-11-20\"/><category code=\"BR\"/>",
		  "unknown category code 'BR' (GOV, IND, ACT, PER)" },
		{ "<publicity start=\"2024-11-20\"/><category code=\"GOV\" percent=\"0\"/>",
		  "'0' is not a valid percent" },
		{ "<publicity start=\"2024-11-20\"/><grades/>", "not a parameter of a shenzhen-intl programme" },
		{ "", "required element <publicity> is missing" },
		/* the 办法 fixes these: a batch cannot change them (第十三、十五条) */
		{ "<publicity start=\"2024-11-20\"/><contracts ban-years=\"5\"/>",
		  "ban-years='5': 第十五条 bars for 3 years (3年内不得申报); a batch cannot change it" },
		{ "<publicity start=\"2024-11-20\"/><contracts days=\"20\"/>",
		  "days='20': 第十三条 gives 30 days from the approval document (30日内); a batch cannot change it" },
		{ "<publicity start=\"2024-11-20\"/><contracts grace-months=\"3\"/>",
		  "grace-months='3': 第十五条 gives 6 months after the completion date (六个月内); a batch cannot change it" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char xml[512];
		snprintf(xml, sizeof xml, "%s%s</programme>", SZ_HEAD, refused[i].body);
		sb_reset(&err);
		assert_false(call_parse(xml, strlen(xml), "programme.xml", &PROGRAMME_PARAMS, &pcall, (void **)&p, &a,
					&err));
		assert_non_null(strstr(sb_str(&err), refused[i].error));
	}
	sb_free(&err);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_refusals),
		cmocka_unit_test(test_programme_parameters),
	};
	return cmocka_run_group_tests_name("shenzhen-intl ingest", tests, setup, teardown);
}
