/* The manifest JSON reader and the shard arithmetic behind grantdoc merge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "shard.h"

static const struct json *parse(struct arena *a, const char *text, struct strbuf *err)
{
	sb_reset(err);
	return json_parse(text, strlen(text), a, err);
}

static void test_json_values(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	const struct json *v = parse(&a, " {\"a\": [1, -0, 2.5e3, true, false, null], \"b\": {}, \"c\": \"x\"} ", &err);
	assert_non_null(v);
	assert_int_equal(v->type, JSON_OBJECT);
	assert_int_equal(v->count, 3);
	const struct json *arr = json_get(v, "a");
	assert_int_equal(arr->count, 6);
	int64_t n;
	assert_true(json_int64(arr->items[0], &n));
	assert_int_equal(n, 1);
	assert_false(json_int64(arr->items[2], &n)); /* not an integer */
	assert_int_equal(arr->items[3]->type, JSON_TRUE);
	assert_int_equal(arr->items[5]->type, JSON_NULL);
	assert_int_equal(json_get(v, "b")->count, 0);
	assert_string_equal(json_get_string(v, "c"), "x");
	assert_null(json_get_string(v, "a"));
	assert_null(json_get(v, "missing"));
	assert_true(parse(&a, "[]", &err) != NULL);
	assert_true(parse(&a, "9223372036854775807", &err) != NULL);
	assert_true(json_int64(parse(&a, "9223372036854775807", &err), &n));
	assert_false(json_int64(parse(&a, "9223372036854775808", &err), &n)); /* out of range */
	sb_free(&err);
	arena_free(&a);
}

static void test_json_strings(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	const struct json *v = parse(&a, "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u4e2d\\ud842\\udfb7文\"", &err);
	assert_non_null(v);
	assert_string_equal(v->text, "\"\\/\b\f\n\r\té中\xF0\xA0\xAE\xB7文");
	sb_free(&err);
	arena_free(&a);
}

/* Every refusal names where: line and column. */
static void test_json_refusals(void **state)
{
	(void)state;
	static const struct {
		const char *text, *error;
	} cases[] = {
		{ "", "line 1, column 1: expected a value" },
		{ "{\"a\": 1,}", "line 1, column 9: expected a member name" },
		{ "[1 2]", "line 1, column 4: expected ',' or ']'" },
		{ "{\"a\" 1}", "line 1, column 6: expected ':'" },
		{ "\"abc", "line 1, column 5: unterminated string" },
		{ "\"a\nb\"", "line 1, column 3: control character in a string" },
		{ "\"\\x\"", "line 1, column 3: unknown escape" },
		{ "\"\\u12\"", "line 1, column 3: \\u needs four hex digits" },
		{ "\"\\udc00\"", "line 1, column 8: lone low surrogate" },
		{ "\"\\ud800x\"", "line 1, column 8: high surrogate without its low half" },
		{ "\"\\u0000\"", "line 1, column 8: \\u0000 is not accepted" },
		{ "\"\xff\"", "line 1, column 2: invalid UTF-8 in a string" },
		{ "01", "line 1, column 2: text after the value" },
		{ "-", "line 1, column 2: invalid number" },
		{ "1.", "line 1, column 3: invalid number" },
		{ "1e+", "line 1, column 4: invalid number" },
		{ "tru", "line 1, column 1: expected a value" },
		{ "[1]\n\n  x", "line 3, column 3: text after the value" },
	};
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_null(parse(&a, cases[i].text, &err));
		assert_string_equal(sb_str(&err), cases[i].error);
	}
	sb_free(&err);
	arena_free(&a);
}

static void test_json_depth_limit(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	char deep[2 * (JSON_MAX_DEPTH + 2) + 1];
	for (int depth = JSON_MAX_DEPTH; depth <= JSON_MAX_DEPTH + 1; depth++) {
		int n = depth + 1;
		memset(deep, '[', (size_t)n);
		memset(deep + n, ']', (size_t)n);
		deep[2 * n] = '\0';
		if (depth == JSON_MAX_DEPTH)
			assert_non_null(parse(&a, deep, &err));
		else
			assert_null(parse(&a, deep, &err));
	}
	assert_non_null(strstr(sb_str(&err), "nested too deeply"));
	sb_free(&err);
	arena_free(&a);
}

static void test_shard_parse(void **state)
{
	(void)state;
	struct shard s = { 0, 0 };
	assert_true(shard_parse("0/1", &s));
	assert_true(shard_parse("2/3", &s));
	assert_int_equal(s.index, 2);
	assert_int_equal(s.count, 3);
	assert_true(shard_parse("4095/4096", &s));
	static const char *const refused[] = { "3/3",  "1/0",    "-1/3",  "1",    "/3",   "1/",  "a/b",
					       "01/3", "1/4097", "1/3/4", " 1/3", "1/3 ", "+1/3" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		assert_false(shard_parse(refused[i], &s));
}

/* The values sha256sum gives: int(sha256(id)[:8], big-endian) mod N. */
static void test_shard_of_is_sha256(void **state)
{
	(void)state;
	/* sha256("abc") = ba7816bf8f01cfea... */
	assert_int_equal(shard_of("abc", 1), 0);
	assert_int_equal(shard_of("abc", 16), 0xa); /* ...cfea: last hex digit of 8 bytes */
	assert_int_equal(shard_of("abc", 256), 0xea);
	assert_int_equal(shard_of("abc", 1000), (int)(0xba7816bf8f01cfeaULL % 1000));
	struct shard s = { 1, 3 };
	assert_true(shard_owns(&s, "abc") == (shard_of("abc", 3) == 1));
	struct shard all = { 0, 0 };
	assert_true(shard_owns(&all, "anything"));
	/* Every id lands in exactly one of N shards, and they spread. */
	int hits[4] = { 0 };
	char id[32];
	for (int i = 0; i < 4000; i++) {
		snprintf(id, sizeof id, "SXHZ2024-%04d", i);
		hits[shard_of(id, 4)]++;
	}
	for (int k = 0; k < 4; k++)
		assert_in_range(hits[k], 900, 1100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_values),   cmocka_unit_test(test_json_strings),
		cmocka_unit_test(test_json_refusals), cmocka_unit_test(test_json_depth_limit),
		cmocka_unit_test(test_shard_parse),   cmocka_unit_test(test_shard_of_is_sha256),
	};
	return cmocka_run_group_tests_name("json and shards", tests, NULL, NULL);
}
