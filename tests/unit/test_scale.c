/* Scale: what keeps a step linear in the batch. shenzhen-intl finds an
 * application's experts, shanxi-major a task's or project's panel, and
 * every programme a subject's sanctions, without scanning all of them
 * (kept by application, ref or subject, in file order within one). */
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
#include "date.h"
#include "exitcodes.h"
#include "sanction.h"
#include "programmes/programme.h"
#include "programmes/shanxi-major/model.h"
#include "programmes/shenzhen-intl/model.h"

static char dir[64];

static void test_experts_by_application_in_file_order(void **state)
{
	(void)state;
	scratch_dir(dir, "scale-unit");
	char uscc[19], pid[19], csv[2048];
	make_uscc(uscc, "91440300MA5D12345");
	make_person_id(pid, "44030519800101001");
	snprintf(
		csv, sizeof csv,
		"id,category,title,applicant,applicant_uscc,applicant_kind,pi_name,pi_id,cn_rd_input,participants,submitted\n"
		"P1,PER,t,u,%s,高等院校,p,%s,,,2024-09-01\n"
		"P2,PER,t,u,%s,高等院校,p,%s,,,2024-09-01\n"
		"P3,PER,t,u,%s,高等院校,p,%s,,,2024-09-01\n",
		uscc, pid, uscc, pid, uscc, pid);
	scratch_put(dir, "applications.csv", csv);
	/* Interleaved, as a department's export may be. */
	scratch_put(dir, "experts.csv",
		    "id,expert,degree_or_title,applicant_staff,funded_elsewhere,travel,board,fee\n"
		    "P3,X1,教授,,,1,,\n"
		    "P1,Y1,教授,,,10,,\n"
		    "P3,X2,教授,,,100,,\n"
		    "P2,Z1,教授,,,1000,,\n"
		    "P1,Y2,其他,,,10000,,\n"
		    "P3,X3,博士,,,100000,,\n");
	scratch_put(dir, "programme.xml",
		    "<programme kind=\"shenzhen-intl\" year=\"2024\"><authority>a</authority>"
		    "<title>t</title><budget>1000万</budget><publicity start=\"2024-11-20\"/></programme>");
	struct arena a;
	arena_init(&a);
	struct rejects rj;
	rejects_init(&rj, &a);
	struct strbuf err = STRBUF_INIT;
	struct batch bt = { .rejects = &rj, .arena = &a, .encoding = CSV_ENC_AUTO };
	assert_int_equal(batch_read_dir(&bt, dir, &err), EXIT_OK);
	const struct szi_state *st = bt.state;
	const struct szi_batch *b = &st->batch;
	assert_int_equal(b->napps, 3);
	assert_int_equal(b->nexperts, 6);
	static const char *const expect[3][3] = { { "Y1", "Y2" }, { "Z1" }, { "X1", "X2", "X3" } };
	static const int count[3] = { 2, 1, 3 };
	for (int app = 0; app < 3; app++) {
		int from, to;
		szi_experts_of(b, app, &from, &to);
		assert_int_equal(to - from, count[app]);
		for (int k = from; k < to; k++)
			assert_string_equal(b->experts[k].name, expect[app][k - from]);
	}
	/* The base: the eligible experts' costs of each application alone
	 * (Y2 has no title that counts). */
	assert_int_equal(szi_base(st->p, b, 0), 10);
	assert_int_equal(szi_base(st->p, b, 1), 1000);
	assert_int_equal(szi_base(st->p, b, 2), 100101);
	batch_close(&bt);
	rejects_free(&rj);
	sb_free(&err);
	arena_free(&a);
	scratch_remove(dir);
}

/* Panels of three refs, interleaved as panels.csv may list them; an
 * expert listed twice in one panel counts once, the first listing. */
