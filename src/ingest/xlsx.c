#include "xlsx.h"

#include <errno.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

#include "arena.h"
#include "date.h"
#include "regfile.h"
#include "utf8.h"

#define XLSX_STRING_COUNT_MAX (16 * 1024 * 1024)
#define XLSX_MERGES_MAX (1024 * 1024)
#define XLSX_PROLOG_MAX (64 * 1024)
#define XLSX_NAME_MAX 1024

/* ---- the workbook ---- */

struct numfmt {
	int id;
	enum xlsx_format cls;
	int width;
};

struct merge {
	long r1, r2;
	int c1, c2;
};

struct sheet_entry {
	char *name, *rid;
	bool hidden;
};

struct book {
	const char *name;
	struct strbuf *err;
	bool failed;
	zip_t *zip;
	int64_t expanded; /* bytes expanded from every part so far */

	char *workbook_part, *sheet_part, *strings_part, *styles_part;
	char *sheet_name;
	bool date1904;
	struct sheet_entry *sheets;
	int nsheets;

	struct numfmt *numfmts; /* custom formats */
	int nnumfmts;
	unsigned char *xf_cls, *xf_width;
	int nxf;

	struct strbuf strings; /* shared strings, each NUL-terminated */
	uint32_t *str_off;
	unsigned char *str_flags; /* STR_TOO_LONG, STR_NUL */
	int nstr, capstr;

	struct merge *merges;
	int nmerges, capmerges;
};

enum { STR_TOO_LONG = 1, STR_NUL = 2 };

static bool fail(struct book *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(struct book *b, const char *fmt, ...)
{
	if (b->failed)
		return false;
	b->failed = true;
	sb_printf(b->err, "%s: ", b->name);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(b->err, fmt, ap);
	va_end(ap);
	return false;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* ---- parts: one ZIP entry streamed into an XML reader ---- */

struct part {
	struct book *b;
	const char *path;
	zip_file_t *zf;
	int64_t declared, compressed, got;
	struct strbuf prolog; /* bytes before the root element, to find a DOCTYPE */
	bool prolog_done;
	bool failed;
};

enum prolog_state { PROLOG_MORE, PROLOG_DONE, PROLOG_DOCTYPE };

static const char *find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* Looks through the bytes before the first element for a DOCTYPE: no DTD
 * of any part is ever read, so no entity can be declared. */
static enum prolog_state scan_prolog(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		if (n - i < 9)
			return PROLOG_MORE;
		if (s[i + 1] == '?') {
			const char *end = find(s + i, n - i, "?>");
			if (!end)
				return PROLOG_MORE;
			i = (size_t)(end - s) + 2;
		} else if (memcmp(s + i, "<!--", 4) == 0) {
			const char *end = find(s + i + 4, n - i - 4, "-->");
			if (!end)
				return PROLOG_MORE;
			i = (size_t)(end - s) + 3;
		} else if (s[i + 1] == '!') {
			return PROLOG_DOCTYPE; /* <!DOCTYPE, or anything else a prolog cannot hold */
		} else {
			return PROLOG_DONE;
		}
	}
	return PROLOG_MORE;
}

static bool part_check_prolog(struct part *p, const char *buf, size_t n)
{
	if (p->prolog.len == 0 && n >= 2 &&
	    ((buf[0] == '\xFE' && buf[1] == '\xFF') || (buf[0] == '\xFF' && buf[1] == '\xFE') || buf[0] == '\0' ||
	     buf[1] == '\0'))
		return fail(p->b, "%s: not UTF-8 XML", p->path);
	sb_append(&p->prolog, buf, n);
	switch (scan_prolog(p->prolog.data, p->prolog.len)) {
	case PROLOG_DOCTYPE:
		return fail(p->b, "%s: a DOCTYPE declaration is not allowed", p->path);
	case PROLOG_DONE:
		p->prolog_done = true;
		sb_free(&p->prolog);
		return true;
	default:
		if (p->prolog.len > XLSX_PROLOG_MAX)
			return fail(p->b, "%s: no root element in the first 64 KiB", p->path);
		return true;
	}
}

/* Counts what the entry really expands to: a header may lie about it. */
static bool part_account(struct part *p, int64_t n)
{
	struct book *b = p->b;
	p->got += n;
	b->expanded += n;
	if (p->got > p->declared)
		return fail(b, "%s expands past its declared size of %lld bytes: refused", p->path,
			    (long long)p->declared);
	if (b->expanded > XLSX_TOTAL_MAX)
		return fail(b, "the parts read expand past %lld MiB: refused", (long long)(XLSX_TOTAL_MAX >> 20));
	if (p->got > XLSX_RATIO_GRACE && p->got / XLSX_RATIO_MAX > p->compressed)
		return fail(b, "%s expands more than %d times its compressed size: refused as a ZIP bomb", p->path,
			    XLSX_RATIO_MAX);
	return true;
}

static int part_read(void *ctx, char *buf, int len)
{
	struct part *p = ctx;
	if (p->failed || p->b->failed)
		return -1;
	zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
	if (n < 0) {
		fail(p->b, "%s: %s", p->path, zip_file_strerror(p->zf));
		p->failed = true;
		return -1;
	}
	if (!part_account(p, n) || (!p->prolog_done && n > 0 && !part_check_prolog(p, buf, (size_t)n))) {
		p->failed = true;
		return -1;
	}
	return (int)n;
}

static int part_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static zip_int64_t locate(struct book *b, const char *path)
{
	/* Part names are case-insensitive (OPC). */
	return zip_name_locate(b->zip, path, ZIP_FL_NOCASE);
}

static bool part_open(struct book *b, const char *path, struct part *p)
{
	memset(p, 0, sizeof *p);
	p->b = b;
	p->path = path;
	zip_int64_t idx = locate(b, path);
	if (idx < 0)
		return fail(b, "no part %s in the workbook", path);
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) != 0)
		return fail(b, "%s: %s", path, zip_strerror(b->zip));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return fail(b, "%s is encrypted: save the workbook without a password", path);
	if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
		return fail(b, "%s: compression method %d is not supported", path, (int)st.comp_method);
	if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
		return fail(b, "%s: sizes unknown", path);
	if (st.size > (zip_uint64_t)XLSX_PART_MAX)
		return fail(b, "%s declares %llu bytes expanded, more than %lld MiB: refused", path,
			    (unsigned long long)st.size, (long long)(XLSX_PART_MAX >> 20));
	if (st.size > (zip_uint64_t)XLSX_RATIO_GRACE && st.size / XLSX_RATIO_MAX > st.comp_size)
		return fail(b,
			    "%s declares an expansion of more than %d times its compressed size: refused as a ZIP bomb",
			    path, XLSX_RATIO_MAX);
	p->declared = (int64_t)st.size;
	p->compressed = (int64_t)st.comp_size;
	p->zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
	if (!p->zf)
		return fail(b, "%s: %s", path, zip_strerror(b->zip));
	return true;
}

static void part_close_file(struct part *p)
{
	if (p->zf)
		zip_fclose(p->zf);
	p->zf = NULL;
	sb_free(&p->prolog);
}

struct xml_errctx {
	struct book *b;
	const char *path;
};

static void on_xml_error(void *arg, xmlErrorPtr e)
{
	struct xml_errctx *x = arg;
	if (e->level < XML_ERR_ERROR)
		return;
	char msg[256];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid XML");
	msg[strcspn(msg, "\n")] = '\0';
	fail(x->b, "%s:%d: %s", x->path, e->line, msg);
}

