/* Dates, money, identity numbers and the working-day calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calendar.h"
#include "date.h"
#include "decision.h"
#include "ids.h"
#include "invariant.h"
#include "money.h"
#include "arena.h"
#include "strmap.h"

static int32_t D(int y, int m, int d)
{
	int32_t day;
	assert_true(date_from_ymd(y, m, d, &day));
	return day;
}

static void test_date_roundtrip_and_weekday(void **state)
{
	(void)state;
	int y, m, d;
	for (int32_t day = D(1900, 1, 1); day < D(2100, 12, 31); day += 17) {
		date_to_ymd(day, &y, &m, &d);
		assert_int_equal(D(y, m, d), day);
	}
	assert_int_equal(D(1970, 1, 1), 0);
	assert_int_equal(date_weekday(D(2024, 12, 20)), 4); /* Friday */
	assert_int_equal(date_weekday(D(2024, 10, 12)), 5); /* Saturday */
	assert_int_equal(date_weekday(D(1969, 12, 31)), 2); /* Wednesday */
}

/* A figure out of its range stops the process at once: exit 70 and one
 * line naming the condition and its place, nothing else. */
static void test_invariant_exits_70_naming_the_condition(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		volatile int64_t award = -1;
		INVARIANT(award >= 0);
		_exit(0);
	}
	close(fds[1]);
	char text[512] = "";
	size_t got = 0;
	ssize_t k;
	while (got + 1 < sizeof text && (k = read(fds[0], text + got, sizeof text - 1 - got)) > 0)
		got += (size_t)k;
	text[got] = '\0';
	close(fds[0]);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 70);
	assert_non_null(strstr(text, "grantdoc: internal error: tests/unit/test_basics.c:"));
	assert_non_null(strstr(text, ": award >= 0 does not hold\n"));
	assert_int_equal(strchr(text, '\n') - text + 1, (long)got);
}

static void test_date_parse_forms(void **state)
{
	(void)state;
	int32_t day;
	assert_true(date_parse("2024-12-04", &day));
	assert_int_equal(day, D(2024, 12, 4));
	assert_true(date_parse("2024/12/4", &day));
	assert_int_equal(day, D(2024, 12, 4));
	assert_true(date_parse("2024年12月4日", &day));
	assert_int_equal(day, D(2024, 12, 4));
	assert_true(date_parse("2024-2-29", &day));
	assert_false(date_parse("2023-02-29", &day));
	assert_false(date_parse("2024-02-30", &day));
	assert_false(date_parse("2024-13-01", &day));
	assert_false(date_parse("2024-12-04x", &day));
	assert_false(date_parse("2024-12/04", &day));
	assert_false(date_parse("24-12-04", &day));
	assert_false(date_parse("2024-012-04", &day));
	assert_false(date_parse("", &day));
	assert_false(date_parse("2024年12月4", &day));
	/* The checked range: 1900-01-01 through 2999-12-31, nothing past it
	 * (no year that day arithmetic could carry out of int32_t). */
	assert_true(date_parse("1900-01-01", &day));
	assert_int_equal(day, D(1900, 1, 1));
	assert_false(date_parse("1899-12-31", &day));
	assert_true(date_parse("2999-12-31", &day));
	assert_int_equal(day, D(2999, 12, 31));
	assert_false(date_parse("3000-01-01", &day));
	assert_false(date_parse("99999-01-01", &day));
}

static void test_datetime_parse(void **state)
{
	(void)state;
	int64_t t;
	assert_true(datetime_parse("2024-12-04 18:00", &t));
	assert_int_equal(t, datetime_from(D(2024, 12, 4), 18, 0));
	assert_true(datetime_parse("2024-12-04T18:01", &t));
	assert_int_equal(t, datetime_from(D(2024, 12, 4), 18, 1));
	assert_true(datetime_parse("2024/12/4 9:05:59", &t));
	assert_int_equal(t, datetime_from(D(2024, 12, 4), 9, 5));
	assert_true(datetime_parse("2024年12月4日 18:00", &t));
	assert_false(datetime_parse("2024-12-04", &t));
	assert_false(datetime_parse("2024-12-04 24:00", &t));
	assert_false(datetime_parse("2024-12-04 18:60", &t));
	assert_false(datetime_parse("2024-12-04 18:0", &t));
	assert_false(datetime_parse("2024-12-04  18:00", &t));
	char buf[32];
	datetime_format_iso(datetime_from(D(2024, 12, 9), 17, 0), buf);
	assert_string_equal(buf, "2024-12-09 17:00");
}

