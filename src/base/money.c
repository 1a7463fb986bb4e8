#include "money.h"

#include <stdio.h>
#include <string.h>

#include "invariant.h"

static bool strip_suffix(char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	if (n < k || strcmp(s + n - k, suffix) != 0)
		return false;
	s[n - k] = '\0';
	return true;
}

/* Checks thousands separators: first group 1-3 digits, then ",ddd" groups. */
static bool separators_well_placed(const char *s, size_t intlen)
{
	const char *comma = memchr(s, ',', intlen);
	if (!comma)
		return true;
	size_t first = (size_t)(comma - s);
	if (first == 0 || first > 3)
		return false;
	for (size_t i = first; i < intlen; i += 4) {
		if (s[i] != ',' || i + 4 > intlen)
			return false;
		for (size_t j = 1; j <= 3; j++)
			if (s[i + j] < '0' || s[i + j] > '9')
				return false;
	}
	return true;
}

bool money_parse(const char *input, int64_t *yuan, const char **why)
{
	char s[64];
	if (strlen(input) >= sizeof s) {
		*why = "amount too long";
		return false;
	}
	strcpy(s, input);
	bool wan = false;
	if (strip_suffix(s, "万元") || strip_suffix(s, "万"))
		wan = true;
	else
		strip_suffix(s, "元");
	if (s[0] == '-') {
		*why = "amount is negative";
		return false;
	}
	const char *dot = strchr(s, '.');
	size_t intlen = dot ? (size_t)(dot - s) : strlen(s);
	if (intlen == 0 || !separators_well_placed(s, intlen)) {
		*why = "not an amount";
		return false;
	}
	int64_t whole = 0;
	for (size_t i = 0; i < intlen; i++) {
		if (s[i] == ',')
			continue;
		if (s[i] < '0' || s[i] > '9') {
			*why = "not an amount";
			return false;
		}
		whole = whole * 10 + (s[i] - '0');
		if (whole > MONEY_MAX) {
			*why = "amount too large";
			return false;
		}
	}
	/* Fraction: in 万 it scales to yuan (4 places); in yuan only zeros. */
	int64_t frac = 0;
	int places = 0;
	if (dot) {
		const char *f = dot + 1;
		if (*f == '\0') {
			*why = "not an amount";
			return false;
		}
		for (; *f; f++) {
			if (*f < '0' || *f > '9') {
				*why = "not an amount";
				return false;
			}
			if (wan ? places >= 4 : places >= 2) {
				*why = wan ? "more than 4 decimals in 万元" : "fraction of a yuan";
				if (*f != '0')
					return false;
				continue;
			}
			frac = frac * 10 + (*f - '0');
			places++;
		}
		if (!wan && frac != 0) {
			*why = "fraction of a yuan";
			return false;
		}
	}
	/* Scaled only after the range check: 999999999999999万 is refused,
	 * never wrapped around into a negative number. */
	int64_t result = whole;
	if (wan) {
		while (places < 4) {
			frac *= 10;
			places++;
		}
		if (whole > MONEY_MAX / 10000) {
			*why = "amount too large";
			return false;
		}
		result = whole * 10000 + frac;
	}
	if (!money_in_range(result)) {
		*why = "amount too large";
		return false;
	}
	*yuan = result;
	return true;
}

bool money_add(int64_t *sum, int64_t yuan)
{
	if (!money_in_range(*sum) || !money_in_range(yuan) || yuan > MONEY_MAX - *sum)
		return false;
	*sum += yuan;
	return true;
}

void money_format_wan(int64_t yuan, char *buf, int bufsize)
{
	int64_t whole = yuan / 10000, frac = yuan % 10000;
	if (frac == 0) {
		snprintf(buf, (size_t)bufsize, "%lld", (long long)whole);
		return;
	}
	char digits[8];
	snprintf(digits, sizeof digits, "%04lld", (long long)frac);
	for (int i = 3; i > 0 && digits[i] == '0'; i--)
		digits[i] = '\0';
	snprintf(buf, (size_t)bufsize, "%lld.%s", (long long)whole, digits);
}

void money_format_grouped(int64_t yuan, char *buf, int bufsize)
{
	char plain[32];
	int n = snprintf(plain, sizeof plain, "%lld", (long long)yuan);
	char out[48];
	int o = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = plain[i];
	}
	out[o] = '\0';
	snprintf(buf, (size_t)bufsize, "%s", out);
}

int64_t money_percent_floor(int64_t amount, int percent)
{
	INVARIANT(money_in_range(amount) && percent >= 0 && percent <= 100);
	return amount / 100 * percent + amount % 100 * percent / 100;
}
