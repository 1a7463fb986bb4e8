/* grantdoc merge over shard directories it must not trust: names,
 * links, FIFOs and manifests that lack what merge writes out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcodes.h"
#include "merge.h"
#include "shardfile.h"
#include "testutil.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	scratch_dir(dir, "merge");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

static void test_names_grantdoc_writes(void **state)
{
	(void)state;
	const char *good[] = { "decisions.csv", "notices/SXHZ2024-001.pdf", "notices/id-0123abcd.pdf", "a/b/c/d.pdf" };
	const char *bad[] = { "",     "../x", "notices/../../x", "/etc/passwd",   ".grantdoc.lock", "notices/.hidden",
			      "a//b", "a/",   "a/b/c/d/e.pdf",   "tab\there.pdf", "申报.pdf",       "a\\b.pdf",
			      "." };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!shard_name_ok(good[i]))
			fail_msg("refused %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (shard_name_ok(bad[i]))
			fail_msg("accepted %s", bad[i]);
}

/* Links (to a file or through a directory) and FIFOs are refused, never
 * followed or opened for reading. */
static void test_open_inside_the_shard_only(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path, "%s/notices", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/notices/A.pdf", dir);
	scratch_put(dir, "notices/A.pdf", "a");
	snprintf(path, sizeof path, "%s/notices/L.pdf", dir);
	assert_int_equal(symlink("A.pdf", path), 0);
	snprintf(path, sizeof path, "%s/notices/F.pdf", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(path, sizeof path, "%s/up", dir);
	assert_int_equal(symlink("notices", path), 0);
	const char *why = NULL;
	int fd = shard_open(dir, "notices/A.pdf", &why);
	assert_true(fd >= 0);
	char hex[65];
	assert_true(shard_hash_fd(fd, hex));
	assert_string_equal(hex, "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
	close(fd);
	assert_int_equal(shard_open(dir, "notices/L.pdf", &why), -1);
	assert_string_equal(why, "a symbolic link (merge takes only regular files)");
	assert_int_equal(shard_open(dir, "notices/F.pdf", &why), -1);
	assert_string_equal(why, "not a regular file (a FIFO)");
	assert_int_equal(shard_open(dir, "up/A.pdf", &why), -1);
	assert_string_equal(why, "a symbolic link (merge takes only regular files)");
	assert_int_equal(shard_open(dir, "notices/B.pdf", &why), -1);
	assert_string_equal(why, "not there");
	assert_int_equal(shard_open(dir, "../x", &why), -1);
	assert_string_equal(why, "not a name grantdoc writes (it could leave the shard directory)");
}

/* Found by fuzz_manifest: a manifest without "programme" passed every
 * check and crashed the writing of the merged manifest. */
static void test_fuzz_regression_manifest_without_programme(void **state)
{
	(void)state;
	char shard[128], out[128];
	snprintf(shard, sizeof shard, "%s/s0", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	mkdir(shard, 0700);
	FILE *in = fopen("tests/fuzz/regressions/manifest-no-programme.json", "rb");
	assert_non_null(in);
	char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, in);
	fclose(in);
	buf[n] = '\0';
	scratch_put(dir, "s0/manifest.json", buf);
	scratch_put(dir, "s0/decisions.csv", "x");
	scratch_put(dir, "s0/summary.json", "{ \"rejects_by_file\": {}, \"warnings\": 0 }");
	char notices[160];
	snprintf(notices, sizeof notices, "%s/notices", shard);
	mkdir(notices, 0700);
	scratch_put(dir, "s0/notices/A.pdf", "a");
	const char *dirs[] = { shard };
	struct merge_result res;
	struct strbuf problems = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(merge_shards(out, dirs, 1, &res, &problems, &err), EXIT_DATAERR);
	char want[256];
	snprintf(want, sizeof want, "%s/manifest.json: not a grantdoc manifest (no programme)\n", shard);
	assert_string_equal(sb_str(&problems), want);
	struct stat st;
	assert_int_not_equal(stat(out, &st), 0);
	sb_free(&problems);
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_grantdoc_writes),
		cmocka_unit_test_setup_teardown(test_open_inside_the_shard_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz_regression_manifest_without_programme, setup, teardown),
	};
	return cmocka_run_group_tests_name("merge", tests, NULL, NULL);
}
