#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "utf8.h"

#define CHUNK (64 * 1024)

struct field {
	char *text;
	size_t len;
	bool too_long;
	bool has_nul; /* seen before trimming, which stops at the first NUL */
};

struct reader {
	const char *name;
	const struct csv_schema *schema;
	struct rejects *rejects;
	csv_row_fn fn;
	void *ctx;
	struct strbuf *err;
	bool failed;

	struct csv_parser parser;
	struct field *fields;
	int nfields, capfields;

	long cur_line, row_line;
	bool row_pending, row_ended;

	bool have_header;
	int header_n;
	int *schema_of;       /* header position -> schema column or -1 */
	char **header_text;   /* header cells as written, for the repeat check */
	const char **cells;   /* by schema column, for the callback */
};

bool csv_encoding_parse(const char *s, enum csv_encoding *enc)
{
	if (strcmp(s, "auto") == 0)
		*enc = CSV_ENC_AUTO;
	else if (strcmp(s, "utf-8") == 0 || strcmp(s, "utf8") == 0 || strcmp(s, "UTF-8") == 0)
		*enc = CSV_ENC_UTF8;
	else if (strcmp(s, "gb18030") == 0 || strcmp(s, "GB18030") == 0 ||
		 strcmp(s, "gbk") == 0 || strcmp(s, "GBK") == 0)
		*enc = CSV_ENC_GB18030;
	else
		return false;
	return true;
}

/* ---- rows ---- */

static void clear_fields(struct reader *r)
{
	for (int i = 0; i < r->nfields; i++)
		free(r->fields[i].text);
	r->nfields = 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? r->capfields * 2 : 64;
		r->fields = xrealloc(r->fields, (size_t)r->capfields * sizeof *r->fields);
	}
	struct field *f = &r->fields[r->nfields++];
	f->too_long = len > CSV_FIELD_MAX;
	f->has_nul = memchr(s, '\0', len) != NULL;
	f->len = f->too_long ? 64 : len;
	f->text = xmalloc(f->len + 1);
	if (f->len)
		memcpy(f->text, s, f->len);
	f->text[f->len] = '\0';
}

static bool key_matches(const char *cell, const struct csv_column *col)
{
	return strcasecmp(cell, col->key) == 0 || strcmp(cell, col->zh) == 0;
}

static void strip_bom(char *s)
{
	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		memmove(s, s + 3, strlen(s + 3) + 1);
}

static void take_header(struct reader *r)
{
	const struct csv_schema *sc = r->schema;
	r->have_header = true;
	r->header_n = r->nfields;
	r->schema_of = xcalloc((size_t)r->nfields, sizeof *r->schema_of);
	r->header_text = xcalloc((size_t)r->nfields, sizeof *r->header_text);
	int *found_at = xcalloc((size_t)sc->ncols, sizeof *found_at);
	for (int c = 0; c < sc->ncols; c++)
		found_at[c] = -1;
	for (int i = 0; i < r->nfields && !r->failed; i++) {
		char *cell = r->fields[i].text;
		strip_bom(cell);
		utf8_trim(cell);
		r->header_text[i] = strcpy(xmalloc(strlen(cell) + 1), cell);
		r->schema_of[i] = -1;
		for (int c = 0; c < sc->ncols; c++) {
			if (!key_matches(cell, &sc->cols[c]))
				continue;
			if (found_at[c] >= 0) {
				sb_printf(r->err, "%s:%ld: column '%s' (%s) appears twice in the header",
					  r->name, r->row_line, sc->cols[c].key, sc->cols[c].zh);
				r->failed = true;
			}
			found_at[c] = i;
			r->schema_of[i] = c;
			break;
		}
		if (r->schema_of[i] < 0 && cell[0])
			diag_warn("%s:%ld: unknown column '%s' ignored", r->name, r->row_line, cell);
	}
	for (int c = 0; c < sc->ncols && !r->failed; c++) {
		if (found_at[c] < 0 && sc->cols[c].required) {
			sb_printf(r->err, "%s: required column '%s' (%s) is missing",
				  r->name, sc->cols[c].key, sc->cols[c].zh);
			r->failed = true;
		}
	}
	free(found_at);
}

/* Trims every field and tells whether anything is left. */
static bool trim_row(struct reader *r)
{
	bool blank = true;
	for (int i = 0; i < r->nfields; i++)
		if (utf8_trim(r->fields[i].text)[0] != '\0')
			blank = false;
	return blank;
}

static bool row_repeats_header(struct reader *r)
{
	if (r->nfields < r->header_n)
		return false;
	for (int i = 0; i < r->header_n; i++)
		if (strcmp(r->fields[i].text, r->header_text[i]) != 0)
			return false;
	return true;
}

