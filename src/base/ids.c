#include "ids.h"

#include <string.h>

#include "date.h"

static const char USCC_ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_value(char c)
{
	const char *p = c ? strchr(USCC_ALPHABET, c) : NULL;
	return p ? (int)(p - USCC_ALPHABET) : -1;
}

char uscc_check_char(const char *first17)
{
	int weight = 1, sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = uscc_value(first17[i]);
		if (v < 0)
			return '\0';
		sum += v * weight;
		weight = weight * 3 % 31;
	}
	return USCC_ALPHABET[(31 - sum % 31) % 31];
}

bool uscc_valid(const char *s)
{
	if (strlen(s) != 18)
		return false;
	char check = uscc_check_char(s);
	return check != '\0' && uscc_value(s[17]) >= 0 && check == s[17];
}

void uscc_division(const char *s, int digits, char *out)
{
	memcpy(out, s + 2, (size_t)digits);
	out[digits] = '\0';
}

char person_id_check_char(const char *first17)
{
	static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char checks[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (first17[i] < '0' || first17[i] > '9')
			return '\0';
		sum += (first17[i] - '0') * weights[i];
	}
	return checks[sum % 11];
}

bool person_id_valid(const char *s, int32_t *birth)
{
	if (strlen(s) != 18)
		return false;
	char check = person_id_check_char(s);
	if (check == '\0' || check != s[17])
		return false;
	int y = 0, m = 0, d = 0;
	for (int i = 6; i < 10; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[10] - '0') * 10 + (s[11] - '0');
	d = (s[12] - '0') * 10 + (s[13] - '0');
	int32_t day;
	if (!date_from_ymd(y, m, d, &day))
		return false;
	if (birth)
		*birth = day;
	return true;
}
