/* What every programme shares since spec v2: ban periods counted to their
 * last day in force (V2-G1), identity cells (V2-G4), publicity objections
 * and files of the batch directory no programme reads (V2-G5). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "testutil.h"
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "date.h"
#include "diag.h"
#include "exitcodes.h"
#include "fields.h"
#include "ids.h"
#include "objection.h"
#include "sanction.h"

/* ---- V2-G1: a ban decided on D for N years is in force D … D + N years ---- */

static void test_ban_in_force_through_its_last_day(void **state)
{
	(void)state;
	char pi[19];
	make_person_id(pi, "14010519800615123");
	int32_t decided = D(2024, 12, 16);
	struct sanction ban = { SUBJECT_PERSON, pi, "韩立新", decided, date_period_end(decided, 3), "r" };
	struct sanctions s = { .items = &ban, .count = 1 };
	assert_int_equal(ban.end, D(2027, 12, 16));
	static const struct {
		int y, m, d;
		bool active;
	} days[] = {
		{ 2024, 12, 15, false },
		{ 2024, 12, 16, true }, /* from its first day */
		{ 2027, 12, 16, true },
		{ 2027, 12, 17, false }, /* through its last */
	};
	for (size_t i = 0; i < sizeof days / sizeof *days; i++)
		assert_int_equal(sanction_active(&s, SUBJECT_PERSON, pi, D(days[i].y, days[i].m, days[i].d)) != NULL,
				 days[i].active);
	/* Decided on 29 February: the last day is 28 February, 1 March is free. */
	ban.start = D(2024, 2, 29);
	ban.end = date_period_end(ban.start, 3);
	assert_non_null(sanction_active(&s, SUBJECT_PERSON, pi, D(2027, 2, 28)));
	assert_null(sanction_active(&s, SUBJECT_PERSON, pi, D(2027, 3, 1)));
	ban.end = DATE_NONE; /* open-ended */
	assert_non_null(sanction_active(&s, SUBJECT_PERSON, pi, D(2099, 1, 1)));
}

/* sanctions.csv through its reader: the rows that reach the list and the
 * rejects of those that do not. */
struct read_back {
	struct arena arena;
	struct rejects rejects;
	struct sanctions list;
};

static void read_sanctions(struct read_back *r, const char *csv)
{
	arena_init(&r->arena);
	rejects_init(&r->rejects, &r->arena);
	memset(&r->list, 0, sizeof r->list);
	struct sanction_loader loader = { &r->list, 0, &r->rejects, &r->arena };
	FILE *f = fmemopen((void *)csv, strlen(csv), "r");
	assert_non_null(f);
	struct strbuf err = STRBUF_INIT;
	assert_true(csv_read_stream(f, "sanctions.csv", &SANCTION_SCHEMA, CSV_ENC_AUTO, &r->rejects, sanction_row,
				    &loader, &err));
	fclose(f);
	sb_free(&err);
}

static void read_back_free(struct read_back *r)
{
	sanctions_free(&r->list);
	rejects_free(&r->rejects);
	arena_free(&r->arena);
}

static void test_sanctions_csv_end_is_the_last_day(void **state)
{
	(void)state;
	char unit[19], pi[19];
	make_uscc(unit, "91140100MA0000001");
	make_person_id(pi, "11010519491231002"); /* its check character is X */
	char csv[1024];
	/* a one-day ban (end = start), an end before the start, a lower-case x */
	snprintf(csv, sizeof csv,
		 "subject_kind,subject_id,name,start,end,reason\n"
		 "单位,%s,太原恒通机电设备有限公司,2024-12-01,2024-12-01,r\n"
		 "单位,%s,太原恒通机电设备有限公司,2024-12-02,2024-12-01,r\n"
		 "个人,%.17sx,韩立新,2024-12-01,,r\n",
		 unit, unit, pi);
	struct read_back r;
	read_sanctions(&r, csv);
	assert_int_equal(r.list.count, 2);
	assert_int_equal(r.list.items[0].end, D(2024, 12, 1));
	assert_non_null(sanction_active(&r.list, SUBJECT_UNIT, unit, D(2024, 12, 1)));
	assert_null(sanction_active(&r.list, SUBJECT_UNIT, unit, D(2024, 12, 2)));
	assert_string_equal(r.list.items[1].subject_id, pi); /* joined on as upper case */
	assert_int_equal(r.rejects.count, 1);
	assert_int_equal(r.rejects.items[0].line, 3);
	assert_string_equal(r.rejects.items[0].error, "the last day in force is before the start");
	read_back_free(&r);
}