static const char *field_key(struct reader *r, int i)
{
	int c = i < r->header_n ? r->schema_of[i] : -1;
	return c >= 0 ? r->schema->cols[c].key : "";
}

/* The first thing that makes this row unreadable as a row, or NULL. */
static const char *row_problem(struct reader *r, int *at)
{
	*at = -1;
	if (row_repeats_header(r))
		return "header row repeated inside the file";
	for (int i = 0; i < r->nfields; i++) {
		struct field *f = &r->fields[i];
		*at = i;
		if (f->too_long)
			return "field longer than 1 MiB";
		if (f->has_nul)
			return "NUL byte in field";
		if (strstr(f->text, UTF8_REPLACEMENT))
			return "bytes that are not valid UTF-8 or GB18030 text";
		if (strstr(f->text, "\xEF\xBB\xBF"))
			return "byte-order mark (U+FEFF) inside a field";
	}
	*at = -1;
	if (r->nfields < r->header_n)
		return "too few fields";
	for (int i = r->header_n; i < r->nfields; i++)
		if (r->fields[i].text[0] != '\0')
			return "too many fields";
	return NULL;
}

static void take_record(struct reader *r)
{
	int at;
	const char *problem = row_problem(r, &at);
	if (problem) {
		char why[160];
		if (strstr(problem, "fields") && at < 0) {
			snprintf(why, sizeof why, "%s: the row has %d, the header %d", problem,
				 r->nfields, r->header_n);
			problem = why;
		}
		const char *value = at >= 0 ? r->fields[at].text : (r->nfields ? r->fields[0].text : "");
		rejects_add(r->rejects, r->name, r->row_line, at >= 0 ? field_key(r, at) : "",
			    value, problem);
		return;
	}
	for (int c = 0; c < r->schema->ncols; c++)
		r->cells[c] = NULL;
	for (int i = 0; i < r->header_n; i++)
		if (r->schema_of[i] >= 0)
			r->cells[r->schema_of[i]] = r->fields[i].text;
	struct csv_row row = { r->name, r->row_line, r->cells };
	r->fn(&row, r->ctx);
}

static void on_row(int terminator, void *data)
{
	(void)terminator;
	struct reader *r = data;
	r->row_ended = true;
	if (!r->failed && !trim_row(r)) {
		if (!r->have_header)
			take_header(r);
		else
			take_record(r);
	}
	clear_fields(r);
}

/* ---- feeding libcsv with line numbers ---- */

static bool has_content(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n' && s[i] != ' ' && s[i] != '\t')
			return true;
	return false;
}

/* Feeds decoded text one physical line at a time, so that the line a row
 * starts on is known when libcsv reports the row. A line ends at LF, CR LF
 * or a lone CR. */
static void feed_text(struct reader *r, const char *s, size_t n, bool *prev_cr)
{
	size_t i = 0;
	while (i < n && !r->failed) {
		size_t end = i;
		while (end < n && s[end] != '\n' && s[end] != '\r')
			end++;
		size_t seg = end < n ? end + 1 - i : end - i;
		bool content = has_content(s + i, seg);
		if (!r->row_pending && content)
			r->row_line = r->cur_line;
		r->row_ended = false;
		csv_parse(&r->parser, s + i, seg, on_field, on_row, r);
		if (r->row_ended)
			r->row_pending = false;
		else if (content)
			r->row_pending = true;
		if (end < n) {
			/* An LF is the second half of CR LF only when the CR is the
			 * byte right before it (an empty segment after a CR). */
			bool crlf = s[end] == '\n' && end == i && *prev_cr;
			if (!crlf)
				r->cur_line++;
			*prev_cr = s[end] == '\r';
		} else if (seg) {
			*prev_cr = false;
		}
		i += seg;
	}
}

/* ---- decoding ---- */

typedef void (*text_sink)(void *ctx, const char *s, size_t n);

/* Decodes the whole file to UTF-8, handing text to sink chunk by chunk;
 * returns the number of invalid sequences (each replaced by U+FFFD). */
