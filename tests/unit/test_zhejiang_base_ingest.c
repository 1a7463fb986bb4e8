/* zhejiang-base files: every cell type and every row refusal, with the
 * line, field and reason that rejects.csv will carry. */
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
#include "programmes/zhejiang-base/model.h"

static char dir[64];
static char uscc[19];

static int setup(void **state)
{
	(void)state;
	scratch_dir(dir, "zjb-unit");
	make_uscc(uscc, "91330100MA2B3C4D5");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

struct loaded {
	struct arena arena;
	struct batch bt;
	struct zjb_batch batch; /* the state's, read only */
	struct rejects rejects;
	struct strbuf err;
	bool ok;
};

static void load(struct loaded *l)
{
	memset(l, 0, sizeof *l);
	arena_init(&l->arena);
	const char *xml = "<programme kind=\"zhejiang-base\" year=\"2024\"><authority>a</authority><title>t</title>"
			  "<decided>2025-04-15</decided></programme>";
	scratch_put(dir, "programme.xml", xml);
	rejects_init(&l->rejects, &l->arena);
	l->bt = (struct batch){ .rejects = &l->rejects, .arena = &l->arena, .encoding = CSV_ENC_AUTO };
	l->ok = batch_read_dir(&l->bt, dir, &l->err) == EXIT_OK;
	if (l->bt.state)
		l->batch = ((const struct zjb_state *)l->bt.state)->batch;
}

static void unload(struct loaded *l)
{
	batch_close(&l->bt);
	rejects_free(&l->rejects);
	sb_free(&l->err);
	arena_free(&l->arena);
}

/* Loads applications (with an empty history) and checks that exactly one
 * row was refused: on line, for field. */
static void load_with_one_reject(struct loaded *l, const char *applications, long line, const char *field)
{
	scratch_put(dir, "applications.csv", applications);
	scratch_put(dir, "history.csv", "id,year,grade\n");
	load(l);
	assert_int_equal(l->rejects.count, 1);
	assert_int_equal(l->rejects.items[0].line, line);
	assert_string_equal(l->rejects.items[0].field, field);
}

#define HEAD "id,action,base_type,name,host,host_uscc,host_kind,rd_intensity,report_submitted,score,withdrawn\n"

static void test_cells_and_aliases(void **state)
{
	(void)state;
	char csv[1024], lower[19];
	for (int i = 0; i < 19; i++)
		lower[i] = (char)(uscc[i] >= 'A' && uscc[i] <= 'Z' ? uscc[i] - 'A' + 'a' : uscc[i]);
	snprintf(csv, sizeof csv,
		 HEAD "A1,认定,联合研发类,n,h,%s,企业,4.5%%,,,\n"
		      "A2,evaluation,OSV,n,h,%s,科技服务机构,4.50％,2025/1/31,89.5,\n"
		      "A3,评价,FTR,n,h,%s,园区,5,,,是\n",
		 uscc, uscc, lower);
	scratch_put(dir, "applications.csv", csv);
	struct loaded l;
	load(&l);
	assert_true(l.ok);
	assert_int_equal(l.batch.nbases, 3);
	assert_int_equal(l.rejects.count, 0);
	const struct zjb_base *b = l.batch.bases;
	assert_int_equal(b[0].action, ZJB_RECOGNISE);
	assert_int_equal(b[0].type, ZJB_JRD);
	assert_int_equal(b[0].rd_intensity, 450);
	assert_int_equal(b[0].score, SCORE_NONE);
	assert_int_equal(b[1].action, ZJB_EVALUATE);
	assert_int_equal(b[1].host_kind, HOST_SERVICE);
	assert_int_equal(b[1].rd_intensity, 450);
	int32_t day;
	date_from_ymd(2025, 1, 31, &day);
	assert_int_equal(b[1].report_submitted, day);
	assert_int_equal(b[1].score, 8950);
	assert_int_equal(b[2].rd_intensity, 500);
	assert_true(b[2].withdrawn);               /* leaving: no score needed */
	assert_string_equal(b[2].host_uscc, uscc); /* lower case read as upper (V2-G4) */
	assert_int_equal(b[2].report_submitted, DATE_NONE);
	unload(&l);
}

static void test_row_refusals(void **state)
{
	(void)state;
	char csv[2048];
	snprintf(csv, sizeof csv,
		 HEAD "B1,认定,JRD,n,h,%s,企业,101,,,\n"             /* line 2: percent above 100 */
		      "B2,认定,JRD,n,h,%s,企业,4.555,,,\n"           /* line 3: three decimals */
		      "B3,续期,JRD,n,h,%s,企业,,,,\n"                /* line 4: unknown action */
		      "B4,评价,JRD,n,h,%s,企业,,2025-01-10,,\n"      /* line 5: evaluation without a score */
		      "B5,评价,JRD,n,h,%s,企业,,2025-01-10,70,\n"    /* line 6: fine */
		      "B5,评价,JRD,n,h,%s,企业,,2025-01-10,70,\n"    /* line 7: duplicate */
		      "B6,评价,JRD,n,h,%s,个体户,,2025-01-10,70,\n", /* line 8: unknown host kind */
		 uscc, uscc, uscc, uscc, uscc, uscc, uscc);
	scratch_put(dir, "applications.csv", csv);
	scratch_put(
		dir, "history.csv",
		"id,year,grade\nB5,2023,不合格\nB5,2024,合格\nB9,2022,合格\nB5,2023,合格\nB5,2021,良好\nB4,2022,合格\n");
	struct loaded l;
	load(&l);
	assert_true(l.ok);
	assert_int_equal(l.batch.nbases, 1);
	assert_int_equal(l.batch.nhistory, 1);
	static const struct {
		const char *file;
		long line;
		const char *field, *error;
	} want[] = {
		{ "applications.csv", 2, "rd_intensity", "not a percentage from 0 to 100 with at most 2 decimals" },
		{ "applications.csv", 3, "rd_intensity", "not a percentage from 0 to 100 with at most 2 decimals" },
		{ "applications.csv", 4, "action", "unknown value" },
		{ "applications.csv", 5, "score",
		  "empty, an evaluation needs a score unless the base is revoked or leaves" },
		{ "applications.csv", 7, "id", "duplicate id (first on line 6)" },
		{ "applications.csv", 8, "host_kind", "unknown value" },
		{ "history.csv", 3, "year", "not an earlier year than the one evaluated (2024)" },
		{ "history.csv", 4, "id", "no base with this id in applications.csv" },
		{ "history.csv", 5, "year", "this base already has a grade for this year (line 2)" },
		{ "history.csv", 6, "grade", "unknown value" },
		/* a grade of a base that was itself rejected says so */
		{ "history.csv", 7, "id", "the base with this id was rejected (applications.csv line 5)" },
	};
	assert_int_equal(l.rejects.count, (int)(sizeof want / sizeof *want));
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		assert_string_equal(l.rejects.items[i].file, want[i].file);
		assert_int_equal(l.rejects.items[i].line, want[i].line);
		assert_string_equal(l.rejects.items[i].field, want[i].field);
		assert_string_equal(l.rejects.items[i].error, want[i].error);
	}
	unload(&l);
}

