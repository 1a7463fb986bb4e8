/* The cell forms of real exports, through the binders: each accepted form
 * and its nearest refused neighbour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cellform.h"
#include "date.h"
#include "fields.h"
#include "testutil.h"

static const struct csv_column COLS[] = { { "v", "值", true } };
static const struct csv_schema SCHEMA = { COLS, 1 };

enum kind { MONEY, DATE, DATETIME, BOOL };

/* Binds one cell; *failed tells whether the binder refused it. */
static int64_t bind_one(enum kind k, const char *cell, bool *failed)
{
	const char *cells[] = { cell };
	struct csv_row row = { "t.csv", 2, cells, NULL, NULL };
	struct arena a;
	arena_init(&a);
	struct binder b;
	binder_init(&b, &row, &SCHEMA, &a);
	int64_t v = 0;
	switch (k) {
	case MONEY:
		v = bind_money(&b, 0);
		break;
	case DATE:
		v = bind_date(&b, 0);
		break;
	case DATETIME:
		v = bind_datetime(&b, 0);
		break;
	case BOOL:
		v = bind_bool(&b, 0);
		break;
	}
	*failed = b.bad_col >= 0;
	arena_free(&a);
	return v;
}

static void accepts(enum kind k, const char *cell, int64_t want)
{
	bool failed;
	int64_t v = bind_one(k, cell, &failed);
	if (failed)
		fail_msg("'%s' refused", cell);
	assert_int_equal(v, want);
}

static void refuses(enum kind k, const char *cell)
{
	bool failed;
	bind_one(k, cell, &failed);
	if (!failed)
		fail_msg("'%s' accepted", cell);
}

static int64_t DT(int y, int mo, int d, int h, int mi)
{
	return datetime_from(D(y, mo, d), h, mi);
}

static void test_money_with_currency_signs(void **state)
{
	(void)state;
	accepts(MONEY, "¥380,000", 380000);
	accepts(MONEY, "￥380,000.00", 380000);
	accepts(MONEY, "¥ 380000", 380000);
	accepts(MONEY, "380,000.00", 380000);
	accepts(MONEY, "￥38万", 380000);
	refuses(MONEY, "380,000.50"); /* money is whole yuan */
	refuses(MONEY, "¥380,000.50");
	refuses(MONEY, "¥¥380000");
	refuses(MONEY, "$380000");
	refuses(MONEY, "380000¥");
	refuses(MONEY, "¥-400000");
	refuses(MONEY, "¥");
}

static void test_dates_with_dots_eight_digits_and_midnight(void **state)
{
	(void)state;
	accepts(DATE, "2025.1.1", D(2025, 1, 1));
	accepts(DATE, "2025.01.31", D(2025, 1, 31));
	refuses(DATE, "2025.2.30");
	refuses(DATE, "2025.1");
	refuses(DATE, "2025.1.1.");
	refuses(DATE, "25.1.1");
	accepts(DATE, "20250101", D(2025, 1, 1));
	refuses(DATE, "2025011");
	refuses(DATE, "202501011");
	refuses(DATE, "20251301");
	accepts(DATE, "2027-12-27 00:00:00", D(2027, 12, 27));
	accepts(DATE, "2027-12-27 00:00", D(2027, 12, 27));
	accepts(DATE, "2027/12/27 0:00", D(2027, 12, 27));
	accepts(DATE, "2027-12-27T00:00:00", D(2027, 12, 27));
	accepts(DATE, "2024年12月4日 0时0分", D(2024, 12, 4));
	refuses(DATE, "2027-12-27 00:01");
	refuses(DATE, "2027-12-27 00:00:01");
	refuses(DATE, "2027-12-27 junk");
	/* the forms that were read before still are */
	accepts(DATE, "2024-12-04", D(2024, 12, 4));
	accepts(DATE, "2024/12/4", D(2024, 12, 4));
	accepts(DATE, "2024年12月4日", D(2024, 12, 4));
}

static void test_date_times_in_chinese_and_other_forms(void **state)
{
	(void)state;
	accepts(DATETIME, "2024年12月4日 1时43分", DT(2024, 12, 4, 1, 43));
	accepts(DATETIME, "2024年12月4日1时43分", DT(2024, 12, 4, 1, 43));
	accepts(DATETIME, "2024年12月4日 1时5分20秒", DT(2024, 12, 4, 1, 5));
	refuses(DATETIME, "2024年12月4日 24时00分");
	refuses(DATETIME, "2024年12月4日 1时60分");
	refuses(DATETIME, "2024年12月4日 1时");
	refuses(DATETIME, "2024年12月4日 1时43");
	accepts(DATETIME, "2024.12.4 16:30", DT(2024, 12, 4, 16, 30));
	accepts(DATETIME, "20241204 16:30:59", DT(2024, 12, 4, 16, 30));
	accepts(DATETIME, "2024-12-04 00:00:00", DT(2024, 12, 4, 0, 0));
	refuses(DATETIME, "2024-12-04");
	refuses(DATETIME, "20241204");
	accepts(DATETIME, "2024-12-04 18:00", DT(2024, 12, 4, 18, 0));
}

static void test_check_marks(void **state)
{
	(void)state;
	accepts(BOOL, "√", 1);
	accepts(BOOL, "✓", 1);
	accepts(BOOL, "×", 0);
	accepts(BOOL, "✗", 0);
	accepts(BOOL, "是", 1);
	accepts(BOOL, "否", 0);
	accepts(BOOL, "TRUE", 1); /* a workbook's boolean cell */
	refuses(BOOL, "√√");
	refuses(BOOL, "x");
	refuses(BOOL, "对");
}

static void test_long_cells_left_to_the_parser(void **state)
{
	(void)state;
	char buf[CELLFORM_BUF];
	char big[200];
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_ptr_equal(cellform_date(big, buf, sizeof buf), big);
	assert_ptr_equal(cellform_money(big, buf, sizeof buf), big);
	refuses(DATE, big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_with_currency_signs),
		cmocka_unit_test(test_dates_with_dots_eight_digits_and_midnight),
		cmocka_unit_test(test_date_times_in_chinese_and_other_forms),
		cmocka_unit_test(test_check_marks),
		cmocka_unit_test(test_long_cells_left_to_the_parser),
	};
	return cmocka_run_group_tests_name("cellform", tests, NULL, NULL);
}
