/* Chinese capital amounts: every zero pattern, and a round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "capitals.h"

static const struct {
	int64_t fen;
	const char *want;
} CASES[] = {
	{ 0, "零元整" },
	{ 1, "壹分" },
	{ 2, "贰分" },
	{ 5, "伍分" },
	{ 10, "壹角整" },
	{ 15, "壹角伍分" },
	{ 99, "玖角玖分" },
	{ 100, "壹元整" },
	{ 105, "壹元零伍分" },
	{ 110, "壹元壹角整" },
	{ 150, "壹元伍角整" },
	{ 1000, "壹拾元整" }, /* 10 */
	{ 1001, "壹拾元零壹分" },
	{ 1010, "壹拾元零壹角整" },
	{ 1500, "壹拾伍元整" }, /* 15 */
	{ 1580, "壹拾伍元捌角整" },
	{ 10000, "壹佰元整" },
	{ 10100, "壹佰零壹元整" },
	{ 11000, "壹佰壹拾元整" },
	{ 100000, "壹仟元整" },
	{ 100100, "壹仟零壹元整" },
	{ 101000, "壹仟零壹拾元整" },
	{ 105000, "壹仟零伍拾元整" },
	{ 110000, "壹仟壹佰元整" },
	{ 168032, "壹仟陆佰捌拾元零叁角贰分" },
	{ 1000000, "壹万元整" },
	{ 1000050, "壹万元零伍角整" },
	{ 1000100, "壹万零壹元整" },
	{ 1005000, "壹万零伍拾元整" },
	{ 1010000, "壹万零壹佰元整" },
	{ 1500000, "壹万伍仟元整" },
	{ 10000000, "壹拾万元整" }, /* 100,000 */
	{ 10000001, "壹拾万元零壹分" },
	{ 10005000, "壹拾万零伍拾元整" }, /* 100,050 */
	{ 10700000, "壹拾万零柒仟元整" },
	{ 10700053, "壹拾万零柒仟元零伍角叁分" },
	{ 32000000, "叁拾贰万元整" },
	{ 37500000, "叁拾柒万伍仟元整" },
	{ 40000000, "肆拾万元整" },
	{ 100000000, "壹佰万元整" },
	{ 100000001, "壹佰万元零壹分" },
	{ 100000010, "壹佰万元零壹角整" },
	{ 100000100, "壹佰万零壹元整" },
	{ 100005000, "壹佰万零伍拾元整" }, /* 1,000,050 */
	{ 200000000, "贰佰万元整" },
	{ 1000000000, "壹仟万元整" },
	{ 1000500000, "壹仟万零伍仟元整" },
	{ 1001000000, "壹仟零壹万元整" }, /* 10,010,000 */
	{ 1010101000, "壹仟零壹拾万零壹仟零壹拾元整" },
	{ 1234567800, "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元整" },
	{ 6000000000, "陆仟万元整" },
	{ 9000000000, "玖仟万元整" },
	{ 10000000000, "壹亿元整" },
	{ 10000000100, "壹亿零壹元整" },
	{ 10000012300, "壹亿零壹佰贰拾叁元整" },
	{ 10000100000, "壹亿零壹仟元整" },
	{ 10010000000, "壹亿零壹拾万元整" },
	{ 11000000000, "壹亿壹仟万元整" },
	{ 20000050000, "贰亿零伍佰元整" },
	{ 50000000000, "伍亿元整" },
	{ 90000000000, "玖亿元整" },
	{ 100000000000, "壹拾亿元整" }, /* 1,000,000,000 */
	{ 100100000000, "壹拾亿零壹佰万元整" },
	{ 123456789012, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元零壹角贰分" },
	{ 999999999999, "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
	{ 909090909090, "玖拾亿零玖仟零玖拾万零玖仟零玖拾元零玖角整" },
	{ 100000000001, "壹拾亿元零壹分" },
	/* Past 亿 the count goes on in 万 (万亿), up to MONEY_MAX and beyond. */
	{ 100000000000000, "壹万亿元整" }, /* 10^12 yuan */
	{ 100000001000000, "壹万亿零壹万元整" },
	{ 120000000000000, "壹万贰仟亿元整" },
	{ 100000000000100, "壹万亿零壹元整" },
	{ 1234567890123400, "壹拾贰万叁仟肆佰伍拾陆亿柒仟捌佰玖拾万零壹仟贰佰叁拾肆元整" },
	{ 100000000000000000, "壹仟万亿元整" }, /* 10^15 yuan, MONEY_MAX */
	{ 100000500000000000, "壹仟万零伍拾亿元整" },
	{ 999999999999999999, "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
};

static void test_table(void **state)
{
	(void)state;
	assert_true(sizeof CASES / sizeof *CASES >= 60);
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		char buf[256];
		assert_true(capitals_from_fen(CASES[i].fen, buf, sizeof buf));
		if (strcmp(buf, CASES[i].want) != 0)
			fail_msg("%lld fen: got %s, want %s", (long long)CASES[i].fen, buf, CASES[i].want);
		int64_t back = -1;
		assert_true(capitals_parse(buf, &back));
		assert_int_equal(back, CASES[i].fen);
	}
}

static void test_yuan_and_range(void **state)
{
	(void)state;
	char buf[256];
	assert_true(capitals_from_yuan(400000, buf, sizeof buf));
	assert_string_equal(buf, "肆拾万元整");
	assert_true(capitals_from_yuan(1000050, buf, sizeof buf));
	assert_string_equal(buf, "壹佰万零伍拾元整");
	assert_false(capitals_from_fen(-1, buf, sizeof buf));
	assert_false(capitals_from_fen(CAPITALS_MAX_FEN + 1, buf, sizeof buf));
	assert_true(capitals_from_yuan(10000000000, buf, sizeof buf));
	assert_string_equal(buf, "壹佰亿元整");
	assert_true(capitals_from_yuan(1000000000000000, buf, sizeof buf));
	assert_string_equal(buf, "壹仟万亿元整");
	assert_false(capitals_from_yuan(10000000000000000, buf, sizeof buf));
}

static void test_parse_refuses_malformed(void **state)
{
	(void)state;
	int64_t v;
	const char *bad[] = { "",           "整",     "壹",         "壹元",
			      "壹壹元整",   "拾元整", "壹元整整",   "壹元伍角伍分整",
			      "壹元伍分角", "元整",   "壹佰美元整", "壹元整伍角" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (capitals_parse(bad[i], &v))
			fail_msg("parsed malformed '%s' as %lld", bad[i], (long long)v);
}

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Property: for 200,000 amounts spread over every magnitude, the capitals
 * read back to the figure, never hold 零零, never put 零 right before a
 * unit or at the end, and end in 整 or 分. */
static void test_round_trip_property(void **state)
{
	(void)state;
	for (int i = 0; i < 200000; i++) {
		int64_t magnitude = 1;
		for (int k = (int)(next() % 19); k > 0; k--)
			magnitude *= 10;
		int64_t fen = (int64_t)(next() % (uint64_t)magnitude);
		if (next() % 4 == 0)
			fen = fen / 100 * 100; /* whole yuan as often as grants are */
		if (fen > CAPITALS_MAX_FEN)
			fen = CAPITALS_MAX_FEN;
		char buf[256];
		assert_true(capitals_from_fen(fen, buf, sizeof buf));
		int64_t back = -1;
		if (!capitals_parse(buf, &back) || back != fen)
			fail_msg("%lld -> %s -> %lld", (long long)fen, buf, (long long)back);
		if (strstr(buf, "零零") || strstr(buf, "零万") || strstr(buf, "零亿") ||
		    (strstr(buf, "零元") && fen != 0))
			fail_msg("%lld -> %s: misplaced 零", (long long)fen, buf);
		size_t n = strlen(buf);
		assert_true(n >= 3 && (strcmp(buf + n - 3, "整") == 0 || strcmp(buf + n - 3, "分") == 0));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_yuan_and_range),
		cmocka_unit_test(test_parse_refuses_malformed),
		cmocka_unit_test(test_round_trip_property),
	};
	return cmocka_run_group_tests_name("capitals", tests, NULL, NULL);
}