static void test_panels_by_ref_in_file_order(void **state)
{
	(void)state;
	struct sxm_member m[] = {
		{ "T2", "a", 2, STAGE_REVIEW, true, false, false },
		{ "T1", "b", 3, STAGE_REVIEW, true, false, false },
		{ "P9", "c", 4, STAGE_SITE, true, false, true },
		{ "T2", "d", 5, STAGE_REVIEW, false, false, false },
		{ "T1", "e", 6, STAGE_ARGUMENT, true, true, false },
		{ "T2", "a", 7, STAGE_REVIEW, false, false, false },
		{ "T1", "f", 8, STAGE_REVIEW, false, false, false },
	};
	struct sxm_state st;
	memset(&st, 0, sizeof st);
	st.reading.done = true;
	st.batch.members = m;
	st.batch.nmembers = (int)(sizeof m / sizeof *m);
	sxm_read_done(&st);
	struct sxm_panel t2 = sxm_panel_of(&st.batch, "T2", STAGE_REVIEW);
	assert_int_equal(t2.members, 2);
	assert_int_equal(t2.technical, 1); /* a, first listed as technical */
	assert_int_equal(t2.financial, 1); /* d */
	struct sxm_panel t1 = sxm_panel_of(&st.batch, "T1", STAGE_REVIEW);
	assert_int_equal(t1.members, 2);
	assert_int_equal(sxm_panel_of(&st.batch, "T1", STAGE_ARGUMENT).demand_recommended, 1);
	assert_int_equal(sxm_panel_of(&st.batch, "P9", STAGE_SITE).on_site, 1);
	assert_int_equal(sxm_panel_of(&st.batch, "T3", STAGE_REVIEW).members, 0);
	assert_int_equal(sxm_panel_of(&st.batch, "A0", STAGE_REVIEW).members, 0);
	assert_int_equal(sxm_panel_of(&st.batch, "Z9", STAGE_REVIEW).members, 0);
}

/* A subject banned twice (the later ban first in the file), another
 * subject between: the answer is the first record in force, as a scan
 * of the whole list gives it. */
static void test_sanctions_by_subject_as_a_scan_finds_them(void **state)
{
	(void)state;
	scratch_dir(dir, "scale-sanctions");
	char a[19], b[19], p[19], csv[1024];
	make_uscc(a, "91140100MA0000001");
	make_uscc(b, "91140100MA0000002");
	make_person_id(p, "14010519800101001");
	snprintf(csv, sizeof csv,
		 "对象类型,证件号码,名称,起始日期,截止日期,事由\n"
		 "单位,%s,A,2024-01-01,2025-01-01,later\n"
		 "个人,%s,P,2020-01-01,,open\n"
		 "单位,%s,B,2020-01-01,2030-01-01,other\n"
		 "单位,%s,A,2020-01-01,2021-01-01,earlier\n"
		 "单位,%s,A,2020-06-01,2024-06-01,overlapping\n",
		 a, p, b, a, a);
	scratch_put(dir, "sanctions.csv", csv);
	struct arena ar;
	arena_init(&ar);
	struct rejects rj;
	rejects_init(&rj, &ar);
	struct strbuf err = STRBUF_INIT;
	char path[128];
	snprintf(path, sizeof path, "%s/sanctions.csv", dir);
	struct sanctions loaded;
	assert_true(sanctions_load(path, CSV_ENC_AUTO, &loaded, &rj, &ar, &err));
	assert_int_equal(loaded.count, 5);
	assert_non_null(loaded.by_subject);
	struct sanctions scanned = { loaded.items, loaded.count, NULL, NULL };
	const char *subjects[] = { a, b, p, "91140100MA0000003X" };
	const int32_t days[] = { D(2019, 12, 31), D(2020, 3, 1),   D(2020, 7, 1), D(2021, 1, 1), D(2024, 3, 1),
				 D(2024, 6, 1),   D(2024, 12, 31), D(2025, 1, 1), D(2031, 1, 1) };
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 4; i++)
			for (int d = 0; d < 9; d++)
				assert_ptr_equal(sanction_active(&loaded, (enum subject_kind)k, subjects[i], days[d]),
						 sanction_active(&scanned, (enum subject_kind)k, subjects[i], days[d]));
	assert_string_equal(sanction_active(&loaded, SUBJECT_UNIT, a, D(2024, 3, 1))->reason, "later");
	assert_string_equal(sanction_active(&loaded, SUBJECT_UNIT, a, D(2020, 7, 1))->reason, "earlier");
	/* The end date is the last day in force (V2-G1). */
	assert_string_equal(sanction_active(&loaded, SUBJECT_UNIT, a, D(2021, 1, 1))->reason, "earlier");
	assert_string_equal(sanction_active(&loaded, SUBJECT_UNIT, a, D(2021, 1, 2))->reason, "overlapping");
	assert_null(sanction_active(&loaded, SUBJECT_PERSON, a, D(2024, 3, 1)));
	sanctions_free(&loaded);
	rejects_free(&rj);
	sb_free(&err);
	arena_free(&ar);
	scratch_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_experts_by_application_in_file_order),
		cmocka_unit_test(test_panels_by_ref_in_file_order),
		cmocka_unit_test(test_sanctions_by_subject_as_a_scan_finds_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
