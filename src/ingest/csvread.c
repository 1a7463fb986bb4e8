#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "header.h"
#include "regfile.h"
#include "utf8.h"
#include "xlsx.h"

#define CHUNK (64 * 1024)
/* libcsv's buffer for one field may grow to this and no further: a field
 * of any length costs bounded memory (a little slack, because libcsv holds
 * a closing quote and trailing spaces before it knows the field ended). */
#define PARSER_BUFFER_MAX (CSV_FIELD_MAX + 64)
/* How much of an over-long value a reject shows. */
#define CUT_VALUE 64

struct field {
	char *text;
	size_t len;
	bool too_long;
	bool has_nul;        /* seen before trimming, which stops at the first NUL */
	const char *problem; /* a sheet cell that cannot be read exactly */
};

/* A physical line kept for reading again. */
struct held_line {
	long line;
	size_t off, len; /* in the owning buffer's text */
};

/* Lines of text with their numbers, in one buffer. */
struct lines {
	struct strbuf text;
	struct held_line *items;
	int n, cap;
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

	/* The current row's fields: only as many as can be used are kept
	 * (the header's count; before the header, CSV_COLUMNS_MAX), the rest
	 * are counted, so a line of a million commas costs nothing. */
	struct field *fields;
	int nfields, nkept, capfields;
	size_t kept_bytes;
	bool extra_nonempty;  /* a field past the kept ones holds text */
	bool record_too_long; /* kept fields past CSV_RECORD_MAX bytes */

	/* Reading by physical lines (data.md: a row is numbered by the line it
	 * starts on). A row that is still open at a line end (a quoted field
	 * holding a line break) goes on into the next lines; those lines are
	 * held whole before they are parsed, so that a line that is a record
	 * of its own is never swallowed by an unclosed quote above it. */
	long row_line;         /* where the current row started */
	bool row_ended;        /* set by on_row */
	bool line_has_content; /* the row's first line so far holds text */
	bool in_record;        /* the current row continues past a line end */
	struct lines cont;     /* its continuation lines, to read again if it breaks */
	struct strbuf held;    /* a continuation line being read, not yet whole */
	bool skipping;         /* the rest of this physical line is dropped */

	bool have_header;
	int header_n;
	int *schema_of;     /* header position -> schema column or -1 */
	int *col_of;        /* schema column -> header position or -1 */
	int key_at;         /* header position of schema column 0, or -1 */
	char **header_text; /* header cells as written, for the repeat check */
	const char **cells; /* by schema column, for the callback */

	/* Rows above the header (title rows), and the one that came closest
	 * to being the header, for the message when none is. */
	int title_rows;
	int best_named;
	long best_line;
	struct strbuf best_missing;

	const char *sheet; /* a worksheet's rows: NULL for CSV */
};

bool csv_encoding_parse(const char *s, enum csv_encoding *enc)
{
	if (strcmp(s, "auto") == 0)
		*enc = CSV_ENC_AUTO;
	else if (strcmp(s, "utf-8") == 0 || strcmp(s, "utf8") == 0 || strcmp(s, "UTF-8") == 0)
		*enc = CSV_ENC_UTF8;
	else if (strcmp(s, "gb18030") == 0 || strcmp(s, "GB18030") == 0 || strcmp(s, "gbk") == 0 ||
		 strcmp(s, "GBK") == 0)
		*enc = CSV_ENC_GB18030;
	else
		return false;
	return true;
}

