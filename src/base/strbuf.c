#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "regfile.h"

void sb_init(struct strbuf *sb)
{
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

void sb_free(struct strbuf *sb)
{
	free(sb->data);
	sb_init(sb);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

static void sb_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->data = xrealloc(sb->data, cap);
	sb->cap = cap;
}

void sb_append(struct strbuf *sb, const char *s, size_t n)
{
	sb_reserve(sb, n);
	if (n)
		memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

char *sb_grow(struct strbuf *sb, size_t n)
{
	sb_reserve(sb, n);
	char *at = sb->data + sb->len;
	sb->len += n;
	sb->data[sb->len] = '\0';
	return at;
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_append(sb, s, strlen(s));
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_append(sb, &c, 1);
}

void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n <= 0)
		return;
	sb_reserve(sb, (size_t)n);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->data ? sb->data : "";
}

bool sb_read_file(struct strbuf *sb, const char *path, size_t limit, const char **why)
{
	static char too_large[64];
	FILE *f = regfile_fopen(path, why);
	if (!f)
		return false;
	char buf[8192];
	size_t n, start = sb->len;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb->len - start <= limit)
		sb_append(sb, buf, n);
	bool ok = !ferror(f) && sb->len - start <= limit;
	if (ferror(f)) {
		*why = "read error";
	} else if (!ok) {
		if (limit % (1 << 20) == 0)
			snprintf(too_large, sizeof too_large, "larger than %zu MiB", limit >> 20);
		else
			snprintf(too_large, sizeof too_large, "larger than %zu bytes", limit);
		*why = too_large;
	}
	fclose(f);
	sb_putc(sb, '\0');
	sb->len--;
	return ok;
}
