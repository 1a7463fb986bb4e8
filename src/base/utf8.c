#include "utf8.h"

#include <string.h>

int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return 0;
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return -1;
	*cp = v;
	return len;
}

size_t utf8_sanitize(const unsigned char *in, size_t n, bool final, struct strbuf *out, size_t *invalid)
{
	size_t i = 0, run = 0;
	while (i < n) {
		uint32_t cp;
		int len = utf8_decode(in + i, n - i, &cp);
		if (len > 0) {
			i += (size_t)len;
			continue;
		}
		if (len == 0 && !final)
			break;
		sb_append(out, (const char *)in + run, i - run);
		sb_puts(out, UTF8_REPLACEMENT);
		(*invalid)++;
		i++;
		run = i;
	}
	sb_append(out, (const char *)in + run, i - run);
	return i;
}

size_t utf8_length(const char *s)
{
	size_t count = 0, n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	while (n) {
		uint32_t cp;
		int len = utf8_decode(p, n, &cp);
		size_t step = len > 0 ? (size_t)len : 1;
		p += step;
		n -= step;
		count++;
	}
	return count;
}

static size_t leading_space(const char *s)
{
	size_t i = 0;
	for (;;) {
		if (s[i] == ' ' || s[i] == '\t')
			i++;
		else if (strncmp(s + i, "\xE3\x80\x80", 3) == 0)
			i += 3;
		else
			return i;
	}
}

size_t utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t k = max;
	/* Back over continuation bytes to the start of the character that the
	 * cut would split, unless that character ends exactly at the cut. */
	size_t start = k;
	while (start > 0 && k - start < 3 && ((unsigned char)s[start] & 0xC0) == 0x80)
		start--;
	uint32_t cp;
	int len = utf8_decode((const unsigned char *)s + start, n - start, &cp);
	if (start < k && len > 0 && start + (size_t)len > k)
		return start;
	return k;
}

bool utf8_blank(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t')
			i++;
		else if (n - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0)
			i += 3;
		else
			return false;
	}
	return true;
}

char *utf8_trim(char *s)
{
	size_t lead = leading_space(s);
	size_t n = strlen(s + lead);
	memmove(s, s + lead, n + 1);
	for (;;) {
		if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n >= 3 && strncmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
		s[n] = '\0';
	}
	return s;
}

size_t utf8_encode(uint32_t cp, char buf[4])
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}
