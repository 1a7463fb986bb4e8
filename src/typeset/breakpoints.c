#include "breakpoints.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uclean.h>

#include "arena.h"

static bool in(uint32_t cp, const uint32_t *set)
{
	for (; *set; set++)
		if (*set == cp)
			return true;
	return false;
}

/* ，。、；：？！）」』》〉】〕”’…—％· and closing brackets of any kind. */
bool linebreak_start_prohibited(uint32_t cp)
{
	static const uint32_t set[] = {
		0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300D, 0x300F, 0x300B,
		0x3009, 0x3011, 0x3015, 0x201D, 0x2019, 0x2026, 0x2014, 0xFF05, 0x00B7, 0x30FB, 0x3017,
		0x3019, 0x301B, 0xFF3D, 0xFF5D, 0xFF60, 0x0029, 0x005D, 0x007D, 0x002C, 0x002E, 0x003A,
		0x003B, 0x0021, 0x003F, 0x0025, 0xFE5A, 0xFE5C, 0xFE5E, 0,
	};
	return in(cp, set);
}

/* （「『《〈【〔“‘ and opening brackets of any kind. */
bool linebreak_end_prohibited(uint32_t cp)
{
	static const uint32_t set[] = {
		0xFF08, 0x300C, 0x300E, 0x300A, 0x3008, 0x3010, 0x3014, 0x201C, 0x2018, 0x3016, 0x3018, 0x301A,
		0xFF3B, 0xFF5B, 0xFF5F, 0x0028, 0x005B, 0x007B, 0x00A5, 0xFFE5, 0xFE59, 0xFE5B, 0xFE5D, 0,
	};
	return in(cp, set);
}

static bool digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static bool ideograph(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static void keep(unsigned char *brk, int from, int to)
{
	for (int i = from; i < to; i++)
		brk[i] = BREAK_NO;
}

/* A run of digits with , . : - / separators starting at i; returns its end. */
static int number_end(const uint32_t *c, int n, int i)
{
	int j = i;
	while (j < n && (digit(c[j]) || ((c[j] == ',' || c[j] == '.' || c[j] == ':' || c[j] == '-' || c[j] == '/') &&
					 j + 1 < n && digit(c[j + 1]) && j > i)))
		j++;
	return j;
}

/* 2024年12月4日, 2024年12月: one unit. */
static int date_end(const uint32_t *c, int n, int i)
{
	int j = number_end(c, n, i);
	if (j >= n || c[j] != 0x5E74) /* 年 */
		return j;
	int k = j + 1, m = number_end(c, n, k);
	if (m == k || m >= n || c[m] != 0x6708) /* 月 */
		return j + 1;
	k = m + 1, m = number_end(c, n, k);
	if (m == k || m >= n || c[m] != 0x65E5) /* 日 */
		return k;
	return m + 1;
}

/* Units that stay with the number before them. */
static int unit_end(const uint32_t *c, int n, int j)
{
	static const uint32_t units[][5] = {
		{ 0x4E07, 0x5143 }, /* 万元 */
		{ 0x4EBF, 0x5143 }, /* 亿元 */
		{ 0x5143 },         /* 元 */
		{ 0x4E07 },         /* 万 */
		{ 0x4EBF },         /* 亿 */
		{ '%' },
		{ 0xFF05 },
		{ 0x5206 },                         /* 分 (scores) */
		{ 0x4E2A, 0x5DE5, 0x4F5C, 0x65E5 }, /* 个工作日 */
		{ 0x5929 },                         /* 天 */
		{ 0x9879 },                         /* 项 */
		{ 0x53F7 },                         /* 号 */
	};
	for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
		int k = 0;
		while (units[u][k] && j + k < n && c[j + k] == units[u][k])
			k++;
		if (!units[u][k])
			return j + k;
	}
	return j;
}

/* 晋科合〔2024〕15号: the abbreviation (up to four characters, as in
 * 晋政办发) before 〔 through 号. */
static void protect_doc_numbers(const uint32_t *c, int n, unsigned char *brk)
{
	for (int i = 0; i < n; i++) {
		if (c[i] != 0x3014) /* 〔 */
			continue;
		int j = number_end(c, n, i + 1);
		if (j == i + 1 || j >= n || c[j] != 0x3015) /* 〕 */
			continue;
		int k = number_end(c, n, j + 1);
		if (k < n && c[k] == 0x53F7) /* 号 */
			k++;
		int start = i;
		while (start > 0 && i - start < 4 && ideograph(c[start - 1]))
			start--;
		keep(brk, start, k - 1);
	}
}