/* Called for each node; false stops with b->failed set. */
typedef bool (*node_fn)(struct book *b, xmlTextReaderPtr r, void *ctx);

static bool parse_part(struct book *b, const char *path, node_fn fn, void *ctx)
{
	struct part p;
	if (!part_open(b, path, &p)) {
		part_close_file(&p);
		return false;
	}
	struct xml_errctx xe = { b, path };
	xmlTextReaderPtr r = xmlReaderForIO(part_read, part_close, &p, path, "UTF-8",
					    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
						    XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	if (!r) {
		part_close_file(&p);
		return fail(b, "%s: cannot read", path);
	}
	xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, &xe);
	int status = 1;
	while (!b->failed && (status = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE) {
			fail(b, "%s: a DOCTYPE declaration is not allowed", path);
			break;
		}
		if (!fn(b, r, ctx))
			break;
	}
	if (!b->failed && status < 0)
		fail(b, "%s: not well-formed XML", path);
	xmlFreeTextReader(r);
	part_close_file(&p);
	return !b->failed;
}

static bool is_element(xmlTextReaderPtr r, const char *local)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
	       strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0;
}

static bool is_end(xmlTextReaderPtr r, const char *local)
{
	int t = xmlTextReaderNodeType(r);
	bool ends = t == XML_READER_TYPE_END_ELEMENT ||
		    (t == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(r) == 1);
	return ends && strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0;
}