static size_t decode_file(FILE *f, enum csv_encoding enc, text_sink sink, void *ctx)
{
	unsigned char in[CHUNK + 8];
	size_t carry = 0, invalid = 0;
	struct strbuf out = STRBUF_INIT;
	iconv_t cd = (iconv_t)-1;
	if (enc == CSV_ENC_GB18030)
		cd = iconv_open("UTF-8", "GB18030");
	bool first = true;
	rewind(f);
	for (;;) {
		size_t got = fread(in + carry, 1, CHUNK, f);
		size_t n = carry + got;
		bool final = got == 0;
		size_t start = 0;
		if (first && enc == CSV_ENC_UTF8 && n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
			start = 3;
		first = false;
		size_t used;
		sb_reset(&out);
		if (enc == CSV_ENC_GB18030) {
			char *ip = (char *)in + start;
			size_t left = n - start;
			char obuf[CHUNK * 2 + 16];
			while (left > 0) {
				char *op = obuf;
				size_t oleft = sizeof obuf;
				size_t rc = iconv(cd, &ip, &left, &op, &oleft);
				sb_append(&out, obuf, (size_t)(op - obuf));
				if (rc != (size_t)-1)
					break;
				if (errno == E2BIG)
					continue;
				if (errno == EINVAL && !final)
					break;
				sb_puts(&out, UTF8_REPLACEMENT);
				invalid++;
				ip++;
				left--;
			}
			used = n - left;
		} else {
			used = start + utf8_sanitize(in + start, n - start, final, &out, &invalid);
		}
		if (out.len)
			sink(ctx, out.data, out.len);
		carry = n - used;
		memmove(in, in + used, carry);
		if (final)
			break;
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	sb_free(&out);
	return invalid;
}

static void discard_text(void *ctx, const char *s, size_t n)
{
	(void)ctx, (void)s, (void)n;
}

/* UTF-8 when the file is valid UTF-8 (or starts with a BOM). Otherwise
 * GB18030 when it explains the bytes far better: a GB18030 export read as
 * UTF-8 breaks on nearly every Chinese character, while a UTF-8 export with
 * a few damaged bytes breaks in only a few places under either reading and
 * is kept as UTF-8, its damaged rows refused. */
static enum csv_encoding detect_encoding(FILE *f)
{
	unsigned char head[3] = { 0 };
	size_t n = fread(head, 1, 3, f);
	if (n == 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		return CSV_ENC_UTF8;
	size_t bad_utf8 = decode_file(f, CSV_ENC_UTF8, discard_text, NULL);
	if (bad_utf8 == 0)
		return CSV_ENC_UTF8;
	size_t bad_gb = decode_file(f, CSV_ENC_GB18030, discard_text, NULL);
	return bad_gb * 10 < bad_utf8 ? CSV_ENC_GB18030 : CSV_ENC_UTF8;
}

struct feed_ctx {
	struct reader *r;
	bool prev_cr;
};

static void feed_sink(void *ctx, const char *s, size_t n)
{
	struct feed_ctx *fc = ctx;
	feed_text(fc->r, s, n, &fc->prev_cr);
}

static FILE *open_regular(const char *path, const char *name, struct strbuf *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		sb_printf(err, "%s: cannot open: %s", name, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		sb_printf(err, "%s: not a regular file", name);
		fclose(f);
		return NULL;
	}
	return f;
}

bool csv_read(const char *path, const char *name, const struct csv_schema *schema,
	      enum csv_encoding enc, struct rejects *rejects, csv_row_fn fn,
	      void *ctx, struct strbuf *err)
{
	FILE *f = open_regular(path, name, err);
	if (!f)
		return false;
	bool ok = csv_read_stream(f, name, schema, enc, rejects, fn, ctx, err);
	fclose(f);
	return ok;
}

bool csv_read_stream(FILE *f, const char *name, const struct csv_schema *schema,
		     enum csv_encoding enc, struct rejects *rejects, csv_row_fn fn,
		     void *ctx, struct strbuf *err)
{
	struct reader r = { 0 };
	r.name = name;
	r.schema = schema;
	r.rejects = rejects;
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	r.cur_line = 1;
	r.cells = xcalloc((size_t)schema->ncols, sizeof *r.cells);
	csv_init(&r.parser, CSV_APPEND_NULL);
	/* libcsv grows a field's buffer by this much at a time: its default of
	 * 128 bytes makes one long field cost quadratic time. */
	csv_set_blk_size(&r.parser, 1024 * 1024);
	if (enc == CSV_ENC_AUTO)
		enc = detect_encoding(f);
	struct feed_ctx fc = { &r, false };
	decode_file(f, enc, feed_sink, &fc);
	if (ferror(f) && !r.failed) {
		sb_printf(err, "%s: read error: %s", name, strerror(errno));
		r.failed = true;
	}
	if (!r.failed)
		csv_fini(&r.parser, on_field, on_row, &r);
	if (!r.failed && !r.have_header) {
		sb_printf(err, "%s: empty file, no header row", name);
		r.failed = true;
	}
	clear_fields(&r);
	csv_free(&r.parser);
	free(r.fields);
	for (int i = 0; r.header_text && i < r.header_n; i++)
		free(r.header_text[i]);
	free(r.header_text);
	free(r.schema_of);
	free(r.cells);
	return !r.failed;
}

bool csv_read_optional(const char *dir, const char *name, const struct csv_schema *schema,
		       enum csv_encoding enc, struct rejects *rejects, csv_row_fn fn, void *ctx,
		       struct strbuf *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return true;
	return csv_read(path, name, schema, enc, rejects, fn, ctx, err);
}