static void protect_numbers(const uint32_t *c, int n, unsigned char *brk)
{
	for (int i = 0; i < n;) {
		bool currency = c[i] == 0xA5 || c[i] == 0xFFE5; /* ¥ ￥ */
		int s = currency ? i + 1 : i;
		if (s >= n || !digit(c[s]) || (s > 0 && digit(c[s - 1]))) {
			i++;
			continue;
		}
		/* The digits of an id (ZD2021-12) are no quantity: no date, no unit. */
		bool in_id = s > 0 && ((c[s - 1] >= 'A' && c[s - 1] <= 'Z') || (c[s - 1] >= 'a' && c[s - 1] <= 'z'));
		int j = in_id ? number_end(c, n, s) : date_end(c, n, s);
		int date = j;
		if (!in_id)
			j = unit_end(c, n, j);
		keep(brk, i, j - 1);
		/* 2024年 | 12月 | 4日: a date's own joints, for the last resort. */
		for (int k = s; k + 1 < date; k++)
			if ((c[k] == 0x5E74 || c[k] == 0x6708) && digit(c[k + 1]))
				brk[k] = BREAK_LAST_RESORT;
		i = j > i ? j : i + 1;
	}
}

/* Standard designations: GB 11643-1999, GB/T 9704-2012 stay whole. */
static void protect_standards(const uint32_t *c, int n, unsigned char *brk)
{
	for (int i = 0; i + 2 < n; i++) {
		if (c[i] != 'G' || c[i + 1] != 'B' || (i > 0 && c[i - 1] >= 'A' && c[i - 1] <= 'Z'))
			continue;
		int j = i + 2;
		if (j + 1 < n && c[j] == '/' && c[j + 1] >= 'A' && c[j + 1] <= 'Z')
			j += 2;
		if (j < n && c[j] == ' ')
			j++;
		int end = number_end(c, n, j);
		if (end > j) {
			keep(brk, i, end - 1);
			if (c[j - 1] == ' ') /* GB | 11643-1999, when nothing else fills the line */
				brk[j - 1] = BREAK_LAST_RESORT;
		}
	}
}

/* …… and —— are never split (also when UAX #14 would allow it). */
static void protect_pairs(const uint32_t *c, int n, unsigned char *brk)
{
	for (int i = 0; i + 1 < n; i++)
		if ((c[i] == 0x2026 || c[i] == 0x2014) && c[i + 1] == c[i])
			brk[i] = BREAK_NO;
}

void linebreak_find(const uint32_t *cps, int n, unsigned char *brk)
{
	static bool ready;
	if (!ready) {
		init_linebreak();
		ready = true;
	}
	if (n <= 0)
		return;
	/* libunibreak takes U+FFFF for its end-of-string marker and asserts
	 * when it meets one inside the text: hand it U+FFFD there instead
	 * (found by fuzzing). */
	utf32_t *text = xmalloc((size_t)n * sizeof *text);
	for (int i = 0; i < n; i++)
		text[i] = cps[i] == 0xFFFF ? 0xFFFD : cps[i];
	char *ub = xmalloc((size_t)n);
	set_linebreaks_utf32(text, (size_t)n, "zh", ub);
	free(text);
	for (int i = 0; i < n; i++)
		brk[i] = ub[i] == LINEBREAK_MUSTBREAK    ? BREAK_MUST
			 : ub[i] == LINEBREAK_ALLOWBREAK ? BREAK_ALLOW
							 : BREAK_NO;
	free(ub);
	for (int i = 0; i + 1 < n; i++)
		if (brk[i] == BREAK_ALLOW &&
		    (linebreak_start_prohibited(cps[i + 1]) || linebreak_end_prohibited(cps[i])))
			brk[i] = BREAK_NO;
	protect_doc_numbers(cps, n, brk);
	protect_numbers(cps, n, brk);
	protect_pairs(cps, n, brk);
	protect_standards(cps, n, brk);
	brk[n - 1] = BREAK_MUST;
}

/* ---- words ---- */

static bool latin_or_digit(uint32_t c)
{
	return digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xFF21 && c <= 0xFF3A) ||
	       (c >= 0xFF41 && c <= 0xFF5A);
}

/* The ICU iterator is opened once per process (workers inherit it) and,
 * with ICU's caches, released when the process exits normally, so that
 * nothing is left for a leak checker. */
