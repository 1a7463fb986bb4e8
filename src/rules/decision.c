#include "decision.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strbuf.h"
#include "strmap.h"

const char *status_name(enum status s)
{
	static const char *const names[ST_COUNT] = {
		[ST_REFUSED] = "不予受理",     [ST_NEEDS_REVIEW] = "待补评", [ST_NOT_FUNDED] = "未立项",
		[ST_PROPOSED] = "拟立项",      [ST_OBJECTED] = "公示异议",   [ST_FUNDED] = "立项",
		[ST_IRREGULAR] = "程序不合规", [ST_RECOGNISED] = "认定",     [ST_NOT_RECOGNISED] = "不予认定",
		[ST_EXCELLENT] = "优秀",       [ST_PASS] = "合格",           [ST_FAIL] = "不合格",
		[ST_REVOKED] = "撤销资格",     [ST_EXITED] = "退出",
	};
	return (unsigned)s < ST_COUNT ? names[s] : "?";
}

void reasons_init(struct reasons *r)
{
	memset(r, 0, sizeof *r);
}

void reasons_free(struct reasons *r)
{
	free(r->items);
	r->items = NULL;
	r->count = r->cap = 0;
}

/* A reason's sentence, kept once per process: sentences repeat across
 * records (the same article, the same threshold, the same rank), and the
 * 7,837 reasons of a 10,000-bid shanxi-major batch hold 1,400 distinct
 * ones (1.5 MB of text, 0.3 MB distinct). Reasons live as long as the run. */
static const char *reason_text(const char *s)
{
	static struct strmap texts;
	static struct arena texts_arena;
	return strmap_intern(&texts, &texts_arena, s);
}

void reasons_add(struct reasons *r, const char *code, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 4;
		r->items = xrealloc(r->items, (size_t)r->cap * sizeof *r->items);
	}
	r->items[r->count].code = code;
	r->items[r->count].text = reason_text(sb_str(&sb));
	r->count++;
	sb_free(&sb);
}

int reasons_has(const struct reasons *r, const char *code)
{
	for (int i = 0; i < r->count; i++)
		if (strcmp(r->items[i].code, code) == 0)
			return 1;
	return 0;
}

static int compare_codes(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void reasons_codes(const struct reasons *r, char *buf, size_t bufsize)
{
	const char **codes = xmalloc((size_t)(r->count ? r->count : 1) * sizeof *codes);
	for (int i = 0; i < r->count; i++)
		codes[i] = r->items[i].code;
	qsort(codes, (size_t)r->count, sizeof *codes, compare_codes);
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < r->count; i++) {
		if (i > 0 && strcmp(codes[i], codes[i - 1]) == 0)
			continue;
		size_t need = strlen(codes[i]) + (len ? 1 : 0);
		if (len + need + 1 > bufsize)
			break;
		if (len)
			buf[len++] = ';';
		strcpy(buf + len, codes[i]);
		len += strlen(codes[i]);
	}
	free(codes);
}

int decisions_by_rank(const struct decision *d, int n, int *order)
{
	/* Counting sort on rank 1..n. */
	int *start = xcalloc((size_t)n + 2, sizeof *start);
	for (int i = 0; i < n; i++)
		if (d[i].rank >= 1 && d[i].rank <= n)
			start[d[i].rank]++;
	for (int r = 1; r <= n + 1; r++)
		start[r] += start[r - 1];
	int m = start[n];
	for (int i = 0; i < n; i++)
		if (d[i].rank >= 1 && d[i].rank <= n)
			order[start[d[i].rank - 1]++] = i;
	free(start);
	return m;
}
