/* calendar.h: working days from the State Council's yearly arrangements.
 *
 * One file per year (data/calendar/YYYY.txt) lists statutory holidays and
 * the adjusted working weekend days (调休上班). A day in a year that has no
 * file is an error: the arrangements are published each November and
 * guessing them would put wrong dates into official notices. */
#ifndef GRANTDOC_CALENDAR_H
#define GRANTDOC_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "strbuf.h"

#define CALENDAR_MAX_YEARS 16

struct calendar_year {
	int year;
	unsigned char kind[366]; /* by day of year: 0 usual, 1 holiday, 2 workday */
};

struct calendar {
	char *dir;
	int nyears;
	struct calendar_year years[CALENDAR_MAX_YEARS];
};

void calendar_init(struct calendar *cal, const char *dir);
void calendar_free(struct calendar *cal);

/* Parses one year's file text (exposed for tests). Errors name the line. */
bool calendar_parse_year(const char *text, const char *name, int year, struct calendar_year *out, struct strbuf *err);

/* 1 working day, 0 not, -1 error (no calendar for that year; *err says). */
int calendar_is_working_day(struct calendar *cal, int32_t day, struct strbuf *err);

/* The n-th working day counting from start (start itself is the first when
 * it is a working day). n >= 1. False with *err when a year is missing. */
bool calendar_nth_working_day(struct calendar *cal, int32_t start, int n, int32_t *last, struct strbuf *err);

#endif