static void test_month_and_year_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(D(2024, 1, 31), 1), D(2024, 2, 29));
	assert_int_equal(date_add_months(D(2023, 1, 31), 1), D(2023, 2, 28));
	assert_int_equal(date_add_months(D(2025, 3, 1), 24), D(2027, 3, 1));
	assert_int_equal(date_add_months(D(2024, 8, 31), 6), D(2025, 2, 28));
	assert_int_equal(date_add_months(D(2024, 3, 15), -3), D(2023, 12, 15));
	/* V2-G1: the last day of N years counted from D (民法典 第二百零一、
	 * 二百零二条) is the corresponding day; 29 February without one is 28. */
	static const struct {
		int from[3], years, last[3];
	} periods[] = {
		{ { 2024, 12, 16 }, 3, { 2027, 12, 16 } }, { { 2024, 2, 29 }, 3, { 2027, 2, 28 } },
		{ { 2024, 2, 29 }, 4, { 2028, 2, 29 } },   { { 2023, 2, 28 }, 1, { 2024, 2, 28 } },
		{ { 2024, 12, 31 }, 1, { 2025, 12, 31 } },
	};
	for (size_t i = 0; i < sizeof periods / sizeof *periods; i++)
		assert_int_equal(date_period_end(D(periods[i].from[0], periods[i].from[1], periods[i].from[2]),
						 periods[i].years),
				 D(periods[i].last[0], periods[i].last[1], periods[i].last[2]));
	char buf[32];
	date_format_cn(D(2024, 12, 4), buf);
	assert_string_equal(buf, "2024年12月4日");
	date_format_iso(D(2024, 1, 5), buf);
	assert_string_equal(buf, "2024-01-05");
}

static void test_money_parse(void **state)
{
	(void)state;
	struct {
		const char *in;
		int64_t yuan;
	} good[] = {
		{ "400000", 400000 },       { "400,000", 400000 },      { "400000元", 400000 },
		{ "1,234,567元", 1234567 }, { "40万", 400000 },         { "40万元", 400000 },
		{ "37.5万元", 375000 },     { "12.3456万", 123456 },    { "0", 0 },
		{ "400000.00", 400000 },    { "400,000.00元", 400000 }, { "0.5万", 5000 },
		{ "12.34560万", 123456 },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t v = -1;
		const char *why = NULL;
		assert_true(money_parse(good[i].in, &v, &why));
		assert_int_equal(v, good[i].yuan);
	}
	const char *bad[] = { "",           "-5", "abc", "40万万", "1,00,000",          ",100", "100,", "123.45",
			      "12.34567万", "1.", "1e5", "¥100",   "10000000000000000", "40 万" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t v;
		const char *why = NULL;
		assert_false(money_parse(bad[i], &v, &why));
		assert_non_null(why);
	}
}

/* The range is checked before scaling: 万 amounts past 10^15 yuan never
 * wrap around into a negative number (999999999999999万 once became
 * -8,446,744,073,709,561,616 yuan). */
