/* strbuf.h: a growable byte string, always NUL-terminated. */
#ifndef GRANTDOC_STRBUF_H
#define GRANTDOC_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *data;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT        \
	{                  \
		NULL, 0, 0 \
	}

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_append(struct strbuf *sb, const char *s, size_t n);
/* Makes the string n bytes longer and returns where they start, for the
 * caller to fill (their content is undefined until then). */
char *sb_grow(struct strbuf *sb, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
/* Appends the whole regular file at path (at most limit bytes). False
 * with a phrase in *why when it is not a regular file (a FIFO is refused,
 * never waited on: regfile.h), cannot be read, or is larger than limit. */
bool sb_read_file(struct strbuf *sb, const char *path, size_t limit, const char **why);

/* Empty string, never NULL, even before the first append. */
const char *sb_str(const struct strbuf *sb);

#endif
