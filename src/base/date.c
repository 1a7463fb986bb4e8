#include "date.h"

#include <stdio.h>
#include <string.h>

#include "invariant.h"

bool date_is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && date_is_leap_year(y))
		return 29;
	return days[m - 1];
}

/* Days from 1970-01-01 to y-m-d, by counting in 400-year eras that start
 * on 1 March so the leap day is the last day of an era-year. */
static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const int yoe = y - era * 400;
	const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	const int32_t z = day + 719468;
	const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	const int32_t doe = z - era * 146097;
	const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int32_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

bool date_from_ymd(int y, int m, int d, int32_t *day)
{
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
		return false;
	*day = days_from_civil(y, m, d);
	return true;
}

int date_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)((day % 7 + 7 + 3) % 7);
	return w;
}

int32_t date_add_months(int32_t day, int months)
{
	INVARIANT(day != DATE_NONE);
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	int index = y * 12 + (m - 1) + months;
	y = index / 12;
	m = index % 12 + 1;
	int last = date_days_in_month(y, m);
	if (d > last)
		d = last;
	return days_from_civil(y, m, d);
}

int32_t date_period_end(int32_t from, int years)
{
	return date_add_months(from, years * 12);
}

/* Reads 1..maxdigits ASCII digits; advances *p. */
static bool read_number(const char **p, int mindigits, int maxdigits, int *out)
{
	int n = 0, v = 0;
	while (**p >= '0' && **p <= '9' && n < maxdigits) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < mindigits || (**p >= '0' && **p <= '9'))
		return false;
	*out = v;
	return true;
}

static bool expect(const char **p, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

/* Parses a date at *p and leaves *p after it. */
static bool parse_date_prefix(const char **p, int32_t *day)
{
	int y, m, d;
	if (!read_number(p, 4, 4, &y))
		return false;
	if (expect(p, "年")) {
		if (!read_number(p, 1, 2, &m) || !expect(p, "月") || !read_number(p, 1, 2, &d) || !expect(p, "日"))
			return false;
	} else {
		char sep = **p;
		if (sep != '-' && sep != '/')
			return false;
		(*p)++;
		if (!read_number(p, 1, 2, &m) || **p != sep)
			return false;
		(*p)++;
		if (!read_number(p, 1, 2, &d))
			return false;
	}
	return date_from_ymd(y, m, d, day);
}

bool date_parse(const char *s, int32_t *day)
{
	const char *p = s;
	return parse_date_prefix(&p, day) && *p == '\0';
}

int64_t datetime_from(int32_t day, int hour, int minute)
{
	return (int64_t)day * 1440 + hour * 60 + minute;
}

int32_t datetime_day(int64_t minutes)
{
	int64_t d = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
	return (int32_t)d;
}

bool datetime_parse(const char *s, int64_t *minutes)
{
	const char *p = s;
	int32_t day;
	int hh, mm, ss;
	if (!parse_date_prefix(&p, &day))
		return false;
	if (*p != ' ' && *p != 'T')
		return false;
	p++;
	if (!read_number(&p, 1, 2, &hh) || *p != ':')
		return false;
	p++;
	if (!read_number(&p, 2, 2, &mm))
		return false;
	if (*p == ':') {
		p++;
		if (!read_number(&p, 2, 2, &ss) || ss > 59)
			return false;
	}
	if (*p != '\0' || hh > 23 || mm > 59)
		return false;
	*minutes = datetime_from(day, hh, mm);
	return true;
}

void date_format_iso(int32_t day, char *buf)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, 32, "%04d-%02d-%02d", y, m, d);
}

void date_format_cn(int32_t day, char *buf)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, 32, "%d年%d月%d日", y, m, d);
}

void datetime_format_iso(int64_t minutes, char *buf)
{
	int32_t day = datetime_day(minutes);
	int rest = (int)(minutes - (int64_t)day * 1440);
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, 32, "%04d-%02d-%02d %02d:%02d", y, m, d, rest / 60, rest % 60);
}