static void test_money_range_edges(void **state)
{
	(void)state;
	struct {
		const char *in;
		bool ok;
		int64_t yuan;
	} cases[] = {
		{ "1000000000000000", true, MONEY_MAX },
		{ "1000000000000001", false, 0 },
		{ "1,000,000,000,000,000元", true, MONEY_MAX },
		{ "100000000000万", true, MONEY_MAX },
		{ "100000000000.0001万", false, 0 },
		{ "99999999999.9999万", true, MONEY_MAX - 1 },
		{ "100000000001万", false, 0 },
		{ "999999999999999万", false, 0 },
		{ "922337203685477.5807万", false, 0 },
		{ "9223372036854775807", false, 0 },
		{ "99999999999999999999999万元", false, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -1;
		const char *why = NULL;
		bool ok = money_parse(cases[i].in, &v, &why);
		if (ok != cases[i].ok)
			fail_msg("%s: %s", cases[i].in, ok ? "accepted" : why);
		if (ok)
			assert_int_equal(v, cases[i].yuan);
		else
			assert_string_equal(why, "amount too large");
	}
}

static void test_money_add_stays_in_range(void **state)
{
	(void)state;
	int64_t sum = 0;
	assert_true(money_add(&sum, MONEY_MAX - 5));
	assert_true(money_add(&sum, 5));
	assert_int_equal(sum, MONEY_MAX);
	assert_false(money_add(&sum, 1));
	assert_int_equal(sum, MONEY_MAX);
	sum = MONEY_MAX;
	assert_false(money_add(&sum, MONEY_MAX));
	assert_int_equal(sum, MONEY_MAX);
	sum = 7;
	assert_true(money_add(&sum, 0));
	assert_int_equal(sum, 7);
	/* ⌊amount × percent / 100⌋ at the top of the range never overflows
	 * and never exceeds the amount. */
	assert_int_equal(money_percent_floor(MONEY_MAX, 100), MONEY_MAX);
	assert_int_equal(money_percent_floor(MONEY_MAX, 30), MONEY_MAX / 10 * 3);
	assert_int_equal(money_percent_floor(MONEY_MAX - 1, 50), (MONEY_MAX - 1) / 2);
	assert_int_equal(money_percent_floor(1, 99), 0);
}

static void test_money_format(void **state)
{
	(void)state;
	char buf[32];
	money_format_wan(400000, buf, sizeof buf);
	assert_string_equal(buf, "40");
	money_format_wan(375000, buf, sizeof buf);
	assert_string_equal(buf, "37.5");
	money_format_wan(123456, buf, sizeof buf);
	assert_string_equal(buf, "12.3456");
	money_format_wan(5, buf, sizeof buf);
	assert_string_equal(buf, "0.0005");
	money_format_grouped(1234567, buf, sizeof buf);
	assert_string_equal(buf, "1,234,567");
	money_format_grouped(100, buf, sizeof buf);
	assert_string_equal(buf, "100");
	assert_int_equal(money_percent_floor(999999, 30), 299999);
	assert_int_equal(money_percent_floor(1000001, 50), 500000);
	assert_int_equal(money_percent_floor(99, 30), 29);
}

static void test_uscc(void **state)
{
	(void)state;
	/* Built with the check character of GB 32100-2015. */
	char code[19] = "91140100MA0K000000";
	code[17] = uscc_check_char(code);
	assert_true(uscc_valid(code));
	char div[8];
	uscc_division(code, 2, div);
	assert_string_equal(div, "14");
	uscc_division(code, 6, div);
	assert_string_equal(div, "140100");
	/* Known public example: 91350100M000100Y43 (checksum from the standard). */
	assert_true(uscc_valid("91350100M000100Y43"));
	assert_false(uscc_valid("91350100M000100Y44"));
	char lower[19];
	strcpy(lower, "91350100m000100Y43");
	assert_false(uscc_valid(lower));
	assert_false(uscc_valid("91350100M000100Y4"));
	assert_false(uscc_valid("91350100I000100Y43")); /* I is not in the alphabet */
	assert_false(uscc_valid(""));
}

static void test_person_id(void **state)
{
	(void)state;
	int32_t birth;
	/* GB 11643-1999 worked example. */
	assert_true(person_id_valid("11010519491231002X", &birth));
	assert_int_equal(birth, D(1949, 12, 31));
	assert_false(person_id_valid("11010519491231002x", &birth));
	assert_false(person_id_valid("110105194912310021", &birth));
	char id[19] = "14010519670101123";
	id[17] = person_id_check_char(id);
	id[18] = '\0';
	assert_true(person_id_valid(id, &birth));
	assert_int_equal(birth, D(1967, 1, 1));
	/* Valid checksum but 30 February is no birth date. */
	char bad[19] = "14010519670230123";
	bad[17] = person_id_check_char(bad);
	bad[18] = '\0';
	assert_false(person_id_valid(bad, &birth));
	assert_false(person_id_valid("1401051967010112", &birth));
}

static void test_calendar_2024_national_day(void **state)
{
	(void)state;
	struct calendar cal;
	struct strbuf err = STRBUF_INIT;
	calendar_init(&cal, GRANTDOC_DATADIR "/calendar");
	assert_int_equal(calendar_is_working_day(&cal, D(2024, 10, 1), &err), 0);
	assert_int_equal(calendar_is_working_day(&cal, D(2024, 10, 7), &err), 0);
	assert_int_equal(calendar_is_working_day(&cal, D(2024, 10, 8), &err), 1);
	assert_int_equal(calendar_is_working_day(&cal, D(2024, 10, 12), &err), 1); /* Saturday */
	assert_int_equal(calendar_is_working_day(&cal, D(2024, 10, 13), &err), 0);
	assert_int_equal(calendar_is_working_day(&cal, D(2024, 9, 29), &err), 1); /* Sunday */
	int32_t last;
	/* From Monday 30 September: 30 Sep, 8, 9, 10, 11 October. */
	assert_true(calendar_nth_working_day(&cal, D(2024, 9, 30), 5, &last, &err));
	assert_int_equal(last, D(2024, 10, 11));
	/* Six days reach the adjusted working Saturday 12 October. */
	assert_true(calendar_nth_working_day(&cal, D(2024, 9, 30), 6, &last, &err));
	assert_int_equal(last, D(2024, 10, 12));
	/* A start on a holiday does not count. */
	assert_true(calendar_nth_working_day(&cal, D(2024, 10, 3), 1, &last, &err));
	assert_int_equal(last, D(2024, 10, 8));
	/* The 2024 call: publicity from Friday 20 December, 5 working days. */
	assert_true(calendar_nth_working_day(&cal, D(2024, 12, 20), 5, &last, &err));
	assert_int_equal(last, D(2024, 12, 26));
	/* Across the year end into 2025 (New Year's Day is a holiday). */
	assert_true(calendar_nth_working_day(&cal, D(2024, 12, 30), 3, &last, &err));
	assert_int_equal(last, D(2025, 1, 2));
	/* A year without a calendar is an error. */
	assert_int_equal(calendar_is_working_day(&cal, D(2031, 3, 3), &err), -1);
	assert_non_null(strstr(sb_str(&err), "no working-day calendar for 2031"));
	calendar_free(&cal);
	sb_free(&err);
}

static void test_calendar_parse_errors(void **state)
{
	(void)state;
	struct calendar_year y;
	struct strbuf err = STRBUF_INIT;
	assert_true(calendar_parse_year("# c\nholiday 2024-01-01\n\nworkday 2024-02-04\n", "t", 2024, &y, &err));
	assert_false(calendar_parse_year("holiday 2025-01-01\n", "t", 2024, &y, &err));
	assert_non_null(strstr(sb_str(&err), "t:1:"));
	sb_reset(&err);
	assert_false(calendar_parse_year("\nfeast 2024-01-01\n", "t", 2024, &y, &err));
	assert_non_null(strstr(sb_str(&err), "t:2:"));
	sb_reset(&err);
	assert_false(calendar_parse_year("holiday 2024-02-30\n", "t", 2024, &y, &err));
	assert_false(calendar_parse_year("holiday 2024-03-02 2024-03-01\n", "t", 2024, &y, &err));
	sb_free(&err);
}

static void test_decisions_by_rank(void **state)
{
	(void)state;
	struct decision d[6];
	memset(d, 0, sizeof d);
	int ranks[6] = { 3, RANK_NONE, 1, 2, RANK_NONE, 4 };
	for (int i = 0; i < 6; i++)
		d[i].rank = ranks[i];
	int order[6];
	assert_int_equal(decisions_by_rank(d, 6, order), 4);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 3);
	assert_int_equal(order[2], 0);
	assert_int_equal(order[3], 5);
	assert_int_equal(decisions_by_rank(d, 0, order), 0);
}