/* A missing report (not dated by the decision date, 15 April, and not
 * supplied) is a revocation ground: the row is read without a score. A
 * late report dated by then is supplied (V2-Z2): the base is graded, so a
 * missing score rejects the row. */
static void test_no_score_when_revoked(void **state)
{
	(void)state;
	char csv[512];
	snprintf(csv, sizeof csv,
		 HEAD "C1,评价,OSV,n,h,%s,服务机构,,2025-04-16,,\n"
		      "C2,评价,OSV,n,h,%s,服务机构,,2025-04-15,,\n",
		 uscc, uscc);
	struct loaded l;
	load_with_one_reject(&l, csv, 3, "score");
	assert_int_equal(l.batch.nbases, 1);
	assert_int_equal(zjb_report_state(l.bt.params, &l.batch.bases[0]), REPORT_MISSING);
	unload(&l);
}

/* recognised_on (v2) is optional: absent or empty reads as "not given",
 * a date as the day; a cell that is no date rejects the row. */
static void test_recognised_on(void **state)
{
	(void)state;
	char csv[512];
	snprintf(csv, sizeof csv,
		 "id,action,base_type,name,host,host_uscc,host_kind,recognised_on,score\n"
		 "E1,评价,OSV,n,h,%s,服务机构,2024年2月1日,70\n"
		 "E2,评价,OSV,n,h,%s,服务机构,,70\n"
		 "E3,评价,OSV,n,h,%s,服务机构,2024-02-30,70\n",
		 uscc, uscc, uscc);
	struct loaded l;
	load_with_one_reject(&l, csv, 4, "recognised_on");
	assert_int_equal(l.batch.nbases, 2);
	assert_int_equal(l.batch.bases[0].recognised_on, D(2024, 2, 1));
	assert_int_equal(zjb_report_state(l.bt.params, &l.batch.bases[0]), REPORT_NOT_DUE);
	assert_int_equal(l.batch.bases[1].recognised_on, DATE_NONE);
	assert_int_equal(zjb_report_state(l.bt.params, &l.batch.bases[1]), REPORT_MISSING);
	unload(&l);
}