static bool contains(const char *s, size_t n, const char *needle, size_t k)
{
	for (size_t i = 0; i + k <= n; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
			return true;
	return false;
}

const char *csv_cell_problem(const char *text, size_t len)
{
	if (len > CSV_FIELD_MAX)
		return "field longer than 1 MiB";
	if (memchr(text, '\0', len))
		return "NUL byte in field";
	/* Bytes the decoder could not read became U+FFFD. */
	if (contains(text, len, UTF8_REPLACEMENT, 3))
		return "bytes that are not valid UTF-8 or GB18030 text";
	if (contains(text, len, "\xEF\xBB\xBF", 3))
		return "byte-order mark (U+FEFF) inside a field";
	return NULL;
}

/* ---- libcsv, bounded ---- */

static void *bounded_realloc(void *p, size_t n)
{
	return n > PARSER_BUFFER_MAX ? NULL : realloc(p, n);
}

/* Every return value of libcsv is checked: a parser that cannot be set up
 * is a failure of the file, not a silent empty one. */
static bool parser_start(struct csv_parser *p, unsigned char options, size_t block)
{
	if (csv_init(p, options) != 0)
		return false;
	/* libcsv grows a field's buffer by this much at a time: its default of
	 * 128 bytes makes one long field cost quadratic time. */
	csv_set_blk_size(p, block);
	csv_set_realloc_func(p, bounded_realloc);
	return true;
}

static void parser_restart(struct reader *r)
{
	csv_free(&r->parser);
	if (!parser_start(&r->parser, CSV_APPEND_NULL, 1024 * 1024)) {
		sb_printf(r->err, "%s: cannot start the CSV parser", r->name);
		r->failed = true;
	}
}

/* ---- rows ---- */

static void clear_fields(struct reader *r)
{
	for (int i = 0; i < r->nkept; i++)
		free(r->fields[i].text);
	r->nfields = r->nkept = 0;
	r->kept_bytes = 0;
	r->extra_nonempty = r->record_too_long = false;
}

static int keep_limit(const struct reader *r)
{
	return r->have_header ? r->header_n : CSV_COLUMNS_MAX;
}

static void keep_text(struct field *f, const char *s, size_t keep)
{
	f->len = keep;
	f->text = xmalloc(keep + 1);
	if (keep)
		memcpy(f->text, s, keep);
	f->text[keep] = '\0';
}

/* Keeps a field of the current row (or only counts it, past the ones that
 * can be used); the kept field, or NULL. */
static struct field *add_field(struct reader *r, const char *s, size_t len)
{
	r->nfields++;
	if (r->nkept >= keep_limit(r)) {
		if (!utf8_blank(s, len))
			r->extra_nonempty = true;
		return NULL;
	}
	if (r->nkept == r->capfields) {
		r->capfields = r->capfields ? r->capfields * 2 : 64;
		r->fields = xrealloc(r->fields, (size_t)r->capfields * sizeof *r->fields);
	}
	struct field *f = &r->fields[r->nkept++];
	f->too_long = len > CSV_FIELD_MAX;
	f->has_nul = memchr(s, '\0', len) != NULL;
	f->problem = NULL;
	size_t keep = len;
	if (f->too_long || r->kept_bytes + len > CSV_RECORD_MAX) {
		r->record_too_long = r->record_too_long || !f->too_long;
		keep = utf8_cut(s, len, CUT_VALUE);
	}
	keep_text(f, s, keep);
	r->kept_bytes += keep;
	return f;
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

static void file_error(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void file_error(struct reader *r, const char *fmt, ...)
{
	if (r->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(r->err, fmt, ap);
	va_end(ap);
	r->failed = true;
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
	for (int i = 0; i < r->nkept; i++)
		if (r->fields[i].too_long || r->fields[i].has_nul)
			return false; /* not a row of column names */
	int *schema_of = xcalloc((size_t)r->nkept + 1, sizeof *schema_of);
	int *found_at = xcalloc((size_t)sc->ncols, sizeof *found_at);
	for (int c = 0; c < sc->ncols; c++)
		found_at[c] = -1;
	int named = 0, twice = -1, twice_at = -1, ambiguous = -1, both[2] = { -1, -1 };
	for (int i = 0; i < r->nkept; i++) {
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
	if (r->nfields > CSV_COLUMNS_MAX) {
		sb_printf(r->err, "%s:%ld: the header has %d columns, more than %d", r->name, r->row_line, r->nfields,
			  CSV_COLUMNS_MAX);
		r->failed = true;
		free(schema_of);
		free(found_at);
		return true;
	}
	r->have_header = true;
	r->header_n = r->nkept;
	r->schema_of = schema_of;
	r->col_of = found_at;
	r->key_at = sc->ncols > 0 ? found_at[0] : -1;
	r->header_text = xcalloc((size_t)r->nkept + 1, sizeof *r->header_text);
	for (int i = 0; i < r->nkept; i++) {
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
		sb_printf(r->err, "%s:%ld: column '%s' (%s) appears twice in the header ('%s' and '%s')", r->name,
			  r->row_line, sc->cols[twice].key, sc->cols[twice].zh, r->fields[found_at[twice]].text,
			  r->fields[twice_at].text);
		r->failed = true;
		return true;
	}
	struct strbuf missing = STRBUF_INIT;
	int n = header_missing(sc, found_at, &missing);
	if (n) {
		sb_printf(r->err, "%s:%ld: required column%s missing: %s", r->name, r->row_line, n > 1 ? "s" : "",
			  missing.data);
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
	sb_printf(r->err,
		  "%s: no header row in the first %d rows: the closest, line %ld, names %d column%s; missing: %s",
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
	for (int i = 0; i < r->nkept && !first[0]; i++)
		first = r->fields[i].text;
	/* Cut between characters: the warning also goes to warnings.csv. */
	size_t n = strlen(first), shown = utf8_cut(first, n, 80);
	diag_warn("%s:%ld: row above the header skipped: '%.*s%s'", r->name, r->row_line, (int)shown, first,
		  shown < n ? "…" : "");
}

/* Trims every kept field and tells whether nothing is left. A field with
 * a NUL byte is never blank: a line of NUL bytes is a broken record, not
 * an empty line. */
static bool blank_row(struct reader *r)
{
	bool blank = !r->extra_nonempty;
	for (int i = 0; i < r->nkept; i++)
		if (utf8_trim(r->fields[i].text)[0] != '\0' || r->fields[i].has_nul || r->fields[i].too_long)
			blank = false;
	return blank;
}

static bool row_repeats_header(struct reader *r)
{
	if (r->nkept < r->header_n)
		return false;
	for (int i = 0; i < r->header_n; i++)
		if (strcmp(r->fields[i].text, r->header_text[i]) != 0)
			return false;
	return true;
}

static const char *field_key(struct reader *r, int i)
{
	int c = i >= 0 && i < r->header_n ? r->schema_of[i] : -1;
	return c >= 0 ? r->schema->cols[c].key : "";
}

/* Every row that does not reach the caller ends here, with its line; the
 * record's key (schema column 0, when the row has it) is noted so that
 * rows depending on it can say it was rejected. */
static void reject_row(struct reader *r, long line, int at, const char *value, const char *why)
{
	const char *key = NULL;
	if (r->key_at >= 0 && r->key_at < r->nkept && !r->fields[r->key_at].too_long && !r->fields[r->key_at].has_nul)
		key = utf8_trim(r->fields[r->key_at].text);
	char where[160];
	cell_where(r, at, where, sizeof where);
	rejects_add_at(r->rejects, r->name, line, where, at >= 0 ? field_key(r, at) : "", value, why);
	if (key && key[0])
		rejects_note_record(r->rejects, r->schema, key);
}

/* The first thing that makes this row unreadable as a row, or NULL. */
static const char *row_problem(struct reader *r, int *at)
{
	*at = -1;
	if (row_repeats_header(r))
		return "header row repeated inside the file";
	for (int i = 0; i < r->nkept; i++) {
		*at = i;
		const struct field *f = &r->fields[i];
		/* A sheet has no row length, and its cells outside the header's
		 * columns are not read: only the columns read are checked. */
		if (r->sheet && (i >= r->header_n || r->schema_of[i] < 0))
			continue;
		if (f->problem)
			return f->problem;
		if (f->too_long)
			return "field longer than 1 MiB";
		if (f->has_nul)
			return "NUL byte in field";
		const char *problem = csv_cell_problem(f->text, strlen(f->text));
		if (problem)
			return problem;
	}
	*at = -1;
	if (r->record_too_long)
		return "record longer than 4 MiB";
	if (r->sheet)
		return NULL;
	if (r->nfields < r->header_n)
		return "too few fields";
	if (r->extra_nonempty)
		return "too many fields";
	return NULL;
}

static void take_record(struct reader *r)
{
	int at;
	const char *problem = row_problem(r, &at);
	if (problem) {
		char why[160];
		if (strstr(problem, "few fields") || strstr(problem, "many fields")) {
			snprintf(why, sizeof why, "%s: the row has %d, the header %d", problem, r->nfields,
				 r->header_n);
			problem = why;
		}
		const char *value = at >= 0 ? r->fields[at].text : (r->nkept ? r->fields[0].text : "");
		reject_row(r, r->row_line, at, value, problem);
		return;
	}
	for (int c = 0; c < r->schema->ncols; c++)
		r->cells[c] = NULL;
	for (int i = 0; i < r->header_n; i++)
		if (r->schema_of[i] >= 0)
			r->cells[r->schema_of[i]] = i < r->nkept ? r->fields[i].text : "";
	struct csv_row row = { r->name, r->row_line, r->cells, r->sheet, r->col_of };
	r->fn(&row, r->ctx);
}

/* The row in r->fields, from either source. */
static void take_row(struct reader *r)
{
	if (r->failed || blank_row(r))
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

/* ---- a line that is a record of its own ---- */

struct probe {
	int fields, rows;
	bool any_text;
};

static void probe_field(void *s, size_t len, void *data)
{
	struct probe *p = data;
	p->fields++;
	if (!utf8_blank(s, len))
		p->any_text = true;
}

static void probe_row(int terminator, void *data)
{
	(void)terminator;
	((struct probe *)data)->rows++;
}

/* A whole line that, read alone and strictly (every quote where RFC 4180
 * puts one), is one row with exactly the header's fields and some text. */
static bool line_is_record(const struct reader *r, const char *s, size_t n)
{
	struct csv_parser p;
	if (!parser_start(&p, CSV_STRICT, 64 * 1024))
		return false;
	struct probe pr = { 0, 0, false };
	bool whole = csv_parse(&p, s, n, probe_field, probe_row, &pr) == n;
	csv_free(&p);
	return whole && pr.rows == 1 && pr.fields == r->header_n && pr.any_text;
}

/* ---- feeding libcsv line by line ---- */

static void take_segment(struct reader *r, long line, const char *s, size_t n, bool ends_line);

static void lines_add(struct lines *l, long line, const char *s, size_t n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = xrealloc(l->items, (size_t)l->cap * sizeof *l->items);
	}
	l->items[l->n++] = (struct held_line){ line, l->text.len, n };
	sb_append(&l->text, s, n);
}

static void lines_free(struct lines *l)
{
	sb_free(&l->text);
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* The text of the open field as far as its first line goes, cut short. */
static const char *open_field_start(struct reader *r, char *buf, size_t size)
{
	const char *s = (const char *)r->parser.entry_buf;
	size_t n = s ? r->parser.entry_pos : 0;
	size_t line = 0;
	while (line < n && s[line] != '\n' && s[line] != '\r')
		line++;
	size_t keep = utf8_cut(s ? s : "", line, size - 1);
	memcpy(buf, s ? s : "", keep);
	buf[keep] = '\0';
	return utf8_trim(buf);
}

/* The open row cannot be read: its field is too long, or the quote it
 * opened does not close where a record could end. The row goes to rejects
 * with its first line; every line it had taken in is read again, as the
 * record it is or the reject it earns, each with its own number. */
static void break_record(struct reader *r, const char *why)
{
	if (!r->have_header) {
		file_error(r, "%s:%ld: the header row cannot be read: %s", r->name, r->row_line, why);
		return;
	}
	char value[1024];
	open_field_start(r, value, sizeof value);
	reject_row(r, r->row_line, r->nfields, value, why);
	clear_fields(r);
	parser_restart(r);
	r->in_record = false;
	struct lines again = r->cont;
	memset(&r->cont, 0, sizeof r->cont);
	for (int i = 0; i < again.n && !r->failed; i++)
		take_segment(r, again.items[i].line, again.text.data + again.items[i].off, again.items[i].len, true);
	lines_free(&again);
}

/* libcsv stopped: a field outgrew PARSER_BUFFER_MAX (or libcsv failed). */
static void parser_failed(struct reader *r, bool line_done)
{
	const char *why =
		csv_error(&r->parser) == CSV_ENOMEM ? "field longer than 1 MiB" : csv_strerror(csv_error(&r->parser));
	if (r->in_record) {
		break_record(r, why);
		return;
	}
	if (!r->have_header) {
		file_error(r, "%s:%ld: the header row cannot be read: %s", r->name, r->row_line, why);
		return;
	}
	char value[CUT_VALUE + 1];
	const char *s = (const char *)r->parser.entry_buf;
	size_t keep = s ? utf8_cut(s, r->parser.entry_pos, CUT_VALUE) : 0;
	memcpy(value, s ? s : "", keep);
	value[keep] = '\0';
	reject_row(r, r->row_line, r->nfields, value, why);
	clear_fields(r);
	parser_restart(r);
	r->skipping = !line_done;
}

/* Feeds text of the current row to libcsv; false when libcsv stopped. */
static bool parse(struct reader *r, const char *s, size_t n)
{
	return csv_parse(&r->parser, s, n, on_field, on_row, r) == n;
}

static bool has_content(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n' && s[i] != ' ' && s[i] != '\t')
			return true;
	return false;
}

/* A row's first line goes straight to libcsv, piece by piece. A line with
 * text that has not ended its row by its line break holds a quoted line
 * break: the row goes on into the next lines. */
static void stream(struct reader *r, long line, const char *s, size_t n, bool ends_line)
{
	if (r->row_line != line) {
		r->row_line = line;
		r->row_ended = false;
		r->line_has_content = false;
	}
	r->line_has_content = r->line_has_content || has_content(s, n);
	if (!parse(r, s, n)) {
		parser_failed(r, ends_line);
		return;
	}
	if (ends_line && !r->row_ended && r->line_has_content && !r->failed) {
		r->in_record = true;
		r->cont.n = 0;
		sb_reset(&r->cont.text);
	}
}

/* A continuation line is held until it is whole, then either ends the
 * open row (or goes on with it), or — when it is a record of its own, or
 * the row grows past its bounds — breaks the row. */
static void hold(struct reader *r, long line, const char *s, size_t n, bool ends_line)
{
	if (r->cont.text.len + r->held.len + n > CSV_RECORD_MAX || r->cont.n >= CSV_RECORD_LINES - 1) {
		struct strbuf part = r->held;
		memset(&r->held, 0, sizeof r->held);
		break_record(r, "quoted field runs past " CSV_RECORD_BOUNDS ": its closing quote is missing");
		if (part.len)
			take_segment(r, line, part.data, part.len, false);
		sb_free(&part);
		take_segment(r, line, s, n, ends_line);
		return;
	}
	sb_append(&r->held, s, n);
	if (!ends_line)
		return;
	struct strbuf whole = r->held;
	memset(&r->held, 0, sizeof r->held);
	if (line_is_record(r, whole.data, whole.len)) {
		char why[96];
		snprintf(why, sizeof why, "quote not closed: the quoted field runs into line %ld, a record of its own",
			 line);
		break_record(r, why);
		take_segment(r, line, whole.data, whole.len, true);
	} else {
		lines_add(&r->cont, line, whole.data, whole.len);
		r->row_ended = false;
		if (!parse(r, whole.data, whole.len))
			parser_failed(r, true);
		else if (r->row_ended)
			r->in_record = false;
	}
	sb_free(&whole);
}

static void take_segment(struct reader *r, long line, const char *s, size_t n, bool ends_line)
{
	if (r->failed)
		return;
	if (r->skipping) {
		r->skipping = !ends_line;
		return;
	}
	if (r->in_record)
		hold(r, line, s, n, ends_line);
	else
		stream(r, line, s, n, ends_line);
}

struct splitter {
	struct reader *r;
	long line;     /* the physical line being read (header = 1) */
	bool cr_held;  /* the line ended with a CR: an LF may follow */
	bool mid_line; /* the current line has begun */
};

/* Cuts decoded text into physical lines, each ended by LF, CR LF or a
 * lone CR, and hands them on piece by piece with their line numbers; the
 * last piece of a line holds its whole line break. */
static void split_text(struct splitter *sp, const char *s, size_t n)
{
	size_t i = 0;
	if (n && sp->cr_held) {
		bool crlf = s[0] == '\n';
		take_segment(sp->r, sp->line++, crlf ? "\r\n" : "\r", crlf ? 2 : 1, true);
		sp->cr_held = false;
		i += crlf;
	}
	while (i < n && !sp->r->failed) {
		size_t end = i;
		while (end < n && s[end] != '\n' && s[end] != '\r')
			end++;
		if (end == n) {
			take_segment(sp->r, sp->line, s + i, end - i, false);
			sp->mid_line = sp->mid_line || end > i;
			break;
		}
		if (s[end] == '\r' && end + 1 == n) {
			/* Whether an LF follows is in the next piece of text. */
			take_segment(sp->r, sp->line, s + i, end - i, false);
			sp->cr_held = true;
			sp->mid_line = false;
			break;
		}
		size_t brk = s[end] == '\r' && s[end + 1] == '\n' ? 2 : 1;
		take_segment(sp->r, sp->line++, s + i, end + brk - i, true);
		sp->mid_line = false;
		i = end + brk;
	}
}

/* The end of the text: a last line without a line break gets one (it
 * ends the row without changing any field), and a row still open then has
 * a quote that never closes. */
static void end_text(struct splitter *sp)
{
	struct reader *r = sp->r;
	if (sp->cr_held)
		take_segment(r, sp->line++, "\r", 1, true);
	else if (sp->mid_line)
		take_segment(r, sp->line, "\n", 1, true);
	while (r->in_record && !r->failed)
		break_record(r, "quote not closed before the end of the file");
	if (!r->failed && csv_fini(&r->parser, on_field, on_row, r) != 0)
		file_error(r, "%s: %s", r->name, csv_strerror(csv_error(&r->parser)));
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

static void split_sink(void *ctx, const char *s, size_t n)
{
	split_text(ctx, s, n);
}

static bool reader_init(struct reader *r, const char *name, const struct csv_schema *schema, struct rejects *rejects,
			csv_row_fn fn, void *ctx, struct strbuf *err)
{
	memset(r, 0, sizeof *r);
	r->name = name;
	r->schema = schema;
	r->rejects = rejects;
	r->fn = fn;
	r->ctx = ctx;
	r->err = err;
	r->key_at = -1;
	r->cells = xcalloc((size_t)schema->ncols, sizeof *r->cells);
	return header_aliases_ready(err);
}

static bool reader_finish(struct reader *r)
{
	if (!r->failed && !r->have_header)
		no_header(r);
	clear_fields(r);
	free(r->fields);
	lines_free(&r->cont);
	sb_free(&r->held);
	for (int i = 0; r->header_text && i < r->header_n; i++)
		free(r->header_text[i]);
	free(r->header_text);
	free(r->schema_of);
	free(r->col_of);
	free(r->cells);
	sb_free(&r->best_missing);
	return !r->failed;
}

bool csv_read_stream(FILE *f, const char *name, const struct csv_schema *schema, enum csv_encoding enc,
		     struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err)
{
	struct reader r;
	if (!reader_init(&r, name, schema, rejects, fn, ctx, err))
		return reader_finish(&r);
	if (!parser_start(&r.parser, CSV_APPEND_NULL, 1024 * 1024)) {
		sb_printf(err, "%s: cannot start the CSV parser", name);
		r.failed = true;
		return reader_finish(&r);
	}
	if (enc == CSV_ENC_AUTO)
		enc = detect_encoding(f);
	struct splitter sp = { &r, 1, false, false };
	decode_file(f, enc, split_sink, &sp);
	if (ferror(f))
		file_error(&r, "%s: read error: %s", name, strerror(errno));
	if (!r.failed)
		end_text(&sp);
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
		struct field *f = add_field(r, row->cells[i].text, strlen(row->cells[i].text));
		if (f)
			f->problem = row->cells[i].problem;
	}
	take_row(r);
	clear_fields(r);
	return !r->failed;
}

static bool read_sheet(const char *path, const char *data, size_t size, const char *name, const char *sheet,
		       const struct csv_schema *schema, struct rejects *rejects, csv_row_fn fn, void *ctx,
		       struct strbuf *err)
{
	struct reader r;
	if (!reader_init(&r, name, schema, rejects, fn, ctx, err))
		return reader_finish(&r);
	bool read = path ? xlsx_read(path, name, sheet, on_sheet_row, &r, err)
			 : xlsx_read_memory(data, size, name, sheet, on_sheet_row, &r, err);
	if (!read)
		r.failed = true;
	return reader_finish(&r);
}

bool csv_read_xlsx_memory(const void *data, size_t size, const char *name, const struct csv_schema *schema,
			  struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err)
{
	return read_sheet(NULL, data, size, name, NULL, schema, rejects, fn, ctx, err);
}

/* ---- NAME.csv or NAME.xlsx ---- */

/* Anything at all at path, a dangling symbolic link included: such an
 * input is refused when it is opened, never taken for an absent one. */
static bool present(const char *path)
{
	return !regfile_absent(path);
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
	return present(path) || (xlsx_form(path, ".csv", xpath, sizeof xpath, xname, sizeof xname) && present(xpath));
}

bool csv_input_form(const char *dir, const char *name, char *out, size_t n)
{
	char path[4096], xpath[4096], xname[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(out, n, "%s", name);
	if (!present(path) && xlsx_form(path, name, xpath, sizeof xpath, xname, sizeof xname) && present(xpath)) {
		snprintf(out, n, "%s", xname);
		return true;
	}
	return present(path);
}

bool csv_read(const char *path, const char *name, const struct csv_schema *schema, enum csv_encoding enc,
	      struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err)
{
	return csv_read_sheet(path, name, NULL, schema, enc, rejects, fn, ctx, err);
}

bool csv_read_sheet(const char *path, const char *name, const char *sheet, const struct csv_schema *schema,
		    enum csv_encoding enc, struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err)
{
	char xpath[4096], xname[256];
	if (xlsx_form(path, name, xpath, sizeof xpath, xname, sizeof xname) && present(xpath)) {
		if (present(path)) {
			sb_printf(err, "%s and %s: both present; keep one form of the file", name, xname);
			return false;
		}
		return read_sheet(xpath, NULL, 0, xname, sheet, schema, rejects, fn, ctx, err);
	}
	const char *why = NULL;
	FILE *f = regfile_fopen(path, &why);
	if (!f) {
		sb_printf(err, "%s: %s", name, why);
		return false;
	}
	bool ok = csv_read_stream(f, name, schema, enc, rejects, fn, ctx, err);
	fclose(f);
	return ok;
}

bool csv_read_optional(const char *dir, const char *name, const struct csv_schema *schema, enum csv_encoding enc,
		       struct rejects *rejects, csv_row_fn fn, void *ctx, struct strbuf *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!csv_input_present(path))
		return true;
	return csv_read(path, name, schema, enc, rejects, fn, ctx, err);
}