/* One copy per distinct value, equal to the value, whatever the source
 * buffer does afterwards; distinct values stay apart. */
static void test_strmap_intern_keeps_one_copy(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strmap pool;
	strmap_init(&pool);
	char cell[32];
	strcpy(cell, "BD2024-01");
	const char *first = strmap_intern(&pool, &a, cell);
	assert_ptr_not_equal(first, cell); /* a copy, not the row's buffer */
	strcpy(cell, "BD2024-02");
	const char *other = strmap_intern(&pool, &a, cell);
	assert_string_equal(first, "BD2024-01");
	assert_string_equal(other, "BD2024-02");
	assert_ptr_not_equal(first, other);
	strcpy(cell, "BD2024-01");
	assert_ptr_equal(strmap_intern(&pool, &a, cell), first);
	assert_ptr_equal(strmap_intern(&pool, &a, ""), strmap_intern(&pool, &a, ""));
	for (int i = 0; i < 1000; i++) { /* through the map's growth */
		char key[16];
		snprintf(key, sizeof key, "K%d", i);
		strmap_intern(&pool, &a, key);
	}
	assert_ptr_equal(strmap_intern(&pool, &a, "BD2024-01"), first);
	assert_int_equal(pool.count, 1003);
	strmap_free(&pool);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap_intern_keeps_one_copy),
		cmocka_unit_test(test_date_roundtrip_and_weekday),
		cmocka_unit_test(test_date_parse_forms),
		cmocka_unit_test(test_invariant_exits_70_naming_the_condition),
		cmocka_unit_test(test_datetime_parse),
		cmocka_unit_test(test_month_and_year_arithmetic),
		cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_money_range_edges),
		cmocka_unit_test(test_money_add_stays_in_range),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_uscc),
		cmocka_unit_test(test_person_id),
		cmocka_unit_test(test_calendar_2024_national_day),
		cmocka_unit_test(test_calendar_parse_errors),
		cmocka_unit_test(test_decisions_by_rank),
	};
	return cmocka_run_group_tests_name("basics", tests, NULL, NULL);
}
