/* Document file names from record ids: never one file for two ids, also
 * where case does not count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "docrun.h"
#include "exitcodes.h"
#include "strmap.h"

static const char *name_of(const char *id)
{
	static char buf[4][80];
	static int k;
	k = (k + 1) % 4;
	doc_file_name(id, buf[k]);
	return buf[k];
}

static bool hashed(const char *name)
{
	if (strncmp(name, "id-", 3) != 0 || strlen(name) != 3 + 32)
		return false;
	for (const char *p = name + 3; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

static void test_plain_ids_kept(void **state)
{
	(void)state;
	const char *plain[] = {
		"SXHZ2024-001", "JB2024-001", "A",    "X_1.2-3",
		"COM10",        "CONSOLE",    "NULL", "1234567890123456789012345678901234567890123456789012345678901234"
	};
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		assert_string_equal(name_of(plain[i]), plain[i]);
}

static void test_other_ids_hashed(void **state)
{
	(void)state;
	const char *other[] = { "sxhz2024-001",
				"Sxhz2024-001",
				"../x",
				"a/b",
				"tab\there",
				"申报-1",
				"",
				".hidden",
				"ID-0123456789ABCDEF0123456789ABCDEF",
				"id-x",
				"CON",
				"con",
				"NUL.PDF",
				"aux.txt",
				"COM1",
				"lpt9",
				"12345678901234567890123456789012345678901234567890123456789012345" };
	for (size_t i = 0; i < sizeof other / sizeof *other; i++)
		if (!hashed(name_of(other[i])))
			fail_msg("%s -> %s", other[i], name_of(other[i]));
}

/* An id written as another id's hashed name gets a name of its own. */
static void test_hashed_name_as_an_id(void **state)
{
	(void)state;
	char taken[80];
	doc_file_name("../evil", taken);
	assert_true(hashed(taken));
	assert_string_not_equal(name_of(taken), taken);
	char upper[80];
	snprintf(upper, sizeof upper, "%s", taken);
	for (char *p = upper; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	assert_int_not_equal(strcasecmp(name_of(upper), taken), 0);
}

/* 20,000 ids in every case variant: all names distinct, case folded. */
static void test_distinct_case_folded(void **state)
{
	(void)state;
	struct strmap seen;
	strmap_init(&seen);
	static char names[20000][80];
	int n = 0;
	for (int i = 0; i < 5000; i++) {
		char ids[4][32];
		snprintf(ids[0], 32, "SXHZ2024-%04d", i);
		snprintf(ids[1], 32, "sxhz2024-%04d", i);
		snprintf(ids[2], 32, "Sxhz2024-%04d", i);
		snprintf(ids[3], 32, "ID-%04d", i);
		for (int k = 0; k < 4; k++) {
			doc_file_name(ids[k], names[n]);
			for (char *p = names[n]; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			if (strmap_get(&seen, names[n]))
				fail_msg("%s collides", ids[k]);
			strmap_put(&seen, names[n], 1);
			n++;
		}
	}
	strmap_free(&seen);
}

/* The plan is checked: two jobs on one file (case folded) stop the run. */
static void test_plan_refuses_one_file_twice(void **state)
{
	(void)state;
	struct doc_job jobs[] = {
		{ .template = 0, .kind = 0, .item = 0, .record = "AB", .rel = "notices/AB.pdf" },
		{ .template = 0, .kind = 0, .item = 1, .record = "ab", .rel = "notices/ab.pdf" },
	};
	struct strbuf err = STRBUF_INIT;
	struct doc_timing t;
	struct arena a;
	arena_init(&a);
	struct written w;
	written_init(&w, &a);
	struct doc_errors errs = { 0 };
	struct shard_plan sp;
	struct shard whole;
	memset(&whole, 0, sizeof whole);
	shard_plan_init(&sp, &whole);
	struct doc_resources r;
	memset(&r, 0, sizeof r);
	struct doc_source src;
	memset(&src, 0, sizeof src);
	assert_int_equal(docrun_write(&r, &src, jobs, 2, "/nonexistent", 1, NULL, &sp, &w, &errs, &t, &a, &err),
			 EXIT_SOFTWARE);
	shard_plan_free(&sp);
	written_free(&w);
	doc_errors_free(&errs);
	arena_free(&a);
	assert_string_equal(sb_str(&err), "documents: notices/AB.pdf (AB) and notices/ab.pdf (ab) would be one file");
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_ids_kept),
		cmocka_unit_test(test_other_ids_hashed),
		cmocka_unit_test(test_hashed_name_as_an_id),
		cmocka_unit_test(test_distinct_case_folded),
		cmocka_unit_test(test_plan_refuses_one_file_twice),
	};
	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
