#include "fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cellform.h"
#include "date.h"
#include "ids.h"
#include "money.h"
#include "strmap.h"
#include "utf8.h"
#include "xlsx.h"

void binder_init(struct binder *b, const struct csv_row *row, const struct csv_schema *schema, struct arena *arena)
{
	b->row = row;
	b->schema = schema;
	b->arena = arena;
	b->bad_col = -1;
	b->why[0] = '\0';
	/* Whatever form the row came in (a CSV file already refuses these as
	 * rows; batch.xml does not), a cell that is not text fails first. */
	for (int c = 0; c < schema->ncols && b->bad_col < 0; c++) {
		const char *s = row->cells[c];
		const char *problem = s ? csv_cell_problem(s, strlen(s)) : NULL;
		if (problem)
			binder_fail(b, c, "%s", problem);
	}
}

void binder_fail(struct binder *b, int col, const char *fmt, ...)
{
	if (b->bad_col >= 0)
		return;
	b->bad_col = col;
	char why[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	/* A message quoting a long value is cut between characters. */
	size_t n = utf8_cut(why, strlen(why), sizeof b->why - 1);
	memcpy(b->why, why, n);
	b->why[n] = '\0';
}

bool binder_reject(struct binder *b, struct rejects *rejects)
{
	if (b->bad_col < 0)
		return false;
	const char *value = b->row->cells[b->bad_col];
	char where[160] = "";
	if (b->row->sheet && b->row->col_of && b->row->col_of[b->bad_col] >= 0) {
		char ref[16];
		xlsx_cell_ref(b->row->col_of[b->bad_col], b->row->line, ref);
		snprintf(where, sizeof where, "%s!%s", b->row->sheet, ref);
	}
	rejects_add_at(rejects, b->row->file, b->row->line, where, b->schema->cols[b->bad_col].key, value ? value : "",
		       b->why);
	const char *key = b->row->cells[0];
	if (key && !csv_cell_problem(key, strlen(key)))
		rejects_note_record(rejects, b->schema, key);
	return true;
}

static const char *cell(const struct binder *b, int col)
{
	const char *s = b->row->cells[col];
	return s ? s : "";
}

const char *bind_text(struct binder *b, int col)
{
	return arena_strdup(b->arena, cell(b, col));
}

const char *bind_pooled_text(struct binder *b, int col, struct strmap *pool)
{
	return strmap_intern(pool, b->arena, cell(b, col));
}

typedef const char *(*id_check)(char *s, char *why, size_t n);

static const char *bind_identity(struct binder *b, int col, id_check malformed)
{
	char *id = arena_strdup(b->arena, cell(b, col));
	char why[sizeof b->why];
	if (malformed(id, why, sizeof why))
		binder_fail(b, col, "%s", why);
	return id;
}

const char *bind_uscc(struct binder *b, int col)
{
	return bind_identity(b, col, uscc_malformed);
}

const char *bind_person_id(struct binder *b, int col)
{
	return bind_identity(b, col, person_id_malformed);
}

/* 1.23E+18 or 6.2E18: a number a spreadsheet wrote in scientific notation. */
static bool scientific_number(const char *s)
{
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s)
		return false;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p != 'E' && *p != 'e')
		return false;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

/* 6222021234567890.0: digits, a decimal point, digits. */
static bool decimal_number(const char *s)
{
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s || *p != '.')
		return false;
	const char *frac = ++p;
	while (*p >= '0' && *p <= '9')
		p++;
	return p > frac && *p == '\0';
}

const char *bind_bank_account(struct binder *b, int col)
{
	const char *s = cell(b, col);
	char *digits = arena_alloc(b->arena, strlen(s) + 1);
	size_t n = 0, pos = 0;
	if (scientific_number(s)) {
		binder_fail(b, col,
			    "scientific notation: a spreadsheet stored the account number as a number and lost "
			    "its last digits; format the column as text and export it again");
		return "";
	}
	if (decimal_number(s)) {
		binder_fail(b, col,
			    "a number with a decimal point: a spreadsheet stored the account number as a "
			    "number; format the column as text and export it again");
		return "";
	}
	for (const char *p = s; *p;) {
		uint32_t cp;
		int len = utf8_decode((const unsigned char *)p, strlen(p), &cp);
		pos++;
		if (len <= 0)
			len = 1;
		if (*p >= '0' && *p <= '9') {
			digits[n++] = *p;
		} else if (!(*p == ' ' || *p == '-') || n == 0 || !p[1]) {
			binder_fail(b, col,
				    "'%.*s' at position %zu: a bank account number is digits (a space or hyphen "
				    "between groups is dropped)",
				    len, p, pos);
			return "";
		}
		p += len;
	}
	digits[n] = '\0';
	if (n && (n < BANK_ACCOUNT_MIN || n > BANK_ACCOUNT_MAX)) {
		binder_fail(b, col, "%zu digits: a bank account number has %d to %d", n, BANK_ACCOUNT_MIN,
			    BANK_ACCOUNT_MAX);
		return "";
	}
	return digits;
}

int bind_reference(struct binder *b, int col, const struct strmap *ids, const struct rejects *rejects,
		   const struct csv_schema *parent, const char *noun, const char *missing)
{
	const char *id = cell(b, col);
	const int *at = strmap_get(ids, id);
	if (at)
		return *at;
	const struct reject *x = parent && id[0] ? rejects_find_record(rejects, parent, id) : NULL;
	if (x)
		binder_fail(b, col, "the %s with this id was rejected (%s line %ld)", noun, x->file, x->line);
	else
		binder_fail(b, col, "%s", missing);
	return -1;
}

bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "是", "Y", "y", "yes", "Yes", "YES", "1", "true", "True", "TRUE" };
	static const char *const no[] = { "否", "N", "n", "no", "No", "NO", "0", "false", "False", "FALSE", "" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (strcmp(s, yes[i]) == 0)
			return *out = true, true;
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (strcmp(s, no[i]) == 0)
			return *out = false, true;
	return false;
}

bool bind_bool(struct binder *b, int col)
{
	bool v = false;
	if (!parse_bool(cellform_bool(cell(b, col)), &v))
		binder_fail(b, col, "not a yes/no value (是/否, Y/N, yes/no, 1/0, true/false)");
	return v;
}

enum uint_result { UINT_OK, UINT_NOT_A_NUMBER, UINT_TOO_LARGE };

/* Digits only, at most max: the value never leaves int whatever the
 * length of the digit string. */
static enum uint_result parse_uint(const char *s, int max, int *out)
{
	if (!*s)
		return UINT_NOT_A_NUMBER;
	long v = 0;
	bool too_large = false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return UINT_NOT_A_NUMBER;
		if (!too_large)
			v = v * 10 + (*s - '0');
		too_large = too_large || v > max;
	}
	if (too_large)
		return UINT_TOO_LARGE;
	*out = (int)v;
	return UINT_OK;
}

int bind_count(struct binder *b, int col)
{
	const char *s = cell(b, col);
	int v = 0;
	enum uint_result r = *s ? parse_uint(s, COUNT_MAX, &v) : UINT_OK;
	if (r == UINT_NOT_A_NUMBER)
		binder_fail(b, col, "not a whole number");
	else if (r == UINT_TOO_LARGE)
		binder_fail(b, col, "number too large (above 1,000,000)");
	return v;
}

int bind_year(struct binder *b, int col)
{
	const char *s = cell(b, col);
	int v = 0;
	if (*s && (strlen(s) != 4 || parse_uint(s, 2999, &v) != UINT_OK || v < 1900)) {
		binder_fail(b, col, "not a year");
		v = 0;
	}
	return v;
}

int64_t bind_money(struct binder *b, int col)
{
	char buf[CELLFORM_BUF];
	const char *s = cellform_money(cell(b, col), buf, sizeof buf);
	int64_t v = 0;
	const char *why = NULL;
	if (*s && !money_parse(s, &v, &why))
		binder_fail(b, col, "%s", why);
	return v;
}

int32_t bind_date(struct binder *b, int col)
{
	char buf[CELLFORM_BUF];
	const char *s = cellform_date(cell(b, col), buf, sizeof buf);
	int32_t v = DATE_NONE;
	if (*s && !date_parse(s, &v)) {
		binder_fail(b, col, "not a valid date (2024-12-04, 2024/12/4 or 2024年12月4日)");
		v = DATE_NONE;
	}
	return v;
}

int64_t bind_datetime(struct binder *b, int col)
{
	char buf[CELLFORM_BUF];
	const char *s = cellform_datetime(cell(b, col), buf, sizeof buf);
	int64_t v = DATETIME_NONE;
	if (*s && !datetime_parse(s, &v)) {
		binder_fail(b, col, "not a valid date and time (2024-12-04 18:00)");
		v = DATETIME_NONE;
	}
	return v;
}

bool parse_score(const char *s, int *hundredths)
{
	int whole = 0, frac = 0, places = 0;
	const char *p = s;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 100)
			return false;
	}
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++places > 2)
				return false;
			frac = frac * 10 + (*p - '0');
		}
		if (places == 1)
			frac *= 10;
	}
	if (*p || whole * 100 + frac > 10000)
		return false;
	*hundredths = whole * 100 + frac;
	return true;
}

int bind_score(struct binder *b, int col)
{
	const char *s = cell(b, col);
	int v = -1;
	if (*s && !parse_score(s, &v)) {
		binder_fail(b, col, "not a score from 0 to 100 with at most 2 decimals");
		v = -1;
	}
	return v;
}

/* names[i] is "a|b|c": any alternative matches. */
int match_enum(const char *s, const char *const *names, int n)
{
	size_t len = strlen(s);
	for (int i = 0; i < n; i++) {
		const char *alt = names[i];
		while (*alt) {
			const char *bar = strchr(alt, '|');
			size_t k = bar ? (size_t)(bar - alt) : strlen(alt);
			if (k == len && strncmp(alt, s, k) == 0)
				return i;
			alt += k + (bar ? 1 : 0);
		}
	}
	return -1;
}

int bind_enum(struct binder *b, int col, const char *const *names, int n, int empty_value)
{
	const char *s = cell(b, col);
	if (!*s) {
		if (empty_value < 0)
			binder_fail(b, col, "empty, a value is required");
		return empty_value;
	}
	int v = match_enum(s, names, n);
	if (v < 0) {
		binder_fail(b, col, "unknown value");
		return empty_value;
	}
	return v;
}

/* Splits at ';', '；' and '、'. */
unsigned bind_enum_set(struct binder *b, int col, const char *const *names, int n)
{
	const char *s = cell(b, col);
	unsigned set = 0;
	char item[256];
	while (*s) {
		size_t k = 0;
		while (s[k] && s[k] != ';' && strncmp(s + k, "；", 3) != 0 && strncmp(s + k, "、", 3) != 0)
			k++;
		if (k >= sizeof item) {
			binder_fail(b, col, "list item too long");
			return set;
		}
		memcpy(item, s, k);
		item[k] = '\0';
		utf8_trim(item);
		if (item[0]) {
			int v = match_enum(item, names, n);
			if (v < 0) {
				binder_fail(b, col, "unknown list item '%s'", item);
				return set;
			}
			set |= 1u << v;
		}
		s += k;
		if (*s)
			s += *s == ';' ? 1 : 3;
	}
	return set;
}
