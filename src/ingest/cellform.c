#include "cellform.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t digits(const char *s)
{
	size_t k = 0;
	while (is_digit(s[k]))
		k++;
	return k;
}

const char *cellform_money(const char *s, char *buf, size_t n)
{
	size_t skip = 0;
	if (strncmp(s, "\xC2\xA5", 2) == 0) /* ¥ U+00A5 */
		skip = 2;
	else if (strncmp(s, "\xEF\xBF\xA5", 3) == 0) /* ￥ U+FFE5 */
		skip = 3;
	if (!skip)
		return s;
	while (s[skip] == ' ')
		skip++;
	/* A sign alone is no amount: left for the parser to refuse. */
	if (!s[skip] || strlen(s + skip) + 1 > n)
		return s;
	strcpy(buf, s + skip);
	return buf;
}

/* The date at s[0..len) rewritten into out (a form date_parse reads);
 * false when it is not one of the forms rewritten here (it is then copied
 * as it is). */
static void date_part(const char *s, size_t len, char *out, size_t n)
{
	if (len == 8 && digits(s) == 8) {
		snprintf(out, n, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
		return;
	}
	/* Y.M.D: four digits, a dot, one or two, a dot, one or two. */
	size_t y = digits(s);
	if (y == 4 && len > 5 && s[4] == '.') {
		size_t m = digits(s + 5);
		if (m >= 1 && m <= 2 && s[5 + m] == '.') {
			size_t d = digits(s + 6 + m);
			if (d >= 1 && d <= 2 && 6 + m + d == len) {
				snprintf(out, n, "%.4s-%.*s-%.*s", s, (int)m, s + 5, (int)d, s + 6 + m);
				return;
			}
		}
	}
	snprintf(out, n, "%.*s", (int)len, s);
}

/* "1时43分" / "1时43分20秒" -> "1:43" / "1:43:20"; "16:30" as it is. */
static bool time_part(const char *s, char *out, size_t n, bool *midnight)
{
	size_t h = digits(s);
	if (h < 1 || h > 2)
		return false;
	int hh = 0, mm = 0, ss = 0;
	sscanf(s, "%d", &hh);
	const char *p = s + h;
	if (strncmp(p, "时", 3) == 0) {
		p += 3;
		size_t m = digits(p);
		if (m < 1 || m > 2 || strncmp(p + m, "分", 3) != 0)
			return false;
		sscanf(p, "%d", &mm);
		p += m + 3;
		size_t sec = digits(p);
		if (sec) {
			if (sec > 2 || strncmp(p + sec, "秒", 3) != 0)
				return false;
			sscanf(p, "%d", &ss);
			p += sec + 3;
		}
		if (*p)
			return false;
		if (sec)
			snprintf(out, n, "%d:%02d:%02d", hh, mm, ss);
		else
			snprintf(out, n, "%d:%02d", hh, mm);
	} else {
		/* H:MM or H:MM:SS; the parser checks the ranges */
		snprintf(out, n, "%s", s);
		if (*p != ':' || digits(p + 1) != 2)
			return false;
		mm = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (*p == ':') {
			if (digits(p + 1) != 2 || p[3])
				return false;
			ss = (p[1] - '0') * 10 + (p[2] - '0');
		} else if (*p) {
			return false;
		}
	}
	*midnight = hh == 0 && mm == 0 && ss == 0;
	return true;
}

/* Splits s into a date and a time: at a space or a T, or right after 日. */
static size_t date_length(const char *s, const char **time)
{
	const char *ri = strstr(s, "日");
	size_t len = strcspn(s, " T");
	if (ri && (size_t)(ri - s) + 3 < len)
		len = (size_t)(ri - s) + 3;
	const char *t = s + len;
	while (*t == ' ')
		t++;
	if (*t == 'T' && t == s + len)
		t++;
	*time = t;
	return len;
}

static const char *rewrite(const char *s, char *buf, size_t n, bool want_time)
{
	if (strlen(s) + 8 > n)
		return s;
	const char *time;
	size_t len = date_length(s, &time);
	char date[CELLFORM_BUF], clock[CELLFORM_BUF];
	date_part(s, len, date, sizeof date);
	if (!*time) {
		if (strcmp(date, s) == 0)
			return s;
		snprintf(buf, n, "%s", date);
		return buf;
	}
	bool midnight = false;
	if (!time_part(time, clock, sizeof clock, &midnight))
		return s;
	if (want_time)
		snprintf(buf, n, "%s %s", date, clock);
	else if (midnight)
		snprintf(buf, n, "%s", date);
	else
		return s;
	return buf;
}

const char *cellform_date(const char *s, char *buf, size_t n)
{
	return rewrite(s, buf, n, false);
}

const char *cellform_datetime(const char *s, char *buf, size_t n)
{
	return rewrite(s, buf, n, true);
}

const char *cellform_bool(const char *s)
{
	static const char *const yes[] = { "√", "✓", "✔" };
	static const char *const no[] = { "×", "✗", "✘" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (strcmp(s, yes[i]) == 0)
			return "是";
		if (strcmp(s, no[i]) == 0)
			return "否";
	}
	return s;
}