static UBreakIterator *word_it;

static void release_words(void)
{
	ubrk_close(word_it);
	word_it = NULL;
	u_cleanup();
}

static UBreakIterator *word_iterator(void)
{
	static bool tried;
	if (!tried) {
		tried = true;
		UErrorCode st = U_ZERO_ERROR;
		word_it = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
		if (U_FAILURE(st))
			word_it = NULL;
		atexit(release_words);
	}
	return word_it;
}

/* Dictionary words from ICU; word[i] for each code point. */
static void icu_words(const uint32_t *cps, int n, unsigned char *word)
{
	UBreakIterator *it = word_iterator();
	if (!it) { /* no ICU data: every character is a word */
		memset(word, 1, (size_t)n);
		return;
	}
	UChar *u = xmalloc((size_t)n * 2 * sizeof *u);
	int *at = xmalloc(((size_t)n * 2 + 1) * sizeof *at); /* UTF-16 index -> code point */
	int len = 0;
	for (int i = 0; i < n; i++) {
		uint32_t c = cps[i] > 0x10FFFF || (cps[i] >= 0xD800 && cps[i] <= 0xDFFF) ? 0xFFFD : cps[i];
		at[len] = i;
		if (c >= 0x10000) {
			u[len++] = (UChar)(0xD800 + ((c - 0x10000) >> 10));
			at[len] = i;
			u[len++] = (UChar)(0xDC00 + ((c - 0x10000) & 0x3FF));
		} else {
			u[len++] = (UChar)c;
		}
	}
	at[len] = n;
	memset(word, 0, (size_t)n);
	UErrorCode st = U_ZERO_ERROR;
	ubrk_setText(it, u, len, &st);
	if (U_FAILURE(st)) {
		memset(word, 1, (size_t)n);
	} else {
		for (int32_t b = ubrk_first(it); b != UBRK_DONE; b = ubrk_next(it))
			if (at[b] < n)
				word[at[b]] = 1;
		ubrk_setText(it, NULL, 0, &st); /* hold no pointer into freed text */
	}
	free(u);
	free(at);
}

/* Brackets whose content is kept whole, and their closing partner. */
static uint32_t closing_of(uint32_t c)
{
	switch (c) {
	case 0x300A:
		return 0x300B; /* 《》 */
	case 0x3014:
		return 0x3015; /* 〔〕 */
	case 0x201C:
		return 0x201D; /* “” */
	case 0xFF08:
		return 0xFF09; /* （） */
	case 0x3010:
		return 0x3011; /* 【】 */
	case 0x3008:
		return 0x3009; /* 〈〉 */
	default:
		return 0;
	}
}

void wordbreak_find(const uint32_t *cps, int n, unsigned char *word)
{
	if (n <= 0)
		return;
	icu_words(cps, n, word);
	word[0] = 1;
	/* Words of one ideograph: a run of them is a word ICU's dictionary
	 * lacks (拟立项, 专项, 结题: one word); a lone one is a suffix or a
	 * particle and joins the ideograph word before it (负责|人 is 负责人,
	 * 项目|的 is 项目的), so that it never starts a line alone. */
	for (int i = 0; i < n;) {
		int end = i + 1;
		while (end < n && !word[end])
			end++;
		if (end != i + 1 || !ideograph(cps[i])) {
			i = end;
			continue;
		}
		int run = i, last = i;
		while (last + 1 < n && word[last + 1] && ideograph(cps[last + 1]) && (last + 2 >= n || word[last + 2]))
			last++;
		if (last > run) {
			for (int k = run + 1; k <= last; k++)
				word[k] = 0;
		} else if (i > 0 && ideograph(cps[i - 1])) {
			word[i] = 0;
		}
		i = last + 1;
	}
	/* Numbers and Latin words are whole; so is what brackets enclose. */
	for (int i = 1; i < n; i++)
		if (latin_or_digit(cps[i - 1]) &&
		    (latin_or_digit(cps[i]) || cps[i] == '.' || cps[i] == ',' || cps[i] == '-'))
			word[i] = 0;
	for (int i = 0; i < n; i++) {
		uint32_t close = closing_of(cps[i]);
		if (!close)
			continue;
		int j = i + 1;
		while (j < n && cps[j] != close && !closing_of(cps[j]))
			j++;
		if (j < n && cps[j] == close) {
			for (int k = i + 1; k <= j; k++)
				word[k] = 0;
			i = j;
		}
	}
}
