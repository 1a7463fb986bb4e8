#include "ids.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "utf8.h"

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

/* ---- the form of an identity cell (V2-G4) ---- */

static void upcase(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static size_t digits(const char *s)
{
	size_t k = 0;
	while (s[k] >= '0' && s[k] <= '9')
		k++;
	return k;
}

/* 1.40105E+17, 1E17: what a spreadsheet shows for a long number. */
static bool scientific(const char *s)
{
	size_t k = digits(s);
	if (!k)
		return false;
	s += k;
	if (*s == '.') {
		k = digits(++s);
		if (!k)
			return false;
		s += k;
	}
	if (*s++ != 'E')
		return false;
	if (*s == '+' || *s == '-')
		s++;
	k = digits(s);
	return k && !s[k];
}

/* 140105199001011234.0, 91,140,100: a number with a decimal point or
 * thousands separators. */
static bool decimal_number(const char *s)
{
	bool mark = false;
	if (!digits(s))
		return false;
	for (; *s; s++) {
		if (*s == '.' || *s == ',')
			mark = true;
		else if (*s < '0' || *s > '9')
			return false;
	}
	return mark;
}

/* The first character (1-based position, UTF-8 bytes in ch) for which
 * ok() is false; 0 when there is none. */
static size_t first_bad(const char *s, bool (*ok)(char c, size_t pos), char ch[8])
{
	size_t pos = 0;
	for (const char *p = s; *p;) {
		pos++;
		uint32_t cp;
		int len = utf8_decode((const unsigned char *)p, strlen(p), &cp);
		if (len <= 0)
			len = 1;
		if (len > 1 || !ok(*p, pos)) {
			snprintf(ch, 8, "%.*s", len, p);
			return pos;
		}
		p += len;
	}
	return 0;
}

/* What a character that does not belong probably is. */
enum stray { STRAY_OTHER, STRAY_LETTER_O, STRAY_FULL_WIDTH };

static enum stray stray_of(const char *ch)
{
	if (strcmp(ch, "O") == 0)
		return STRAY_LETTER_O;
	if ((unsigned char)ch[0] == 0xEF && ((unsigned char)ch[1] == 0xBC || (unsigned char)ch[1] == 0xBD))
		return STRAY_FULL_WIDTH;
	return STRAY_OTHER;
}

/* How the cell of one kind of number went wrong, in the words
 * rejects.csv uses: whole sentences (src/ingest/rejectzh.c gives each in
 * Chinese; tests/e2e/rejectzh.py reads them from the tables below). */
enum sentence {
	SAY_SCIENTIFIC,
	SAY_DECIMAL,
	SAY_15_DIGITS,    /* the number before the 18-character one */
	SAY_9_CHARACTERS, /* NULL when no older number has 9 */
	SAY_LENGTH,       /* %zu: the length */
	SAY_LETTER_O,     /* %zu: the position */
	SAY_FULL_WIDTH,   /* %zu: the position */
	SAY_CHARACTER,    /* %s, %zu: the character, its position */
	SAY_COUNT
};
struct id_kind {
	bool (*allowed)(char c, size_t pos); /* character c at 1-based pos */
	const char *say[SAY_COUNT];
};

static const char *malformed(char *s, const struct id_kind *k, char *why, size_t n)
{
	upcase(s);
	if (!*s)
		return NULL;
	size_t len = utf8_length(s);
	char ch[8] = "";
	size_t pos = first_bad(s, k->allowed, ch);
	if (scientific(s))
		snprintf(why, n, "%s", k->say[SAY_SCIENTIFIC]);
	else if (decimal_number(s))
		snprintf(why, n, "%s", k->say[SAY_DECIMAL]);
	else if (len == 15 && digits(s) == 15)
		snprintf(why, n, "%s", k->say[SAY_15_DIGITS]);
	else if (len == 9 && k->say[SAY_9_CHARACTERS])
		snprintf(why, n, "%s", k->say[SAY_9_CHARACTERS]);
	else if (len != 18)
		snprintf(why, n, k->say[SAY_LENGTH], len);
	else if (!pos)
		return NULL;
	else if (stray_of(ch) == STRAY_LETTER_O)
		snprintf(why, n, k->say[SAY_LETTER_O], pos);
	else if (stray_of(ch) == STRAY_FULL_WIDTH)
		snprintf(why, n, k->say[SAY_FULL_WIDTH], pos);
	else
		snprintf(why, n, k->say[SAY_CHARACTER], ch, pos);
	return why;
}

static bool in_uscc_alphabet(char c, size_t pos)
{
	(void)pos;
	return uscc_value(c) >= 0;
}

static bool in_person_id(char c, size_t pos)
{
	return (c >= '0' && c <= '9') || (pos == 18 && c == 'X');
}

static const struct id_kind USCC = {
	in_uscc_alphabet,
	{
		[SAY_SCIENTIFIC] =
			"scientific notation: a spreadsheet stored the credit code as a number and lost its last "
			"digits; format the column as text and export it again",
		[SAY_DECIMAL] =
			"a number with a decimal point or separators: a spreadsheet stored the credit code as a "
			"number; format the column as text and export it again",
		[SAY_15_DIGITS] =
			"15 digits: an old business registration number (注册号), not the 18-character unified "
			"social credit code",
		[SAY_9_CHARACTERS] =
			"9 characters: an organisation code (组织机构代码), not the 18-character unified social "
			"credit code",
		[SAY_LENGTH] = "%zu characters: a unified social credit code has 18",
		[SAY_LETTER_O] =
			"the letter O at position %zu: a credit code has no letter O; a digit 0 was probably meant",
		[SAY_FULL_WIDTH] =
			"a full-width character at position %zu: type the credit code in half-width characters",
		[SAY_CHARACTER] =
			"'%s' at position %zu: not in the credit code alphabet (digits and letters but I, O, S, V, Z)",
	}
};

static const struct id_kind PERSON_ID = {
	in_person_id,
	{
		[SAY_SCIENTIFIC] =
			"scientific notation: a spreadsheet stored the ID number as a number and lost its last "
			"digits; format the column as text and export it again",
		[SAY_DECIMAL] = "a number with a decimal point or separators: a spreadsheet stored the ID number as a "
				"number; format the column as text and export it again",
		[SAY_15_DIGITS] = "15 digits: a first-generation ID number; the 18-digit number is required",
		[SAY_9_CHARACTERS] = NULL,
		[SAY_LENGTH] = "%zu characters: an ID number has 18 (17 digits and a check digit or X)",
		[SAY_LETTER_O] =
			"the letter O at position %zu: an ID number has no letter O; a digit 0 was probably meant",
		[SAY_FULL_WIDTH] =
			"a full-width character at position %zu: type the ID number in half-width characters",
		[SAY_CHARACTER] = "'%s' at position %zu: an ID number is 17 digits and a check digit or X",
	}
};

const char *uscc_malformed(char *s, char *why, size_t n)
{
	return malformed(s, &USCC, why, n);
}

const char *person_id_malformed(char *s, char *why, size_t n)
{
	return malformed(s, &PERSON_ID, why, n);
}
