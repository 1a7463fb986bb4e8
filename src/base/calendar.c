#include "calendar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "date.h"

void calendar_init(struct calendar *cal, const char *dir)
{
	memset(cal, 0, sizeof *cal);
	cal->dir = strcpy(xmalloc(strlen(dir) + 1), dir);
}

void calendar_free(struct calendar *cal)
{
	free(cal->dir);
	cal->dir = NULL;
}

static int day_of_year(int32_t day, int year)
{
	int32_t jan1;
	date_from_ymd(year, 1, 1, &jan1);
	return (int)(day - jan1);
}

/* One line: "holiday DATE [DATE]" or "workday DATE"; '#' starts a comment. */
static bool parse_line(char *line, const char *name, int lineno, int year, struct calendar_year *out,
		       struct strbuf *err)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *word = strtok(line, " \t\r");
	if (!word)
		return true;
	int kind = strcmp(word, "holiday") == 0 ? 1 : strcmp(word, "workday") == 0 ? 2 : 0;
	char *a = strtok(NULL, " \t\r"), *b = strtok(NULL, " \t\r");
	int32_t from, to;
	if (!kind || !a || strtok(NULL, " \t\r") || !date_parse(a, &from) || (b && !date_parse(b, &to))) {
		sb_printf(err, "%s:%d: expected 'holiday DATE [DATE]' or 'workday DATE'", name, lineno);
		return false;
	}
	if (!b)
		to = from;
	int fy, ty, m, d;
	date_to_ymd(from, &fy, &m, &d);
	date_to_ymd(to, &ty, &m, &d);
	if (fy != year || ty != year || to < from) {
		sb_printf(err, "%s:%d: dates must lie in %d, in order", name, lineno, year);
		return false;
	}
	for (int32_t x = from; x <= to; x++)
		out->kind[day_of_year(x, year)] = (unsigned char)kind;
	return true;
}

bool calendar_parse_year(const char *text, const char *name, int year, struct calendar_year *out, struct strbuf *err)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	struct strbuf line = STRBUF_INIT;
	int lineno = 0;
	bool ok = true;
	for (const char *p = text; ok && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		sb_reset(&line);
		sb_append(&line, p, n);
		ok = parse_line(line.data, name, ++lineno, year, out, err);
		p += n + (nl ? 1 : 0);
	}
	sb_free(&line);
	return ok;
}

static struct calendar_year *find_year(struct calendar *cal, int year, struct strbuf *err)
{
	for (int i = 0; i < cal->nyears; i++)
		if (cal->years[i].year == year)
			return &cal->years[i];
	char path[4096];
	snprintf(path, sizeof path, "%s/%d.txt", cal->dir, year);
	if (cal->nyears == CALENDAR_MAX_YEARS) {
		sb_printf(err, "too many calendar years in one run (at %d)", year);
		return NULL;
	}
	struct strbuf text = STRBUF_INIT;
	const char *why;
	if (!sb_read_file(&text, path, 1 << 20, &why)) {
		sb_printf(err, "no working-day calendar for %d (%s: %s)", year, path, why);
		sb_free(&text);
		return NULL;
	}
	struct calendar_year *y = &cal->years[cal->nyears];
	bool ok = calendar_parse_year(sb_str(&text), path, year, y, err);
	sb_free(&text);
	if (!ok)
		return NULL;
	cal->nyears++;
	return y;
}

int calendar_is_working_day(struct calendar *cal, int32_t day, struct strbuf *err)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	struct calendar_year *cy = find_year(cal, y, err);
	if (!cy)
		return -1;
	int kind = cy->kind[day_of_year(day, y)];
	if (kind == 1)
		return 0;
	if (kind == 2)
		return 1;
	return date_weekday(day) < 5;
}

bool calendar_nth_working_day(struct calendar *cal, int32_t start, int n, int32_t *last, struct strbuf *err)
{
	int counted = 0;
	for (int32_t day = start;; day++) {
		int w = calendar_is_working_day(cal, day, err);
		if (w < 0)
			return false;
		if (w && ++counted == n) {
			*last = day;
			return true;
		}
	}
}