/* ---- V2-G4: identity cells ---- */

static void test_identity_cells_case_and_form(void **state)
{
	(void)state;
	char uscc[19], id[19], idx[19];
	make_uscc(uscc, "91140100MA0000001");
	make_person_id(id, "14010519800615123");
	make_person_id(idx, "11010519491231002"); /* its check character is X */
	assert_int_equal(idx[17], 'X');
	char why[160], cell[64];

	/* Lower case is read as upper case, and then passes its check. */
	snprintf(cell, sizeof cell, "%s", uscc);
	for (char *p = cell; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	assert_null(uscc_malformed(cell, why, sizeof why));
	assert_string_equal(cell, uscc);
	assert_true(uscc_valid(cell));
	snprintf(cell, sizeof cell, "%.17sx", idx);
	assert_null(person_id_malformed(cell, why, sizeof why));
	assert_string_equal(cell, idx);
	assert_true(person_id_valid(cell, NULL));
	/* Empty: no number, the rules decide. */
	cell[0] = '\0';
	assert_null(uscc_malformed(cell, why, sizeof why));
	assert_null(person_id_malformed(cell, why, sizeof why));

	/* Well formed, check character wrong: not malformed (ID-USCC / ID-PERSON). */
	snprintf(cell, sizeof cell, "%.17s%c", id, id[17] == '0' ? '1' : '0');
	assert_null(person_id_malformed(cell, why, sizeof why));
	assert_false(person_id_valid(cell, NULL));
	snprintf(cell, sizeof cell, "%.17s%c", uscc, uscc[17] == '0' ? '1' : '0');
	assert_null(uscc_malformed(cell, why, sizeof why));
	assert_false(uscc_valid(cell));

	/* Cells that cannot be numbers at all, and what they probably are. */
	static const struct {
		bool person;
		const char *cell, *says;
	} bad[] = {
		{ true, "1.40105E+17", "scientific notation: a spreadsheet stored the ID number as a number" },
		{ true, "1.40105e+17", "scientific notation" },
		{ false, "9.11401E+17", "scientific notation: a spreadsheet stored the credit code as a number" },
		{ true, "140105198006151234.0", "a number with a decimal point or separators" },
		{ true, "14010519800615123", "17 characters: an ID number has 18" },
		{ true, "1401051980061512345", "19 characters" },
		{ true, "140105800615123", "15 digits: a first-generation ID number" },
		{ true, "1401051980O615123X",
		  "the letter O at position 11: an ID number has no letter O; a digit 0 was probably meant" },
		{ true, "14010519800615123Y", "'Y' at position 18" },
		{ true, "X40105198006151234", "'X' at position 1" },
		{ true, "１40105198006151234",
		  "a full-width character at position 1: type the ID number in half-width characters" },
		{ false, "91140100MA000000IX", "'I' at position 17: not in the credit code alphabet" },
		{ false, "91140100MA0000O01X", "the letter O at position 15: a credit code has no letter O" },
		{ false, "91140100MA00000S1X", "'S' at position 16" },
		{ false, "91140100MA00001", "15 characters" },
		{ false, "140100400012345", "15 digits: an old business registration number" },
		{ false, "MA0000001", "9 characters: an organisation code" },
		{ false, "91140100 MA000001X", "' ' at position 9: not in the credit code alphabet" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(cell, sizeof cell, "%s", bad[i].cell);
		const char *got = bad[i].person ? person_id_malformed(cell, why, sizeof why)
						: uscc_malformed(cell, why, sizeof why);
		if (!got || !strstr(got, bad[i].says))
			fail_msg("%s: '%s', expected '%s'", bad[i].cell, got ? got : "(well formed)", bad[i].says);
	}
}

/* Through a binder: the row is rejected naming field, value and why. */
static void test_identity_cell_rejects_its_row(void **state)
{
	(void)state;
	static const struct csv_column cols[] = { { "pi_id", "负责人身份证号", true } };
	static const struct csv_schema schema = { cols, 1 };
	struct arena a;
	arena_init(&a);
	struct rejects rej;
	rejects_init(&rej, &a);
	const char *cells[] = { "1.40105E+17" };
	struct csv_row row = { "applications.csv", 7, cells, NULL, NULL };
	struct binder b;
	binder_init(&b, &row, &schema, &a);
	bind_person_id(&b, 0);
	assert_true(binder_reject(&b, &rej));
	assert_string_equal(rej.items[0].field, "pi_id");
	assert_string_equal(rej.items[0].value, "1.40105E+17");
	assert_non_null(strstr(rej.items[0].error, "scientific notation"));
	const char *lower[] = { "91140100ma0000001x" };
	row.cells = lower;
	binder_init(&b, &row, &schema, &a);
	assert_string_equal(bind_uscc(&b, 0), "91140100MA0000001X");
	assert_false(binder_reject(&b, &rej));
	rejects_free(&rej);
	arena_free(&a);
}

/* ---- V2-G5: objections ---- */

static void test_objections_within_the_period_hold(void **state)
{
	(void)state;
	/* Publicity 2024-12-02 … 2024-12-06; four winners and a loser. */
	int32_t first = D(2024, 12, 2), last = D(2024, 12, 6);
	struct decision d[5];
	memset(d, 0, sizeof d);
	for (int i = 0; i < 4; i++)
		d[i].status = ST_PROPOSED, d[i].award = 100000;
	d[4].status = ST_NOT_FUNDED;
	struct objection items[] = {
		{ 0, "B1", D(2024, 12, 2), "", 2 }, /* the first day */
		{ 1, "B2", D(2024, 12, 6), "", 3 }, /* the last day */
		{ 2, "B3", D(2024, 12, 1), "", 4 }, /* the day before */
		{ 3, "B4", D(2024, 12, 7), "", 5 }, /* the day after */
		{ 4, "B5", D(2024, 12, 3), "", 6 }, /* not on the list */
		{ 0, "B1", D(2024, 12, 4), "", 7 }, /* a second one on the same winner */
	};
	struct objections o = { items, 6, 6 };
	int warned = diag_warning_count();
	assert_int_equal(objections_apply(&o, first, last, d), 3);
	assert_int_equal(diag_warning_count() - warned, 3);
	static const enum status want[] = { ST_OBJECTED, ST_OBJECTED, ST_PROPOSED, ST_PROPOSED, ST_NOT_FUNDED };
	for (int i = 0; i < 5; i++)
		assert_int_equal(d[i].status, want[i]);
	assert_int_equal(d[0].award, 100000); /* reserved */
	assert_int_equal(objection_held(&o, 1, first, last)->received, D(2024, 12, 6));
	assert_null(objection_held(&o, 2, first, last));
}

static void test_objection_rows(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct rejects rej;
	rejects_init(&rej, &a);
	struct strmap ids;
	strmap_init(&ids);
	strmap_put(&ids, "JB2024-001", 0);
	struct objections list = { 0 };
	struct objection_reader reader = { &ids, &list, &rej, &a, NULL };
	const char *csv = "id,received,summary\nJB2024-001,2024-12-03,举报\nJB2024-999,2024-12-03,x\nJB2024-001,,x\n";
	FILE *f = fmemopen((void *)csv, strlen(csv), "r");
	struct strbuf err = STRBUF_INIT;
	assert_true(csv_read_stream(f, "objections.csv", &OBJECTION_SCHEMA, CSV_ENC_AUTO, &rej, objection_row, &reader,
				    &err));
	fclose(f);
	assert_int_equal(list.count, 1);
	assert_int_equal(list.items[0].received, D(2024, 12, 3));
	assert_int_equal(rej.count, 2);
	assert_string_equal(rej.items[0].error, "no application with this id in the batch");
	assert_string_equal(rej.items[1].error, "empty, the date received is required");
	objections_free(&list);
	strmap_free(&ids);
	sb_free(&err);
	rejects_free(&rej);
	arena_free(&a);
}

/* The warnings from the first-th on that name a file as not read. */
static int not_read_since(int first)
{
	int n = 0;
	const char *const *w = diag_warnings();
	for (int i = first; i < diag_warning_count(); i++)
		n += strstr(w[i], ": not read: ") != NULL;
	return n;
}

/* A file of the batch directory that the programme does not read is
 * named in a warning; the files it reads and hidden files are not. */
static void test_unread_files_are_warned_about(void **state)
{
	(void)state;
	char dir[64];
	scratch_dir(dir, "unread");
	scratch_put(dir, "programme.xml",
		    "<programme kind=\"zhejiang-base\" year=\"2024\"><authority>a</authority><title>t</title>"
		    "<decided>2025-03-20</decided></programme>");
	scratch_put(dir, "applications.csv", "id\n");
	scratch_put(dir, ".DS_Store", "");
	struct arena a;
	arena_init(&a);
	struct rejects rej;
	rejects_init(&rej, &a);
	struct strbuf err = STRBUF_INIT;
	for (int extra = 0; extra < 2; extra++) {
		if (extra) {
			scratch_put(dir, "objection.csv", "id,received\n");
			scratch_put(dir, "notes.txt", "");
			scratch_put(dir, "history.xlsx", ""); /* history.csv's workbook form: read */
		}
		struct batch b = { .rejects = &rej, .arena = &a };
		int before = diag_warning_count();
		batch_read_dir(&b, dir, &err);
		batch_close(&b);
		assert_int_equal(not_read_since(before), 2 * extra);
	}
	/* A batch given as batch.xml is read from it alone: a sanctions.csv
	 * beside it is named. */
	char xmldir[64], path[128];
	scratch_dir(xmldir, "unread-xml");
	scratch_put(xmldir, "batch.xml", "<batch/>");
	scratch_put(xmldir, "sanctions.csv", "subject_kind\n");
	snprintf(path, sizeof path, "%s/batch.xml", xmldir);
	struct batch b = { .rejects = &rej, .arena = &a };
	int before = diag_warning_count();
	batch_read_xml(&b, path, GRANTDOC_XSD, &err);
	batch_close(&b);
	assert_int_equal(not_read_since(before), 1);
	assert_int_equal(scratch_remove(xmldir), 0);
	sb_free(&err);
	rejects_free(&rej);
	arena_free(&a);
	assert_int_equal(scratch_remove(dir), 0);
}

int main(void)
{
	diag_set_quiet(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ban_in_force_through_its_last_day),
		cmocka_unit_test(test_sanctions_csv_end_is_the_last_day),
		cmocka_unit_test(test_identity_cells_case_and_form),
		cmocka_unit_test(test_identity_cell_rejects_its_row),
		cmocka_unit_test(test_objections_within_the_period_hold),
		cmocka_unit_test(test_objection_rows),
		cmocka_unit_test(test_unread_files_are_warned_about),
	};
	return cmocka_run_group_tests_name("bans, identity cells, objections", tests, NULL, NULL);
}
