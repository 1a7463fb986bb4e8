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
#include "header.h"
#include "utf8.h"
#include "xlsx.h"

#define CHUNK (64 * 1024)

struct field {
	char *text;
	size_t len;
	bool too_long;
	bool has_nul; /* seen before trimming, which stops at the first NUL */
	const char *problem; /* a sheet cell that cannot be read exactly */
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
	int *col_of;          /* schema column -> header position or -1 */
	char **header_text;   /* header cells as written, for the repeat check */
	const char **cells;   /* by schema column, for the callback */

	/* Rows above the header (title rows), and the one that came closest
	 * to being the header, for the message when none is. */
	int title_rows;
	int best_named;
	long best_line;
	struct strbuf best_missing;

	const char *sheet;    /* a worksheet's rows: NULL for CSV */
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

static void add_field(struct reader *r, const char *s, size_t len)
{
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
	f->problem = NULL;
}

static void on_field(void *s, size_t len, void *data)
{
	add_field(data, s, len);
}

static void strip_bom(char *s)
{
	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		memmove(s, s + 3, strlen(s + 3) + 1);
}

/* The place of a row, or of one of its cells, for messages: "line 3" in a
 * CSV file, "申报表!B17" in a sheet. */
static void cell_where(const struct reader *r, int at, char *buf, size_t n)
{
	if (!r->sheet) {
		buf[0] = '\0';
		return;
	}
	char ref[16];
	xlsx_cell_ref(at >= 0 ? at : 0, r->row_line, ref);
	snprintf(buf, n, "%s!%s", r->sheet, ref);
}

/* Binds the row as the header when it names enough columns; otherwise
 * it is a title row above the header (false), remembered if it came
 * closest. */
static bool take_header(struct reader *r)
{
	const struct csv_schema *sc = r->schema;
	int *schema_of = xcalloc((size_t)r->nfields, sizeof *schema_of);
	int *found_at = xcalloc((size_t)sc->ncols, sizeof *found_at);
	for (int c = 0; c < sc->ncols; c++)
		found_at[c] = -1;
	int named = 0, twice = -1, twice_at = -1, ambiguous = -1, both[2] = { -1, -1 };
	for (int i = 0; i < r->nfields; i++) {
		char *cell = r->fields[i].text;
		strip_bom(cell);
		utf8_trim(cell);
		int pair[2];
		int c = header_column(sc, r->name, cell, pair);
		if (c == -2 && ambiguous < 0) {
			ambiguous = i;
			both[0] = pair[0], both[1] = pair[1];
		}
		schema_of[i] = c >= 0 ? c : -1;
		if (c < 0)
			continue;
		if (found_at[c] >= 0) {
			if (twice < 0)
				twice = c, twice_at = i;
			continue;
		}
		found_at[c] = i;
		named++;
	}
	if (named < header_enough(sc)) {
		if (named > r->best_named || r->best_line == 0) {
			r->best_named = named;
			r->best_line = r->row_line;
			sb_reset(&r->best_missing);
			header_missing(sc, found_at, &r->best_missing);
		}
		free(schema_of);
		free(found_at);
		return false;
	}
	r->have_header = true;
	r->header_n = r->nfields;
	r->schema_of = schema_of;
	r->col_of = found_at;
	r->header_text = xcalloc((size_t)r->nfields, sizeof *r->header_text);
	for (int i = 0; i < r->nfields; i++) {
		const char *cell = r->fields[i].text;
		r->header_text[i] = strcpy(xmalloc(strlen(cell) + 1), cell);
		if (schema_of[i] < 0 && cell[0] && i != ambiguous)
			diag_warn("%s:%ld: unknown column '%s' ignored", r->name, r->row_line, cell);
	}
	if (ambiguous >= 0) {
		sb_printf(r->err, "%s:%ld: column '%s' is an alias of both '%s' and '%s' (aliases.txt): rename it",
			  r->name, r->row_line, r->fields[ambiguous].text, sc->cols[both[0]].key,
			  sc->cols[both[1]].key);
		r->failed = true;
		return true;
	}
	if (twice >= 0) {
		sb_printf(r->err, "%s:%ld: column '%s' (%s) appears twice in the header ('%s' and '%s')",
			  r->name, r->row_line, sc->cols[twice].key, sc->cols[twice].zh,
			  r->fields[found_at[twice]].text, r->fields[twice_at].text);
		r->failed = true;
		return true;
	}
	struct strbuf missing = STRBUF_INIT;
	int n = header_missing(sc, found_at, &missing);
	if (n) {
		sb_printf(r->err, "%s:%ld: required column%s missing: %s", r->name, r->row_line,
			  n > 1 ? "s" : "", missing.data);
		r->failed = true;
	}
	sb_free(&missing);
	return true;
}

/* When no row was the header: one message naming what the closest row
 * lacked. */
static void no_header(struct reader *r)
{
	r->failed = true;
	if (r->best_line == 0) {
		sb_printf(r->err, "%s: empty file, no header row", r->name);
		return;
	}
	sb_printf(r->err, "%s: no header row in the first %d rows: the closest, line %ld, names %d column%s; missing: %s",
		  r->name, HEADER_SEARCH_ROWS, r->best_line, r->best_named, r->best_named == 1 ? "" : "s",
		  sb_str(&r->best_missing));
}

/* A row before the header: a title row, or the end of the search. */
static void take_title_row(struct reader *r)
{
	if (++r->title_rows >= HEADER_SEARCH_ROWS) {
		no_header(r);
		return;
	}
	const char *first = "";
	for (int i = 0; i < r->nfields && !first[0]; i++)
		first = r->fields[i].text;
	diag_warn("%s:%ld: row above the header skipped: '%.80s'", r->name, r->row_line, first);
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

/* The first thing that makes this row unreadable as a row, or NULL. A
 * sheet has no row length, and its cells outside the header's columns
 * are not read: only the columns read are checked. */
static const char *row_problem(struct reader *r, int *at)
{
	*at = -1;
	if (row_repeats_header(r))
		return "header row repeated inside the file";
	for (int i = 0; i < r->nfields; i++) {
		struct field *f = &r->fields[i];
		*at = i;
		if (r->sheet && (i >= r->header_n || r->schema_of[i] < 0))
			continue;
		if (f->problem)
			return f->problem;
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
	if (r->sheet)
		return NULL;
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
		char where[160];
		cell_where(r, at, where, sizeof where);
		rejects_add_at(r->rejects, r->name, r->row_line, where, at >= 0 ? field_key(r, at) : "",
			       value, problem);
		return;
	}
	for (int c = 0; c < r->schema->ncols; c++)
		r->cells[c] = NULL;
	for (int i = 0; i < r->header_n; i++)
		if (r->schema_of[i] >= 0)
			r->cells[r->schema_of[i]] = i < r->nfields ? r->fields[i].text : "";
	struct csv_row row = { r->name, r->row_line, r->cells, r->sheet, r->col_of };
	r->fn(&row, r->ctx);
}

/* The row in r->fields, from either source. */
static void take_row(struct reader *r)
{
	if (r->failed || trim_row(r))
		return;
	if (r->have_header)
		take_record(r);
	else if (!take_header(r))
		take_title_row(r);
}

static void on_row(int terminator, void *data)
{
	(void)terminator;
	struct reader *r = data;
	r->row_ended = true;
	take_row(r);
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

static bool reader_init(struct reader *r, const char *name, const struct csv_schema *schema,
			struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err)
{
	memset(r, 0, sizeof *r);
	r->name = name;
	r->schema = schema;
	r->rejects = rejects;
	r->fn = fn;
	r->ctx = ctx;
	r->err = err;
	r->cur_line = 1;
	r->cells = xcalloc((size_t)schema->ncols, sizeof *r->cells);
	return header_aliases_ready(err);
}

static bool reader_finish(struct reader *r)
{
	if (!r->failed && !r->have_header)
		no_header(r);
	clear_fields(r);
	free(r->fields);
	for (int i = 0; r->header_text && i < r->header_n; i++)
		free(r->header_text[i]);
	free(r->header_text);
	free(r->schema_of);
	free(r->col_of);
	free(r->cells);
	sb_free(&r->best_missing);
	return !r->failed;
}

bool csv_read_stream(FILE *f, const char *name, const struct csv_schema *schema,
		     enum csv_encoding enc, struct rejects *rejects, csv_row_fn fn,
		     void *ctx, struct strbuf *err)
{
	struct reader r;
	if (!reader_init(&r, name, schema, rejects, fn, ctx, err)) {
		reader_finish(&r);
		return false;
	}
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
	csv_free(&r.parser);
	return reader_finish(&r);
}

/* ---- the same rows from a worksheet ---- */

static bool on_sheet_row(const struct xlsx_row *row, void *ctx)
{
	struct reader *r = ctx;
	r->sheet = row->sheet;
	r->row_line = row->number;
	for (int i = 0; i < row->ncells; i++) {
		add_field(r, row->cells[i].text, strlen(row->cells[i].text));
		r->fields[i].problem = row->cells[i].problem;
	}
	take_row(r);
	clear_fields(r);
	return !r->failed;
}

static bool read_sheet(const char *path, const char *data, size_t size, const char *name,
		       const char *sheet, const struct csv_schema *schema, struct rejects *rejects,
		       csv_row_fn fn, void *ctx, struct strbuf *err)
{
	struct reader r;
	if (!reader_init(&r, name, schema, rejects, fn, ctx, err)) {
		reader_finish(&r);
		return false;
	}
	bool read = path ? xlsx_read(path, name, sheet, on_sheet_row, &r, err)
			 : xlsx_read_memory(data, size, name, sheet, on_sheet_row, &r, err);
	if (!read)
		r.failed = true;
	return reader_finish(&r);
}

bool csv_read_xlsx_memory(const void *data, size_t size, const char *name,
			  const struct csv_schema *schema, struct rejects *rejects, csv_row_fn fn,
			  void *ctx, struct strbuf *err)
{
	return read_sheet(NULL, data, size, name, NULL, schema, rejects, fn, ctx, err);
}

/* ---- NAME.csv or NAME.xlsx ---- */

static bool present(const char *path)
{
	return access(path, F_OK) == 0 || errno != ENOENT;
}

/* path and name with ".csv" replaced by ".xlsx"; false when they do not
 * end in ".csv". */
static bool xlsx_form(const char *path, const char *name, char *xpath, size_t np, char *xname, size_t nn)
{
	size_t lp = strlen(path), ln = strlen(name);
	if (lp < 4 || ln < 4 || strcmp(path + lp - 4, ".csv") != 0 || strcmp(name + ln - 4, ".csv") != 0 ||
	    lp + 2 > np || ln + 2 > nn)
		return false;
	snprintf(xpath, np, "%.*s.xlsx", (int)(lp - 4), path);
	snprintf(xname, nn, "%.*s.xlsx", (int)(ln - 4), name);
	return true;
}

bool csv_input_present(const char *path)
{
	char xpath[4096], xname[16];
	return present(path) || (xlsx_form(path, ".csv", xpath, sizeof xpath, xname, sizeof xname) &&
				 present(xpath));
}

bool csv_input_form(const char *dir, const char *name, char *out, size_t n)
{
	char path[4096], xpath[4096], xname[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(out, n, "%s", name);
	if (!present(path) && xlsx_form(path, name, xpath, sizeof xpath, xname, sizeof xname) &&
	    present(xpath)) {
		snprintf(out, n, "%s", xname);
		return true;
	}
	return present(path);
}

bool csv_read(const char *path, const char *name, const struct csv_schema *schema,
	      enum csv_encoding enc, struct rejects *rejects, csv_row_fn fn,
	      void *ctx, struct strbuf *err)
{
	return csv_read_sheet(path, name, NULL, schema, enc, rejects, fn, ctx, err);
}

bool csv_read_sheet(const char *path, const char *name, const char *sheet,
		    const struct csv_schema *schema, enum csv_encoding enc, struct rejects *rejects,
		    csv_row_fn fn, void *ctx, struct strbuf *err)
{
	char xpath[4096], xname[256];
	if (xlsx_form(path, name, xpath, sizeof xpath, xname, sizeof xname) && present(xpath)) {
		if (present(path)) {
			sb_printf(err, "%s and %s: both present; keep one form of the file", name, xname);
			return false;
		}
		return read_sheet(xpath, NULL, 0, xname, sheet, schema, rejects, fn, ctx, err);
	}
	FILE *f = open_regular(path, name, err);
	if (!f)
		return false;
	bool ok = csv_read_stream(f, name, schema, enc, rejects, fn, ctx, err);
	fclose(f);
	return ok;
}

bool csv_read_optional(const char *dir, const char *name, const struct csv_schema *schema,
		       enum csv_encoding enc, struct rejects *rejects, csv_row_fn fn, void *ctx,
		       struct strbuf *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!csv_input_present(path))
		return true;
	return csv_read(path, name, schema, enc, rejects, fn, ctx, err);
}
