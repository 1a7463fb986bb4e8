/* testutil.h: small helpers the unit tests share — dates, valid identity
 * numbers, and a scratch directory of CSV files. Include after cmocka.h. */
#ifndef GRANTDOC_TESTUTIL_H
#define GRANTDOC_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ids.h"

static inline int32_t D(int y, int m, int d)
{
	int32_t day;
	assert_true(date_from_ymd(y, m, d, &day));
	return day;
}

/* A valid credit code (out: 19 bytes) from its first 17 characters. */
static inline void make_uscc(char *out, const char *first17)
{
	memcpy(out, first17, 17);
	out[17] = uscc_check_char(first17);
	out[18] = '\0';
}

/* A valid ID number (out: 19 bytes) from its first 17 digits. */
static inline void make_person_id(char *out, const char *first17)
{
	memcpy(out, first17, 17);
	out[17] = person_id_check_char(first17);
	out[18] = '\0';
}

/* dir (64 bytes) becomes a fresh directory under /tmp. */
static inline void scratch_dir(char *dir, const char *name)
{
	snprintf(dir, 64, "/tmp/grantdoc-%s.XXXXXX", name);
	assert_non_null(mkdtemp(dir));
}

static inline void scratch_put(const char *dir, const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static inline int scratch_remove(const char *dir)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

#endif