static bool is_text(xmlTextReaderPtr r)
{
	int t = xmlTextReaderNodeType(r);
	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA || t == XML_READER_TYPE_WHITESPACE ||
	       t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* An attribute by local name, whatever its namespace; caller frees. */
static char *attr(xmlTextReaderPtr r, const char *local)
{
	char *v = NULL;
	if (xmlTextReaderMoveToFirstAttribute(r) != 1)
		return NULL;
	do {
		if (strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0) {
			v = (char *)xmlTextReaderValue(r);
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(r) == 1);
	xmlTextReaderMoveToElement(r);
	return v;
}

/* ---- part names ---- */

/* base is a part name ("xl/workbook.xml"); target is relative to its
 * folder or absolute ("/xl/…"). Resolves "." and "..". */
static char *resolve_target(const char *base, const char *target)
{
	char buf[XLSX_NAME_MAX * 2 + 2];
	if (target[0] == '/') {
		snprintf(buf, sizeof buf, "%s", target + 1);
	} else {
		const char *slash = strrchr(base, '/');
		int dir = slash ? (int)(slash - base + 1) : 0;
		snprintf(buf, sizeof buf, "%.*s%s", dir, base, target);
	}
	/* Normalise segment by segment. */
	char out[sizeof buf];
	size_t o = 0;
	const char *s = buf;
	while (*s) {
		size_t k = strcspn(s, "/");
		if (k == 1 && s[0] == '.') {
			/* skip */
		} else if (k == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 0 && out[o - 1] == '/')
				o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else if (k > 0) {
			memcpy(out + o, s, k);
			o += k;
			out[o++] = '/';
		}
		s += k + (s[k] == '/');
	}
	if (o > 0)
		o--;
	out[o] = '\0';
	return xstrdup(out);
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels" */
static char *rels_of(const char *part)
{
	const char *slash = strrchr(part, '/');
	int dir = slash ? (int)(slash - part + 1) : 0;
	char buf[XLSX_NAME_MAX * 2];
	snprintf(buf, sizeof buf, "%.*s_rels/%s.rels", dir, part, part + dir);
	return xstrdup(buf);
}

static bool type_is(const char *type, const char *suffix)
{
	size_t n = strlen(type), k = strlen(suffix);
	return n >= k && strcmp(type + n - k, suffix) == 0;
}

/* ---- _rels/.rels: where the workbook is ---- */

static bool on_root_rel(struct book *b, xmlTextReaderPtr r, void *ctx)
{
	(void)ctx;
	if (!is_element(r, "Relationship") || b->workbook_part)
		return true;
	char *type = attr(r, "Type"), *target = attr(r, "Target");
	if (type && target && type_is(type, "/officeDocument") && strlen(target) < XLSX_NAME_MAX)
		b->workbook_part = resolve_target("", target);
	xmlFree(type);
	xmlFree(target);
	return true;
}

/* ---- workbook.xml: sheets and the date system ---- */

static bool truthy(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static bool on_workbook(struct book *b, xmlTextReaderPtr r, void *ctx)
{
	(void)ctx;
	if (is_element(r, "workbookPr")) {
		char *v = attr(r, "date1904");
		b->date1904 = truthy(v);
		xmlFree(v);
	} else if (is_element(r, "sheet")) {
		if (b->nsheets == XLSX_SHEETS_MAX)
			return fail(b, "more than %d sheets", XLSX_SHEETS_MAX);
		char *name = attr(r, "name"), *rid = attr(r, "id"), *state = attr(r, "state");
		if (name && rid) {
			b->sheets = xrealloc(b->sheets, (size_t)(b->nsheets + 1) * sizeof *b->sheets);
			struct sheet_entry *e = &b->sheets[b->nsheets++];
			e->name = xstrdup(name);
			e->rid = xstrdup(rid);
			e->hidden = state && strcmp(state, "visible") != 0;
		}
		xmlFree(name);
		xmlFree(rid);
		xmlFree(state);
	}
	return true;
}

/* ---- workbook rels: the sheet's, strings' and styles' parts ---- */

struct wb_rels {
	const char *sheet_rid;
};

static bool on_workbook_rel(struct book *b, xmlTextReaderPtr r, void *ctx)
{
	struct wb_rels *w = ctx;
	if (!is_element(r, "Relationship"))
		return true;
	char *id = attr(r, "Id"), *type = attr(r, "Type"), *target = attr(r, "Target"), *mode = attr(r, "TargetMode");
	if (id && type && target && strlen(target) < XLSX_NAME_MAX && !(mode && strcmp(mode, "External") == 0)) {
		char **slot = NULL;
		if (strcmp(id, w->sheet_rid) == 0)
			slot = &b->sheet_part;
		else if (type_is(type, "/sharedStrings"))
			slot = &b->strings_part;
		else if (type_is(type, "/styles"))
			slot = &b->styles_part;
		if (slot && !*slot)
			*slot = resolve_target(b->workbook_part, target);
	}
	xmlFree(id);
	xmlFree(type);
	xmlFree(target);
	xmlFree(mode);
	return true;
}

/* ---- styles.xml: which cells hold dates ---- */

static bool in_range(int id, int lo, int hi)
{
	return id >= lo && id <= hi;
}

static enum xlsx_format builtin_format(int id)
{
	/* ECMA-376 §18.8.30; 27-36 and 50-58 are the East Asian date and time
	 * formats (yyyy"年"m"月"d"日", h"时"mm"分" …). */
	if (id == 9 || id == 10)
		return XLSX_FMT_PERCENT;
	if (id == 22)
		return XLSX_FMT_DATETIME;
	if (in_range(id, 14, 17) || in_range(id, 27, 31) || id == 36 || in_range(id, 50, 54) || id == 57 || id == 58)
		return XLSX_FMT_DATE;
	if (in_range(id, 18, 21) || in_range(id, 32, 35) || in_range(id, 45, 47) || id == 55 || id == 56)
		return XLSX_FMT_TIME;
	return XLSX_FMT_GENERAL;
}

/* The first section of a format code (up to an unquoted ';'), with quoted
 * text, escapes, fills and bracketed colours, conditions and locales
 * looked past; elapsed-time brackets ([h], [mm]) count as time. */
static enum xlsx_format custom_format(const char *code, int *width)
{
	bool y = false, d = false, m = false, h = false, s = false, pct = false;
	int zeros = 0, other = 0;
	for (const char *p = code; *p && *p != ';'; p++) {
		char c = *p;
		if (c == '"') {
			const char *q = strchr(p + 1, '"');
			if (!q)
				break;
			p = q;
			other++;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (!p[1])
				break;
			p++;
			other++;
		} else if (c == '[') {
			const char *q = strchr(p + 1, ']');
			if (!q)
				break;
			char lc = (char)(p[1] | 0x20);
			if (lc == 'h' || lc == 's')
				h = true;
			else if (lc == 'm' && (p[2] == ']' || (p[2] | 0x20) == 'm'))
				h = true;
			p = q;
		} else if (strncasecmp(p, "General", 7) == 0) {
			p += 6;
			other++;
		} else if (strncasecmp(p, "AM/PM", 5) == 0) {
			p += 4;
			h = true;
		} else if (strncasecmp(p, "A/P", 3) == 0) {
			p += 2;
			h = true;
		} else {
			switch (c | 0x20) {
			case 'y':
				y = true;
				break;
			case 'd':
				d = true;
				break;
			case 'm':
				m = true;
				break;
			case 'h':
				h = true;
				break;
			case 's':
				s = true;
				break;
			default:
				if (c == '%')
					pct = true;
				else if (c == '0')
					zeros++;
				else
					other++;
			}
		}
	}
	bool date = y || d || (m && !h && !s), time = h || s;
	if (date && time)
		return XLSX_FMT_DATETIME;
	if (date)
		return XLSX_FMT_DATE;
	if (time)
		return XLSX_FMT_TIME;
	if (pct)
		return XLSX_FMT_PERCENT;
	if (zeros >= 2 && other == 0 && zeros <= 64) {
		*width = zeros;
		return XLSX_FMT_ZEROPAD;
	}
	return XLSX_FMT_GENERAL;
}

enum xlsx_format xlsx_format_of(int numfmt_id, const char *code, int *width)
{
	*width = 0;
	return code ? custom_format(code, width) : builtin_format(numfmt_id);
}

static int parse_small_int(const char *s, int max)
{
	if (!s || !*s)
		return -1;
	long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return (int)v;
}

struct styles_ctx {
	bool in_cell_xfs;
};

static bool on_styles(struct book *b, xmlTextReaderPtr r, void *ctx)
{
	struct styles_ctx *sc = ctx;
	if (is_element(r, "numFmt")) {
		char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
		int n = parse_small_int(id, 1 << 20);
		if (n >= 0 && code && b->nnumfmts < XLSX_STYLES_MAX) {
			b->numfmts = xrealloc(b->numfmts, (size_t)(b->nnumfmts + 1) * sizeof *b->numfmts);
			struct numfmt *f = &b->numfmts[b->nnumfmts++];
			f->id = n;
			f->cls = xlsx_format_of(n, code, &f->width);
		}
		xmlFree(id);
		xmlFree(code);
	} else if (is_element(r, "cellXfs")) {
		sc->in_cell_xfs = xmlTextReaderIsEmptyElement(r) != 1;
	} else if (is_end(r, "cellXfs")) {
		sc->in_cell_xfs = false;
	} else if (sc->in_cell_xfs && is_element(r, "xf")) {
		if (b->nxf == XLSX_STYLES_MAX)
			return fail(b, "%s: more than %d cell formats", b->styles_part, XLSX_STYLES_MAX);
		char *id = attr(r, "numFmtId");
		int n = parse_small_int(id, 1 << 20);
		xmlFree(id);
		enum xlsx_format cls = XLSX_FMT_GENERAL;
		int width = 0;
		bool custom = false;
		for (int i = 0; i < b->nnumfmts; i++) {
			if (b->numfmts[i].id == n) {
				cls = b->numfmts[i].cls;
				width = b->numfmts[i].width;
				custom = true;
			}
		}
		if (!custom && n >= 0)
			cls = xlsx_format_of(n, NULL, &width);
		b->xf_cls = xrealloc(b->xf_cls, (size_t)b->nxf + 1);
		b->xf_width = xrealloc(b->xf_width, (size_t)b->nxf + 1);
		b->xf_cls[b->nxf] = (unsigned char)cls;
		b->xf_width[b->nxf] = (unsigned char)width;
		b->nxf++;
	}
	return true;
}

/* ---- sharedStrings.xml ---- */

/* ST_Xstring: "_x000D_" is U+000D, "_x005F_" a literal underscore. Appends
 * s to out decoded; sets *nul when it held U+0000. */
static void append_xstring(struct strbuf *out, const char *s, size_t n, bool *nul)
{
	size_t i = 0;
	while (i < n) {
		const char *u = memchr(s + i, '_', n - i);
		if (!u) {
			sb_append(out, s + i, n - i);
			return;
		}
		size_t at = (size_t)(u - s);
		sb_append(out, s + i, at - i);
		unsigned cp = 0;
		bool esc = n - at >= 7 && s[at + 1] == 'x' && s[at + 6] == '_';
		for (int k = 2; esc && k < 6; k++) {
			char c = s[at + k];
			int v = c >= '0' && c <= '9'                     ? c - '0'
				: (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
									 : -1;
			if (v < 0)
				esc = false;
			cp = cp * 16 + (unsigned)v;
		}
		if (esc && !(cp >= 0xD800 && cp <= 0xDFFF)) {
			char buf[4];
			if (cp == 0)
				*nul = true;
			sb_append(out, buf, utf8_encode(cp, buf));
			i = at + 7;
		} else {
			sb_putc(out, '_');
			i = at + 1;
		}
	}
}

struct strings_ctx {
	bool in_si, in_t, in_rph;
	struct strbuf cur;
	bool nul;
	int64_t held; /* bytes of memory the table holds */
};

static bool strings_commit(struct book *b, struct strings_ctx *sc)
{
	if (b->nstr == XLSX_STRING_COUNT_MAX)
		return fail(b, "%s: more than %d shared strings", b->strings_part, XLSX_STRING_COUNT_MAX);
	unsigned char flags = sc->nul ? STR_NUL : 0;
	size_t len = sc->cur.len;
	if (len > XLSX_CELL_MAX) {
		flags |= STR_TOO_LONG;
		len = 64;
	}
	sc->held += (int64_t)len + 1 + (int64_t)sizeof *b->str_off + 1;
	if (sc->held > XLSX_STRINGS_MAX || b->strings.len + len + 1 > UINT32_MAX)
		return fail(b, "%s: shared strings past %lld MiB: refused", b->strings_part,
			    (long long)(XLSX_STRINGS_MAX >> 20));
	if (b->nstr == b->capstr) {
		b->capstr = b->capstr ? b->capstr * 2 : 1024;
		b->str_off = xrealloc(b->str_off, (size_t)b->capstr * sizeof *b->str_off);
		b->str_flags = xrealloc(b->str_flags, (size_t)b->capstr);
	}
	b->str_off[b->nstr] = (uint32_t)b->strings.len;
	b->str_flags[b->nstr] = flags;
	b->nstr++;
	sb_append(&b->strings, sb_str(&sc->cur), len);
	sb_putc(&b->strings, '\0');
	sb_reset(&sc->cur);
	sc->nul = false;
	return true;
}

static bool on_strings(struct book *b, xmlTextReaderPtr r, void *ctx)
{
	struct strings_ctx *sc = ctx;
	if (is_element(r, "si")) {
		sc->in_si = true;
		sc->in_t = sc->in_rph = false;
		sb_reset(&sc->cur);
		sc->nul = false;
	}
	if (sc->in_si) {
		if (is_element(r, "rPh"))
			sc->in_rph = xmlTextReaderIsEmptyElement(r) != 1;
		else if (is_end(r, "rPh"))
			sc->in_rph = false;
		else if (is_element(r, "t"))
			sc->in_t = xmlTextReaderIsEmptyElement(r) != 1;
		else if (is_end(r, "t"))
			sc->in_t = false;
		else if (sc->in_t && !sc->in_rph && is_text(r)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (sc->cur.len <= XLSX_CELL_MAX)
				append_xstring(&sc->cur, v, strlen(v), &sc->nul);
		}
	}
	if (is_end(r, "si")) {
		sc->in_si = false;
		return strings_commit(b, sc);
	}
	return true;
}

/* ---- cell references ---- */

void xlsx_cell_ref(int col, long row, char *buf)
{
	char letters[4];
	int n = 0;
	for (int c = col + 1; c > 0 && n < 3; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	int o = 0;
	while (n > 0)
		buf[o++] = letters[--n];
	snprintf(buf + o, 12, "%ld", row);
}

/* "B17" -> col 1, row 17; false when it is not a reference in the grid. */
static bool parse_ref(const char *s, int *col, long *row)
{
	int c = 0, letters = 0;
	for (; *s >= 'A' && *s <= 'Z'; s++) {
		if (++letters > 3)
			return false;
		c = c * 26 + (*s - 'A' + 1);
	}
	if (letters == 0 || c > XLSX_MAX_COL)
		return false;
	long r = 0;
	int digits = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 7)
			return false;
		r = r * 10 + (*s - '0');
	}
	if (*s || digits == 0 || r < 1 || r > XLSX_MAX_ROW)
		return false;
	*col = c - 1;
	*row = r;
	return true;
}

/* ---- numbers, exactly ---- */

#define SIG_DIGITS 15
#define DIGITS_MAX 64

struct decimal {
	bool neg;
	char digits[DIGITS_MAX + 2]; /* significant digits, no leading or trailing zeros */
	int n;                       /* 0: the value is zero */
	int exp;                     /* value = digits × 10^exp */
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void decimal_trim(struct decimal *d)
{
	int lead = 0;
	while (lead < d->n && d->digits[lead] == '0')
		lead++;
	memmove(d->digits, d->digits + lead, (size_t)(d->n - lead));
	d->n -= lead;
	while (d->n > 0 && d->digits[d->n - 1] == '0') {
		d->n--;
		d->exp++;
	}
	if (d->n == 0) {
		d->exp = 0;
		d->neg = false;
	}
}

/* [-]digits[.digits][E[+-]digits], as the XML holds a number. */
static bool decimal_parse(const char *s, struct decimal *d)
{
	memset(d, 0, sizeof *d);
	if (strlen(s) > DIGITS_MAX)
		return false;
	if (*s == '-' || *s == '+')
		d->neg = *s++ == '-';
	int frac = 0, mant = 0;
	bool point = false;
	for (; is_digit(*s) || (*s == '.' && !point); s++) {
		if (*s == '.') {
			point = true;
			continue;
		}
		d->digits[d->n++] = *s;
		mant++;
		frac += point;
	}
	if (mant == 0)
		return false;
	int e = 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		bool eneg = *s == '-';
		if (*s == '-' || *s == '+')
			s++;
		if (!is_digit(*s))
			return false;
		for (; is_digit(*s); s++) {
			e = e * 10 + (*s - '0');
			if (e > 400)
				return false;
		}
		e = eneg ? -e : e;
	}
	if (*s)
		return false;
	d->exp = e - frac;
	decimal_trim(d);
	return true;
}

/* To at most SIG_DIGITS significant digits, half away from zero: what a
 * spreadsheet keeps and shows (0.30000000000000004 is 0.3). */
static void decimal_round(struct decimal *d)
{
	if (d->n <= SIG_DIGITS)
		return;
	bool up = d->digits[SIG_DIGITS] >= '5';
	d->exp += d->n - SIG_DIGITS;
	d->n = SIG_DIGITS;
	if (up) {
		int i = SIG_DIGITS - 1;
		while (i >= 0 && d->digits[i] == '9')
			d->digits[i--] = '0';
		if (i >= 0) {
			d->digits[i]++;
		} else {
			memmove(d->digits + 1, d->digits, (size_t)d->n);
			d->digits[0] = '1';
			d->n++;
		}
	}
	decimal_trim(d);
}

/* Digits before the decimal point (0 for values below 1). */
static int decimal_int_digits(const struct decimal *d)
{
	return d->n == 0 || d->n + d->exp < 0 ? 0 : d->n + d->exp;
}

static void decimal_write(const struct decimal *d, int pad, struct strbuf *out)
{
	if (d->n == 0) {
		for (int i = 1; i < pad; i++)
			sb_putc(out, '0');
		sb_putc(out, '0');
		return;
	}
	if (d->neg)
		sb_putc(out, '-');
	int point = d->n + d->exp;
	for (int i = point > 0 ? point : 1; i < pad; i++)
		sb_putc(out, '0');
	if (d->exp >= 0) {
		sb_append(out, d->digits, (size_t)d->n);
		for (int i = 0; i < d->exp; i++)
			sb_putc(out, '0');
	} else if (point > 0) {
		sb_append(out, d->digits, (size_t)point);
		sb_putc(out, '.');
		sb_append(out, d->digits + point, (size_t)(d->n - point));
	} else {
		sb_puts(out, "0.");
		for (int i = 0; i < -point; i++)
			sb_putc(out, '0');
		sb_append(out, d->digits, (size_t)d->n);
	}
}

static const char *const TOO_MANY_DIGITS =
	"a number of more than 15 digits, which a spreadsheet cannot hold exactly: store it as text";

/* Whole days and seconds of a serial (non-negative, rounded). */
static void serial_split(const struct decimal *d, long *days, int *seconds)
{
	int point = d->n + d->exp;
	long whole = 0;
	for (int i = 0; i < point && i < d->n; i++)
		whole = whole * 10 + (d->digits[i] - '0');
	for (int i = d->n; i < point; i++)
		whole *= 10;
	/* Twelve digits of the fraction of a day: 86.4 ns, far below a second. */
	int64_t num = 0;
	for (int k = 0; k < 12; k++) {
		int idx = point + k;
		int digit = idx >= 0 && idx < d->n ? d->digits[idx] - '0' : 0;
		num = num * 10 + digit;
	}
	int64_t scale = INT64_C(1000000000000);
	int64_t sec = (num * 86400 + scale / 2) / scale;
	if (sec == 86400) {
		whole++;
		sec = 0;
	}
	*days = whole;
	*seconds = (int)sec;
}

static void write_time(int seconds, struct strbuf *out)
{
	sb_printf(out, "%02d:%02d", seconds / 3600, seconds / 60 % 60);
	if (seconds % 60)
		sb_printf(out, ":%02d", seconds % 60);
}

static bool serial_text(const struct decimal *d, enum xlsx_format fmt, bool date1904, struct strbuf *out,
			const char **problem)
{
	if (d->neg) {
		*problem = "a negative date serial is not a date";
		return false;
	}
	if (decimal_int_digits(d) > 7) {
		*problem = "a date serial past 9999-12-31";
		return false;
	}
	long days;
	int seconds;
	serial_split(d, &days, &seconds);
	if (fmt == XLSX_FMT_TIME && days == 0) {
		write_time(seconds, out);
		return true;
	}
	/* Serial 1 is 1900-01-01 (1904 system: 0 is 1904-01-01); Excel's
	 * last day is 9999-12-31. */
	int32_t jan1;
	long last_serial = date1904 ? 2957003 : 2958465;
	if (days > last_serial) {
		*problem = "a date serial past 9999-12-31";
		return false;
	}
	if (date1904) {
		date_from_ymd(1904, 1, 1, &jan1);
	} else if (days == 0) {
		*problem = "date serial 0 is the day before 1900-01-01, not a date";
		return false;
	} else if (days == 60) {
		*problem = "date serial 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year error)";
		return false;
	} else {
		date_from_ymd(1900, 1, 1, &jan1);
		/* Excel counts a 29 February 1900 that never was: serials past
		 * it are one day ahead. */
		days -= days < 60 ? 1 : 2;
	}
	int32_t day = jan1 + (int32_t)days;
	char buf[32];
	date_format_iso(day, buf);
	sb_puts(out, buf);
	if (fmt == XLSX_FMT_DATETIME || seconds != 0) {
		sb_putc(out, ' ');
		write_time(seconds, out);
	}
	return true;
}

bool xlsx_number_text(const char *value, enum xlsx_format fmt, int width, bool date1904, struct strbuf *out,
		      const char **problem)
{
	struct decimal d;
	*problem = NULL;
	if (!decimal_parse(value, &d)) {
		*problem = "not a number";
		sb_puts(out, value);
		return false;
	}
	decimal_round(&d);
	bool ok;
	if (fmt == XLSX_FMT_DATE || fmt == XLSX_FMT_DATETIME || fmt == XLSX_FMT_TIME) {
		ok = serial_text(&d, fmt, date1904, out, problem);
	} else if (decimal_int_digits(&d) > SIG_DIGITS) {
		*problem = TOO_MANY_DIGITS;
		ok = false;
	} else if (fmt == XLSX_FMT_PERCENT) {
		if (d.n)
			d.exp += 2;
		decimal_write(&d, 0, out);
		sb_putc(out, '%');
		ok = true;
	} else {
		bool whole = d.exp >= 0 && !d.neg;
		decimal_write(&d, fmt == XLSX_FMT_ZEROPAD && whole ? width : 0, out);
		ok = true;
	}
	if (!ok)
		sb_puts(out, value);
	return ok;
}

/* ---- the sheet: merged ranges first, then the rows ---- */

static bool parse_range(const char *s, struct merge *m)
{
	char a[16], bref[16];
	const char *colon = strchr(s, ':');
	if (!colon || colon - s >= 16 || strlen(colon + 1) >= 16)
		return false;
	memcpy(a, s, (size_t)(colon - s));
	a[colon - s] = '\0';
	strcpy(bref, colon + 1);
	if (!parse_ref(a, &m->c1, &m->r1) || !parse_ref(bref, &m->c2, &m->r2))
		return false;
	return m->r1 <= m->r2 && m->c1 <= m->c2;
}

static bool add_merge(struct book *b, const char *ref)
{
	struct merge m;
	if (!parse_range(ref, &m))
		return true; /* a single cell or a malformed range merges nothing */
	if (b->nmerges == XLSX_MERGES_MAX)
		return fail(b, "%s: more than %d merged ranges", b->sheet_part, XLSX_MERGES_MAX);
	if (b->nmerges == b->capmerges) {
		b->capmerges = b->capmerges ? b->capmerges * 2 : 16;
		b->merges = xrealloc(b->merges, (size_t)b->capmerges * sizeof *b->merges);
	}
	b->merges[b->nmerges++] = m;
	return true;
}

/* The merged ranges (<mergeCells> comes after <sheetData>, but rows are
 * handed on as they are read) are found first by a pass over the part's
 * bytes: inflating only, no XML tree, a fraction of the XML pass's time.
 * Comments, CDATA sections and processing instructions are stepped over,
 * quoted attribute values may hold '>'; the XML pass that follows checks
 * that the part is well-formed. */
enum scan_state { SCAN_TEXT, SCAN_OPEN, SCAN_BANG, SCAN_TAG, SCAN_COMMENT, SCAN_CDATA, SCAN_PI };

struct merge_scan {
	enum scan_state state;
	char quote;
	char tag[512];
	size_t len;
	char last[2]; /* the two bytes before, for "-->", "]]>", "?>" */
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* tag: the text between '<' and '>'. A mergeCell's ref attribute, or "". */
static void merge_ref(const char *tag, char *ref, size_t n)
{
	ref[0] = '\0';
	size_t i = 0;
	while (tag[i] && !is_space(tag[i]) && tag[i] != '/')
		i++;
	const char *colon = memchr(tag, ':', i);
	const char *local = colon ? colon + 1 : tag;
	if ((size_t)(tag + i - local) != 9 || memcmp(local, "mergeCell", 9) != 0)
		return;
	while (tag[i]) {
		while (is_space(tag[i]))
			i++;
		size_t name = i;
		while (tag[i] && tag[i] != '=' && !is_space(tag[i]))
			i++;
		size_t name_len = i - name;
		while (is_space(tag[i]))
			i++;
		if (tag[i] != '=')
			return;
		i++;
		while (is_space(tag[i]))
			i++;
		char q = tag[i];
		if (q != '"' && q != '\'')
			return;
		const char *end = strchr(tag + i + 1, q);
		if (!end)
			return;
		if (name_len == 3 && memcmp(tag + name, "ref", 3) == 0) {
			snprintf(ref, n, "%.*s", (int)(end - tag - i - 1), tag + i + 1);
			return;
		}
		i = (size_t)(end - tag) + 1;
	}
}

static bool scan_byte(struct book *b, struct merge_scan *m, char c)
{
	char l1 = m->last[1], l0 = m->last[0];
	m->last[0] = l1;
	m->last[1] = c;
	switch (m->state) {
	case SCAN_TEXT:
		if (c == '<')
			m->state = SCAN_OPEN;
		break;
	case SCAN_OPEN:
		m->len = 0;
		m->quote = 0;
		m->state = c == '!' ? SCAN_BANG : c == '?' ? SCAN_PI : SCAN_TAG;
		if (m->state == SCAN_TAG)
			m->tag[m->len++] = c;
		break;
	case SCAN_BANG:
		/* "<!--" or "<![CDATA[": decided by the first byte after '!' */
		m->state = c == '-' ? SCAN_COMMENT : c == '[' ? SCAN_CDATA : SCAN_TAG;
		m->last[0] = m->last[1] = 0;
		break;
	case SCAN_COMMENT:
		if (c == '>' && l1 == '-' && l0 == '-')
			m->state = SCAN_TEXT;
		break;
	case SCAN_CDATA:
		if (c == '>' && l1 == ']' && l0 == ']')
			m->state = SCAN_TEXT;
		break;
	case SCAN_PI:
		if (c == '>' && l1 == '?')
			m->state = SCAN_TEXT;
		break;
	case SCAN_TAG:
		if (m->quote) {
			if (c == m->quote)
				m->quote = 0;
		} else if (c == '"' || c == '\'') {
			m->quote = c;
		} else if (c == '>') {
			m->tag[m->len < sizeof m->tag ? m->len : sizeof m->tag - 1] = '\0';
			m->state = SCAN_TEXT;
			char ref[64];
			merge_ref(m->tag, ref, sizeof ref);
			if (ref[0])
				return add_merge(b, ref);
			return true;
		}
		if (m->len < sizeof m->tag - 1)
			m->tag[m->len++] = c;
		break;
	}
	return true;
}

static bool scan_merges(struct book *b)
{
	struct part p;
	bool ok = part_open(b, b->sheet_part, &p);
	struct merge_scan m;
	memset(&m, 0, sizeof m);
	char buf[65536];
	int n;
	while (ok && (n = part_read(&p, buf, (int)sizeof buf)) > 0) {
		for (int i = 0; i < n && ok; i++) {
			if (m.state == SCAN_TEXT) {
				/* text: straight to the next tag */
				const char *lt = memchr(buf + i, '<', (size_t)(n - i));
				if (!lt)
					break;
				i = (int)(lt - buf);
			}
			ok = scan_byte(b, &m, buf[i]);
		}
	}
	part_close_file(&p);
	return ok && !b->failed;
}

static int merge_cmp(const void *x, const void *y)
{
	const struct merge *a = x, *b = y;
	return a->r1 < b->r1 ? -1 : a->r1 > b->r1 ? 1 : (a->c1 > b->c1) - (a->c1 < b->c1);
}

/* A cell's t attribute. */
enum cell_type { CELL_NUMBER, CELL_SHARED, CELL_STR, CELL_INLINE, CELL_BOOL, CELL_ERROR, CELL_DATE, CELL_UNKNOWN };

static enum cell_type cell_type_of(const char *t)
{
	static const char *const names[] = { "n", "s", "str", "inlineStr", "b", "e", "d" };
	for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
		if (strcmp(t, names[i]) == 0)
			return (enum cell_type)i;
	return CELL_UNKNOWN;
}

/* One cell of the row being read: where its text and problem are. */
struct pcell {
	const char *shared;        /* text in the shared-string table, or NULL */
	size_t text_off, text_len; /* else in row_text */
	long problem_off;          /* in row_text, or -1 */
};

struct sheet_ctx {
	xlsx_row_fn fn;
	void *ctx;
	long row, prev_row;
	bool in_row, in_sheet_data;
	int prev_col;
	struct pcell *cells;
	int ncells, capcells;
	struct strbuf row_text;
	struct xlsx_cell *out;
	int capout;
	int next_merge; /* merges sorted by r1: first not yet active */
	int *active;    /* merges covering the current row */
	int nactive;

	/* the cell being read */
	bool in_cell, in_v, in_is, in_t, in_rph, has_f, has_v;
	int col, style;
	enum cell_type type;
	struct strbuf v, num;
	bool v_nul;

	/* Element and attribute names as the reader's dictionary holds them:
	 * compared by pointer, once per node. */
	bool names_ready;
	const xmlChar *n_sheet_data, *n_row, *n_c, *n_v, *n_f, *n_is, *n_rph, *n_t, *a_r, *a_t, *a_s;
};

static void set_problem(struct sheet_ctx *s, struct pcell *c, const char *problem)
{
	if (c->problem_off >= 0)
		return;
	c->problem_off = (long)s->row_text.len;
	sb_puts(&s->row_text, problem);
	sb_putc(&s->row_text, '\0');
}

static struct pcell *cell_at(struct sheet_ctx *s, int col)
{
	if (col >= s->capcells) {
		int cap = s->capcells ? s->capcells : 64;
		while (cap <= col)
			cap *= 2;
		s->cells = xrealloc(s->cells, (size_t)cap * sizeof *s->cells);
		s->capcells = cap;
	}
	while (s->ncells <= col) {
		struct pcell *c = &s->cells[s->ncells++];
		c->shared = NULL;
		c->text_off = 0;
		c->text_len = 0;
		c->problem_off = -1;
	}
	return &s->cells[col];
}

static void put_text(struct sheet_ctx *s, struct pcell *c, const char *text, size_t n)
{
	if (s->row_text.len + n > (size_t)XLSX_ROW_TEXT_MAX) {
		set_problem(s, c, "the row holds more than 64 MiB of text");
		return;
	}
	if (n > XLSX_CELL_MAX) {
		set_problem(s, c, "field longer than 1 MiB");
		n = 64;
	}
	c->shared = NULL;
	c->text_off = s->row_text.len;
	c->text_len = n;
	sb_append(&s->row_text, text, n);
	sb_putc(&s->row_text, '\0');
}

/* Marks the cells of this row that a merged range covers but does not
 * start at: their value is in the range's top-left cell only. */
static void mark_merged(struct book *b, struct sheet_ctx *s)
{
	while (s->next_merge < b->nmerges && b->merges[s->next_merge].r1 <= s->row)
		s->active[s->nactive++] = s->next_merge++;
	int keep = 0;
	for (int i = 0; i < s->nactive; i++) {
		const struct merge *m = &b->merges[s->active[i]];
		if (m->r2 < s->row)
			continue;
		s->active[keep++] = s->active[i];
		for (int col = m->c1; col <= m->c2; col++) {
			if (s->row == m->r1 && col == m->c1)
				continue;
			char from[16], to[16], why[128];
			xlsx_cell_ref(m->c1, m->r1, from);
			xlsx_cell_ref(m->c2, m->r2, to);
			snprintf(why, sizeof why, "part of the merged cells %s:%s, whose value is in %s only", from, to,
				 from);
			set_problem(s, cell_at(s, col), why);
		}
	}
	s->nactive = keep;
}

static bool row_end(struct book *b, struct sheet_ctx *s, const char *sheet)
{
	s->in_row = false;
	if (b->nmerges)
		mark_merged(b, s);
	while (s->ncells > 0) {
		const struct pcell *c = &s->cells[s->ncells - 1];
		bool empty = c->shared ? c->shared[0] == '\0' : c->text_len == 0;
		if (c->problem_off >= 0 || !empty)
			break;
		s->ncells--;
	}
	if (s->ncells == 0)
		return true;
	if (s->ncells > s->capout) {
		s->capout = s->capcells;
		s->out = xrealloc(s->out, (size_t)s->capout * sizeof *s->out);
	}
	for (int i = 0; i < s->ncells; i++) {
		const struct pcell *c = &s->cells[i];
		s->out[i].text = c->shared ? c->shared : s->row_text.data ? s->row_text.data + c->text_off : "";
		s->out[i].problem = c->problem_off >= 0 ? s->row_text.data + c->problem_off : NULL;
		if (!c->shared && c->text_len == 0)
			s->out[i].text = "";
	}
	struct xlsx_row row = { sheet, s->row, s->out, s->ncells };
	return s->fn(&row, s->ctx);
}

static bool row_begin(struct book *b, struct sheet_ctx *s, xmlTextReaderPtr r)
{
	char *rv = attr(r, "r");
	long n = s->prev_row + 1;
	if (rv) {
		int v = parse_small_int(rv, XLSX_MAX_ROW);
		xmlFree(rv);
		if (v < 1)
			return fail(b, "sheet '%s': row number not in 1..%d", b->sheet_name, XLSX_MAX_ROW);
		n = v;
	}
	if (n <= s->prev_row)
		return fail(b, "sheet '%s': row %ld comes after row %ld", b->sheet_name, n, s->prev_row);
	if (n > XLSX_MAX_ROW)
		return fail(b, "sheet '%s': more than %d rows", b->sheet_name, XLSX_MAX_ROW);
	s->row = s->prev_row = n;
	s->in_row = true;
	s->ncells = 0;
	s->prev_col = -1;
	sb_reset(&s->row_text);
	return true;
}

static bool cell_begin(struct book *b, struct sheet_ctx *s, xmlTextReaderPtr r)
{
	char ref[24] = "";
	bool has_ref = false;
	s->type = CELL_NUMBER;
	s->style = 0;
	if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
		do {
			const xmlChar *name = xmlTextReaderConstLocalName(r);
			const char *value = (const char *)xmlTextReaderConstValue(r);
			if (name == s->a_r) {
				size_t k = strnlen(value, sizeof ref - 1);
				memcpy(ref, value, k);
				ref[k] = '\0';
				has_ref = true;
			} else if (name == s->a_t) {
				s->type = cell_type_of(value);
			} else if (name == s->a_s) {
				s->style = parse_small_int(value, XLSX_STYLES_MAX);
			}
		} while (xmlTextReaderMoveToNextAttribute(r) == 1);
		xmlTextReaderMoveToElement(r);
	}
	int col = s->prev_col + 1;
	long row = s->row;
	bool ok = true;
	if (has_ref && !parse_ref(ref, &col, &row))
		ok = fail(b, "sheet '%s' row %ld: '%s' is not a cell reference", b->sheet_name, s->row, ref);
	else if (row != s->row)
		ok = fail(b, "sheet '%s': cell %s inside row %ld", b->sheet_name, ref, s->row);
	else if (col <= s->prev_col)
		ok = fail(b, "sheet '%s' row %ld: cells out of order", b->sheet_name, s->row);
	else if (col >= XLSX_MAX_COL)
		ok = fail(b, "sheet '%s' row %ld: more than %d columns", b->sheet_name, s->row, XLSX_MAX_COL);
	s->col = s->prev_col = col;
	s->in_cell = true;
	s->in_v = s->in_is = s->in_t = s->in_rph = s->has_f = s->has_v = false;
	sb_reset(&s->v);
	s->v_nul = false;
	return ok;
}

/* An ISO 8601 date or date-time (t="d", strict workbooks). */
static bool iso_date_text(const char *v, struct strbuf *out)
{
	int32_t day;
	char date[11];
	if (strlen(v) < 10)
		return false;
	memcpy(date, v, 10);
	date[10] = '\0';
	if (!date_parse(date, &day))
		return false;
	const char *t = v + 10;
	int hh = 0, mm = 0, ss = 0;
	if (*t == 'T' && sscanf(t, "T%2d:%2d:%2d", &hh, &mm, &ss) < 2)
		return false;
	sb_puts(out, date);
	if (hh || mm || ss) {
		sb_putc(out, ' ');
		write_time(hh * 3600 + mm * 60 + ss, out);
	}
	return true;
}

static void cell_end(struct book *b, struct sheet_ctx *s)
{
	s->in_cell = false;
	struct pcell *c = cell_at(s, s->col);
	const char *v = sb_str(&s->v);
	enum cell_type type = s->type;
	bool string = type == CELL_INLINE || type == CELL_STR;
	if (!string && s->v.len == 0)
		s->has_v = false; /* <v/>: no value */
	if (!s->has_v && type != CELL_INLINE) {
		if (s->has_f)
			set_problem(s, c,
				    "a formula without a saved value: open the workbook, recalculate and save it");
		return;
	}
	if (s->v_nul)
		set_problem(s, c, "NUL byte in field");
	if (type == CELL_SHARED) {
		int idx = parse_small_int(v, XLSX_STRING_COUNT_MAX);
		if (idx < 0 || idx >= b->nstr) {
			set_problem(s, c, "shared string index out of range");
			put_text(s, c, v, strlen(v));
			return;
		}
		c->shared = b->strings.data + b->str_off[idx];
		if (b->str_flags[idx] & STR_TOO_LONG)
			set_problem(s, c, "field longer than 1 MiB");
		if (b->str_flags[idx] & STR_NUL)
			set_problem(s, c, "NUL byte in field");
	} else if (string) {
		put_text(s, c, v, s->v.len);
	} else if (type == CELL_BOOL) {
		bool known = strcmp(v, "1") == 0 || strcmp(v, "0") == 0;
		const char *text = strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v;
		if (!known)
			set_problem(s, c, "not a boolean value");
		put_text(s, c, text, strlen(text));
	} else if (type == CELL_ERROR) {
		set_problem(s, c, "the cell holds a formula error value");
		put_text(s, c, v, strlen(v));
	} else if (type == CELL_DATE) {
		struct strbuf t = STRBUF_INIT;
		if (!iso_date_text(v, &t)) {
			set_problem(s, c, "not an ISO 8601 date");
			put_text(s, c, v, strlen(v));
		} else {
			put_text(s, c, t.data, t.len);
		}
		sb_free(&t);
	} else if (type == CELL_NUMBER) {
		int style = s->style >= 0 && s->style < b->nxf ? s->style : -1;
		enum xlsx_format fmt = style >= 0 ? (enum xlsx_format)b->xf_cls[style] : XLSX_FMT_GENERAL;
		int width = style >= 0 ? b->xf_width[style] : 0;
		const char *problem;
		sb_reset(&s->num);
		if (!xlsx_number_text(v, fmt, width, b->date1904, &s->num, &problem))
			set_problem(s, c, problem);
		put_text(s, c, sb_str(&s->num), s->num.len);
	} else {
		set_problem(s, c, "unknown cell type");
		put_text(s, c, v, strlen(v));
	}
}

static void intern_names(struct sheet_ctx *s, xmlTextReaderPtr r)
{
	s->n_sheet_data = xmlTextReaderConstString(r, BAD_CAST "sheetData");
	s->n_row = xmlTextReaderConstString(r, BAD_CAST "row");
	s->n_c = xmlTextReaderConstString(r, BAD_CAST "c");
	s->n_v = xmlTextReaderConstString(r, BAD_CAST "v");
	s->n_f = xmlTextReaderConstString(r, BAD_CAST "f");
	s->n_is = xmlTextReaderConstString(r, BAD_CAST "is");
	s->n_rph = xmlTextReaderConstString(r, BAD_CAST "rPh");
	s->n_t = xmlTextReaderConstString(r, BAD_CAST "t");
	s->a_r = xmlTextReaderConstString(r, BAD_CAST "r");
	s->a_t = s->n_t;
	s->a_s = xmlTextReaderConstString(r, BAD_CAST "s");
	s->names_ready = true;
}

static bool on_sheet(struct book *b, xmlTextReaderPtr r, void *ctx)
{
	struct sheet_ctx *s = ctx;
	if (!s->names_ready)
		intern_names(s, r);
	int type = xmlTextReaderNodeType(r);
	if (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT) {
		const xmlChar *el = xmlTextReaderConstLocalName(r);
		bool start = type == XML_READER_TYPE_ELEMENT;
		bool empty = start && xmlTextReaderIsEmptyElement(r) == 1;
		if (el == s->n_sheet_data) {
			s->in_sheet_data = start && !empty;
			return true;
		}
		if (!s->in_sheet_data)
			return true;
		if (el == s->n_row) {
			if (start && !row_begin(b, s, r))
				return false;
			if ((!start || empty) && !row_end(b, s, b->sheet_name)) {
				b->failed = true; /* the callback said why in *err */
				return false;
			}
		} else if (!s->in_row) {
			return true;
		} else if (el == s->n_c) {
			if (start && !cell_begin(b, s, r))
				return false;
			if (!start || empty)
				cell_end(b, s);
		} else if (!s->in_cell) {
			return true;
		} else if (el == s->n_v) {
			s->in_v = start && !empty;
			s->has_v = true;
		} else if (el == s->n_f) {
			s->has_f = true;
		} else if (el == s->n_is) {
			s->in_is = start && !empty;
			s->has_v = true;
		} else if (el == s->n_rph) {
			s->in_rph = start && !empty;
		} else if (el == s->n_t) {
			s->in_t = start && !empty;
		}
		return true;
	}
	if (!is_text(r) || !s->in_cell)
		return true;
	const char *v = (const char *)xmlTextReaderConstValue(r);
	bool string = s->type == CELL_STR || s->type == CELL_INLINE;
	if (s->v.len > XLSX_CELL_MAX)
		return true; /* put_text refuses it */
	if (s->in_v && string)
		append_xstring(&s->v, v, strlen(v), &s->v_nul);
	else if (s->in_v)
		sb_puts(&s->v, v);
	else if (s->in_is && s->in_t && !s->in_rph)
		append_xstring(&s->v, v, strlen(v), &s->v_nul);
	return true;
}

/* ---- putting it together ---- */

static bool choose_sheet(struct book *b, const char *wanted, const char **rid)
{
	for (int i = 0; i < b->nsheets; i++) {
		bool match = wanted ? strcmp(b->sheets[i].name, wanted) == 0 : !b->sheets[i].hidden;
		if (match) {
			b->sheet_name = b->sheets[i].name;
			*rid = b->sheets[i].rid;
			return true;
		}
	}
	if (!wanted)
		return fail(b, "the workbook has no visible sheet");
	struct strbuf names = STRBUF_INIT;
	for (int i = 0; i < b->nsheets && i < 20; i++)
		sb_printf(&names, "%s'%s'", i ? ", " : "", b->sheets[i].name);
	fail(b, "no sheet named '%s' (the workbook has %s)", wanted, sb_str(&names));
	sb_free(&names);
	return false;
}

static bool read_book(struct book *b, const char *sheet, xlsx_row_fn fn, void *ctx)
{
	zip_int64_t entries = zip_get_num_entries(b->zip, 0);
	if (entries > XLSX_ENTRIES_MAX)
		return fail(b, "more than %d entries in the archive: refused", XLSX_ENTRIES_MAX);
	if (locate(b, "_rels/.rels") >= 0 && !parse_part(b, "_rels/.rels", on_root_rel, NULL))
		return false;
	if (!b->workbook_part)
		b->workbook_part = xstrdup("xl/workbook.xml");
	if (locate(b, b->workbook_part) < 0)
		return fail(b, "not an Excel workbook (no %s); save it as .xlsx", b->workbook_part);
	if (!parse_part(b, b->workbook_part, on_workbook, NULL))
		return false;
	const char *rid = NULL;
	if (!choose_sheet(b, sheet, &rid))
		return false;
	char *rels = rels_of(b->workbook_part);
	struct wb_rels w = { rid };
	bool ok = parse_part(b, rels, on_workbook_rel, &w);
	free(rels);
	if (!ok)
		return false;
	if (!b->sheet_part)
		return fail(b, "sheet '%s' has no part", b->sheet_name);
	struct styles_ctx stc = { false };
	if (b->styles_part && locate(b, b->styles_part) >= 0 && !parse_part(b, b->styles_part, on_styles, &stc))
		return false;
	if (b->strings_part && locate(b, b->strings_part) >= 0) {
		struct strings_ctx sc = { 0 };
		ok = parse_part(b, b->strings_part, on_strings, &sc);
		sb_free(&sc.cur);
		if (!ok)
			return false;
	}
	if (!scan_merges(b))
		return false;
	if (b->nmerges)
		qsort(b->merges, (size_t)b->nmerges, sizeof *b->merges, merge_cmp);
	struct sheet_ctx s = { .fn = fn, .ctx = ctx };
	s.active = xcalloc((size_t)b->nmerges + 1, sizeof *s.active);
	ok = parse_part(b, b->sheet_part, on_sheet, &s);
	free(s.cells);
	free(s.out);
	free(s.active);
	sb_free(&s.row_text);
	sb_free(&s.v);
	sb_free(&s.num);
	return ok;
}

static void book_free(struct book *b)
{
	for (int i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].rid);
	}
	free(b->sheets);
	free(b->workbook_part);
	free(b->sheet_part);
	free(b->strings_part);
	free(b->styles_part);
	free(b->numfmts);
	free(b->xf_cls);
	free(b->xf_width);
	sb_free(&b->strings);
	free(b->str_off);
	free(b->str_flags);
	free(b->merges);
	if (b->zip)
		zip_discard(b->zip);
}

static bool read_source(zip_source_t *src, zip_error_t *ze, const char *name, const char *sheet, xlsx_row_fn fn,
			void *ctx, struct strbuf *err)
{
	struct book b = { 0 };
	b.name = name;
	b.err = err;
	b.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, ze);
	if (!b.zip) {
		sb_printf(err, "%s: not a readable .xlsx workbook (%s)", name, zip_error_strerror(ze));
		zip_source_free(src);
		return false;
	}
	bool ok = read_book(&b, sheet, fn, ctx);
	book_free(&b);
	return ok;
}

bool xlsx_read(const char *path, const char *name, const char *sheet, xlsx_row_fn fn, void *ctx, struct strbuf *err)
{
	/* Never a FIFO or a device (regfile.h): refused, not waited on. */
	const char *why = NULL;
	FILE *f = regfile_fopen(path, &why);
	if (!f) {
		sb_printf(err, "%s: %s", name, why);
		return false;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0) {
		sb_printf(err, "%s: cannot open: %s", name, strerror(errno));
		fclose(f);
		return false;
	}
	if (st.st_size > XLSX_FILE_MAX) {
		sb_printf(err, "%s: larger than %lld MiB: refused", name, (long long)(XLSX_FILE_MAX >> 20));
		fclose(f);
		return false;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_filep_create(f, 0, -1, &ze);
	if (!src) {
		sb_printf(err, "%s: %s", name, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		fclose(f);
		return false;
	}
	bool ok = read_source(src, &ze, name, sheet, fn, ctx, err);
	zip_error_fini(&ze);
	return ok;
}

bool xlsx_read_memory(const void *data, size_t size, const char *name, const char *sheet, xlsx_row_fn fn, void *ctx,
		      struct strbuf *err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
	if (!src) {
		sb_printf(err, "%s: %s", name, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return false;
	}
	bool ok = read_source(src, &ze, name, sheet, fn, ctx, err);
	zip_error_fini(&ze);
	return ok;
}
