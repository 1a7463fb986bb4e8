#include "capitals.h"

#include <stdio.h>
#include <string.h>

static const char *const DIGIT[10] = { "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖" };
static const char *const SMALL[4] = { "", "拾", "佰", "仟" };
static const char *const BIG[3] = { "", "万", "亿" };

static void put(char *buf, int size, int *len, const char *s)
{
	int n = (int)strlen(s);
	if (*len + n < size) {
		memcpy(buf + *len, s, (size_t)n);
		*len += n;
		buf[*len] = '\0';
	}
}

/* The integer part: digit by digit from the top, a unit after each
 * non-zero digit, 万/亿 after each non-empty group, one 零 for each run of
 * zeros that has a non-zero digit on both sides. */
static void integer_part(int64_t yuan, char *buf, int size, int *len)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)yuan);
	bool pending_zero = false, written = false;
	for (int i = 0; i < n; i++) {
		int d = digits[i] - '0', pos = n - 1 - i;
		if (d == 0) {
			pending_zero = written;
		} else {
			if (pending_zero)
				put(buf, size, len, DIGIT[0]);
			pending_zero = false;
			put(buf, size, len, DIGIT[d]);
			put(buf, size, len, SMALL[pos % 4]);
			written = true;
		}
		if (pos % 4 == 0 && pos > 0) {
			/* 万 closes its own four digits (the second 万 of 万亿 too);
			 * 亿 closes everything above it, so 1,0000,0000,0000 is
			 * 壹万亿, not 壹万. */
			int from = pos == 8 ? 0 : i - 3;
			bool group = false;
			for (int k = i; k >= 0 && k >= from; k--)
				group = group || digits[k] != '0';
			if (group)
				put(buf, size, len, BIG[pos == 8 ? 2 : 1]);
		}
	}
}

bool capitals_from_fen(int64_t fen, char *buf, int bufsize)
{
	buf[0] = '\0';
	if (fen < 0 || fen > CAPITALS_MAX_FEN)
		return false;
	int64_t yuan = fen / 100;
	int jiao = (int)(fen / 10 % 10), f = (int)(fen % 10);
	int len = 0;
	if (yuan == 0 && fen != 0) {
		/* below one yuan: no 元 */
	} else {
		if (yuan == 0)
			put(buf, bufsize, &len, DIGIT[0]);
		else
			integer_part(yuan, buf, bufsize, &len);
		put(buf, bufsize, &len, "元");
	}
	if (jiao == 0 && f == 0) {
		put(buf, bufsize, &len, "整");
		return true;
	}
	if (jiao != 0) {
		if (yuan != 0 && yuan % 10 == 0)
			put(buf, bufsize, &len, DIGIT[0]);
		put(buf, bufsize, &len, DIGIT[jiao]);
		put(buf, bufsize, &len, "角");
	} else if (yuan != 0) {
		put(buf, bufsize, &len, DIGIT[0]);
	}
	if (f != 0) {
		put(buf, bufsize, &len, DIGIT[f]);
		put(buf, bufsize, &len, "分");
	} else {
		put(buf, bufsize, &len, "整");
	}
	return true;
}

bool capitals_from_yuan(int64_t yuan, char *buf, int bufsize)
{
	if (yuan < 0 || yuan > CAPITALS_MAX_FEN / 100) {
		buf[0] = '\0';
		return false;
	}
	return capitals_from_fen(yuan * 100, buf, bufsize);
}

static int index_of(const char *s, const char *const *table, int n)
{
	for (int i = 0; i < n; i++)
		if (table[i][0] && strncmp(s, table[i], strlen(table[i])) == 0)
			return i;
	return -1;
}

bool capitals_parse(const char *s, int64_t *fen)
{
	int64_t yi = 0, wan = 0, section = 0, jiao = 0, f = 0, yuan = 0;
	int num = -1;
	bool seen_yuan = false, done = false, any = false;
	while (*s) {
		int d = index_of(s, DIGIT, 10);
		if (done)
			return false;
		if (d >= 0) {
			if (num >= 0 && d != 0)
				return false; /* two digits in a row */
			num = d == 0 ? -1 : d;
			any = true;
			s += 3;
			continue;
		}
		int u = index_of(s, SMALL, 4), b = index_of(s, BIG, 3);
		if (u > 0) {
			if (num < 0)
				return false;
			section += num * (u == 1 ? 10 : u == 2 ? 100 : 1000);
			num = -1;
		} else if (b == 1) {
			wan = section + (num > 0 ? num : 0);
			section = 0, num = -1;
		} else if (b == 2) {
			/* 亿 takes the 万 before it: 壹万贰仟亿 is 12,000 亿. */
			yi = wan * 10000 + section + (num > 0 ? num : 0);
			wan = section = 0, num = -1;
		} else if (strncmp(s, "元", 3) == 0) {
			if (seen_yuan)
				return false;
			yuan = yi * 100000000 + wan * 10000 + section + (num > 0 ? num : 0);
			seen_yuan = true, num = -1;
		} else if (strncmp(s, "角", 3) == 0) {
			if (num < 0)
				return false;
			jiao = num, num = -1;
		} else if (strncmp(s, "分", 3) == 0) {
			if (num < 0)
				return false;
			f = num, num = -1, done = true;
		} else if (strncmp(s, "整", 3) == 0) {
			if (num >= 0)
				return false;
			done = true;
		} else {
			return false;
		}
		s += 3;
	}
	if (!any || num >= 0 || !done)
		return false;
	*fen = yuan * 100 + jiao * 10 + f;
	return true;
}

const char *cn_numeral(int n, char buf[16])
{
	static const char *const digit[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	if (n < 1 || n > 99)
		snprintf(buf, 16, "%d", n);
	else if (n < 10)
		snprintf(buf, 16, "%s", digit[n]);
	else
		snprintf(buf, 16, "%s十%s", n >= 20 ? digit[n / 10] : "", digit[n % 10]);
	return buf;
}