static void test_missing_required_column(void **state)
{
	(void)state;
	scratch_put(dir, "applications.csv", "id,action,base_type,name,host,host_kind\nD1,认定,JRD,n,h,企业\n");
	struct loaded l;
	load(&l);
	assert_false(l.ok);
	assert_non_null(strstr(sb_str(&l.err), "host_uscc"));
	unload(&l);
}

#define ZJ_HEAD \
	"<programme kind=\"zhejiang-base\" year=\"2024\"><authority>a</authority><title>t</title><decided>2025-04-15</decided>"

static bool parse_programme(const char *body, struct zjb_params **p, struct arena *a, struct strbuf *err)
{
	char xml[1024];
	snprintf(xml, sizeof xml, "%s%s</programme>", ZJ_HEAD, body);
	sb_reset(err);
	static struct call call;
	return call_parse(xml, strlen(xml), "programme.xml", &PROGRAMME_PARAMS, &call, (void **)p, a, err);
}

/* Defaults from rules.md §4, and every parameter's refusals. */
static void test_programme_parameters(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct zjb_params *p = NULL;
	assert_true(parse_programme("", &p, &a, &err));
	assert_int_equal(p->excellent_from, 9000);
	assert_int_equal(p->pass_from, 6000);
	assert_int_equal(p->reward, 200000);
	assert_int_equal(zjb_rd_standard(p, 50000000), 500);
	assert_int_equal(zjb_rd_standard(p, 50000001), 400);
	assert_int_equal(zjb_rd_standard(p, 200000000), 400);
	assert_int_equal(zjb_rd_standard(p, 200000001), 300);
	assert_true(parse_programme(
		"<grades excellent-from=\"85.5\" pass-from=\"55\"/><reward amount=\"30万\"/>"
		"<rd-intensity><band revenue-up-to=\"10000万\" percent=\"4.5\"/><band percent=\"2\"/></rd-intensity>",
		&p, &a, &err));
	assert_int_equal(p->excellent_from, 8550);
	assert_int_equal(p->pass_from, 5500);
	assert_int_equal(p->reward, 300000);
	assert_int_equal(zjb_rd_standard(p, 100000000), 450);
	assert_int_equal(zjb_rd_standard(p, 100000001), 200);
	static const struct {
		const char *body, *error;
	} refused[] = {
		{ "<grades excellent-from=\"60\" pass-from=\"70\"/>", "<grades>: pass-from is above excellent-from" },
		{ "<grades pass-from=\"sixty\"/>", "<grades>: pass-from='sixty' is not a score from 0 to 100" },
		{ "<reward/>", "<reward>: missing attribute 'amount'" },
		{ "<rd-intensity><band revenue-up-to=\"100\" percent=\"5\"/></rd-intensity>",
		  "<rd-intensity>: the last <band> must have no revenue-up-to (it covers every larger revenue)" },
		{ "<rd-intensity><band revenue-up-to=\"100\" percent=\"5\"/><band revenue-up-to=\"50\" percent=\"4\"/>"
		  "<band percent=\"3\"/></rd-intensity>",
		  "<band>: bands must rise, and only the last may leave out revenue-up-to" },
		{ "<rd-intensity><band percent=\"abc\"/></rd-intensity>",
		  "<band>: percent='abc' is not a percentage from 0 to 100" },
		{ "<review min-experts=\"5\"/>", "<review>: not a parameter of a zhejiang-base programme" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		assert_false(parse_programme(refused[i].body, &p, &a, &err));
		assert_non_null(strstr(sb_str(&err), refused[i].error));
	}
	sb_free(&err);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells_and_aliases),       cmocka_unit_test(test_row_refusals),
		cmocka_unit_test(test_no_score_when_revoked),   cmocka_unit_test(test_recognised_on),
		cmocka_unit_test(test_missing_required_column), cmocka_unit_test(test_programme_parameters),
	};
	return cmocka_run_group_tests_name("zhejiang-base ingest", tests, setup, teardown);
}
