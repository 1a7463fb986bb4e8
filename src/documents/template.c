#include "template.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/* ---- contexts ---- */

struct tlist {
	const char *name;
	struct tctx **items;
	int n, cap;
};

struct tctx {
	struct arena *arena;
	const struct tctx *parent;
	const char **keys, **vals;
	int n, cap;
	struct tlist *lists;
	int nlists, caplists;
};

struct tctx *tctx_new(struct arena *arena, const struct tctx *parent)
{
	struct tctx *c = arena_alloc(arena, sizeof *c);
	c->arena = arena;
	c->parent = parent;
	return c;
}

/* Arrays grow in the arena: contexts live as long as the batch. */
static void *grow(struct arena *a, void *old, int count, int *cap, size_t size)
{
	if (count < *cap)
		return old;
	int bigger = *cap ? *cap * 2 : 16;
	void *p = arena_alloc(a, (size_t)bigger * size);
	if (old)
		memcpy(p, old, (size_t)count * size);
	*cap = bigger;
	return p;
}

/* A field's name, kept once for the process: a table's every row sets
 * the same dozen names (item.id, item.amount …), and a sheet of 100,000
 * rows would otherwise copy them 100,000 times. The names are the
 * templates' vocabulary, a few hundred at most. */
static const char *field_name(const char *key)
{
	static struct strmap names;
	static struct arena names_arena;
	return strmap_intern(&names, &names_arena, key);
}

void tctx_set(struct tctx *c, const char *key, const char *value)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->keys[i], key) == 0) {
			c->vals[i] = arena_strdup(c->arena, value ? value : "");
			return;
		}
	int cap = c->cap;
	c->keys = grow(c->arena, c->keys, c->n, &cap, sizeof *c->keys);
	c->vals = grow(c->arena, c->vals, c->n, &c->cap, sizeof *c->vals);
	c->keys[c->n] = field_name(key);
	c->vals[c->n] = arena_strdup(c->arena, value ? value : "");
	c->n++;
}

void tctx_setf(struct tctx *c, const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	tctx_set(c, key, sb_str(&sb));
	sb_free(&sb);
}

static struct tlist *find_list(const struct tctx *c, const char *name)
{
	for (; c; c = c->parent)
		for (int i = 0; i < c->nlists; i++)
			if (strcmp(c->lists[i].name, name) == 0)
				return &c->lists[i];
	return NULL;
}

void tctx_add_item(struct tctx *c, const char *list, struct tctx *item)
{
	struct tlist *l = NULL;
	for (int i = 0; i < c->nlists; i++)
		if (strcmp(c->lists[i].name, list) == 0)
			l = &c->lists[i];
	if (!l) {
		c->lists = grow(c->arena, c->lists, c->nlists, &c->caplists, sizeof *c->lists);
		l = &c->lists[c->nlists++];
		memset(l, 0, sizeof *l);
		l->name = field_name(list);
	}
	l->items = grow(c->arena, l->items, l->n, &l->cap, sizeof *l->items);
	l->items[l->n++] = item;
}

const char *tctx_get(const struct tctx *c, const char *key)
{
	for (; c; c = c->parent)
		for (int i = 0; i < c->n; i++)
			if (strcmp(c->keys[i], key) == 0)
				return c->vals[i];
	return NULL;
}

const struct tctx *tctx_parent(const struct tctx *c)
{
	return c->parent;
}

int tctx_nfields(const struct tctx *c)
{
	return c->n;
}

void tctx_field(const struct tctx *c, int i, const char **key, const char **value)
{
	*key = c->keys[i];
	*value = c->vals[i];
}

int tctx_nlists(const struct tctx *c)
{
	return c->nlists;
}

const char *tctx_list(const struct tctx *c, int i, struct tctx *const **items, int *nitems)
{
	*items = c->lists[i].items;
	*nitems = c->lists[i].n;
	return c->lists[i].name;
}

struct tctx *const *tctx_items(const struct tctx *c, const char *list, int *n)
{
	for (int i = 0; i < c->nlists; i++)
		if (strcmp(c->lists[i].name, list) == 0) {
			*n = c->lists[i].n;
			return c->lists[i].items;
		}
	*n = 0;
	return NULL;
}

/* ---- templates ---- */

struct template
{
	xmlDocPtr doc;
	char *name;
};

static const char *const ELEMENTS[] = { "document", "mark",     "doc-number",  "title", "addressee", "p",
					"if",       "each",     "attachments", "item",  "signature", "table",
					"col",      "colophon", "blank",       "line",  "pagebreak", "row",
					"cell",     "opt",      "join",        "part",  NULL };

static bool known(const char *name)
{
	for (const char *const *e = ELEMENTS; *e; e++)
		if (strcmp(*e, name) == 0)
			return true;
	return false;
}

static bool check_tree(const xmlNode *n, const char *name, struct strbuf *err)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!known((const char *)n->name)) {
			sb_printf(err, "%s:%ld: unknown element <%s>", name, xmlGetLineNo(n), n->name);
			return false;
		}
		if (!check_tree(n->children, name, err))
			return false;
	}
	return true;
}

struct xml_errors {
	const char *name;
	struct strbuf *err;
	bool failed;
};

static void on_xml_error(void *ctx, const xmlError *e)
{
	struct xml_errors *x = ctx;
	if (x->failed || e->level < XML_ERR_ERROR)
		return;
	x->failed = true;
	char msg[256];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
	msg[strcspn(msg, "\n")] = '\0';
	sb_printf(x->err, "%s:%d: %s", x->name, e->line, msg);
}

struct template *template_parse(const char *xml, const char *name, struct strbuf *err)
{
	struct xml_errors x = { name, err, false };
	xmlSetStructuredErrorFunc(&x, (xmlStructuredErrorFunc)on_xml_error);
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), name, NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc) {
		if (!x.failed)
			sb_printf(err, "%s: not a well-formed XML document", name);
		return NULL;
	}
	if (!x.failed && (doc->intSubset || doc->extSubset)) {
		sb_printf(err, "%s: a DOCTYPE declaration is not allowed", name);
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (x.failed || !root || strcmp((const char *)root->name, "document") != 0) {
		if (!x.failed)
			sb_printf(err, "%s:%ld: the root element must be <document>", name,
				  root ? xmlGetLineNo(root) : 0L);
		xmlFreeDoc(doc);
		return NULL;
	}
	if (!check_tree(root->children, name, err)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	struct template *t = xcalloc(1, sizeof *t);
	t->doc = doc;
	t->name = strcpy(xmalloc(strlen(name) + 1), name);
	return t;
}

struct template *template_load(const char *path, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	const char *why;
	if (!sb_read_file(&text, path, 4 << 20, &why)) {
		sb_printf(err, "%s: cannot read template: %s", path, why);
		sb_free(&text);
		return NULL;
	}
	struct template *t = template_parse(sb_str(&text), path, err);
	sb_free(&text);
	return t;
}

const char *template_name(const struct template *t)
{
	return t->name;
}

const void *template_root(const struct template *t)
{
	return xmlDocGetRootElement(t->doc);
}

void template_free(struct template *t)
{
	if (!t)
		return;
	xmlFreeDoc(t->doc);
	free(t->name);
	free(t);
}

/* ---- expansion ---- */

struct expander {
	const struct template *t;
	struct arena *arena;
	struct strbuf *err;
	bool failed;
	struct block *blocks;
	int nblocks, capblocks;
	struct officialdoc *out;
};

/* Template text: a line break and the white space around it vanish. */
static void append_literal(struct strbuf *sb, const char *s)
{
	while (*s) {
		if (*s == '\n' || *s == '\r') {
			while (sb->len && (sb->data[sb->len - 1] == ' ' || sb->data[sb->len - 1] == '\t'))
				sb->data[--sb->len] = '\0';
			while (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
				s++;
			continue;
		}
		sb_putc(sb, *s++);
	}
}

struct spans {
	struct provenance *items;
	int n, cap;
};

/* An attribute's text as written (no fields), or NULL; free with free_raw. */
static const char *attr_raw(const xmlNode *n, const char *name)
{
	return (const char *)xmlGetProp(n, (const xmlChar *)name);
}

static void free_raw(const char *s)
{
	xmlFree((xmlChar *)s);
}

/* Replaces {field} in s; records where each value landed. *empty (may
 * be NULL) is set when a field's value is empty. */
static bool substitute(struct expander *x, const xmlNode *n, const char *s, const struct tctx *ctx, struct strbuf *out,
		       struct spans *spans, bool *empty)
{
	struct strbuf lit = STRBUF_INIT;
	while (*s) {
		const char *open = strchr(s, '{');
		if (!open) {
			append_literal(out, s);
			break;
		}
		sb_reset(&lit);
		sb_append(&lit, s, (size_t)(open - s));
		append_literal(out, sb_str(&lit));
		const char *close = strchr(open, '}');
		if (!close) {
			sb_printf(x->err, "%s:%ld: '{' without '}'", x->t->name, xmlGetLineNo(n));
			sb_free(&lit);
			return false;
		}
		char key[128];
		snprintf(key, sizeof key, "%.*s", (int)(close - open - 1), open + 1);
		const char *v = tctx_get(ctx, key);
		if (!v) {
			sb_printf(x->err, "%s:%ld: unknown field {%s}", x->t->name, xmlGetLineNo(n), key);
			sb_free(&lit);
			return false;
		}
		if (empty && !v[0])
			*empty = true;
		if (spans) {
			spans->items = grow(x->arena, spans->items, spans->n, &spans->cap, sizeof *spans->items);
			spans->items[spans->n++] =
				(struct provenance){ (int)out->len, (int)strlen(v), arena_strdup(x->arena, key) };
		}
		sb_puts(out, v);
		s = close + 1;
	}
	sb_free(&lit);
	return true;
}

static void truncate_to(struct strbuf *sb, struct spans *spans, size_t len, int nspans)
{
	sb->len = len;
	sb->data[len] = '\0';
	if (spans)
		spans->n = nspans;
}

/* The text of n's children into out: text with its fields; <opt>…</opt>
 * only when none of its fields is empty; <join sep="，" end="。"> the
 * <part>s none of whose fields is empty, separated, the end after the
 * last — so an empty field never leaves a bare label ("联系人：，"). */
static bool inline_text(struct expander *x, const xmlNode *n, const struct tctx *ctx, struct strbuf *out,
			struct spans *spans, bool *empty)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!substitute(x, n, (const char *)c->content, ctx, out, spans, empty))
				return false;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		size_t mark = out->len;
		int marks = spans ? spans->n : 0;
		if (strcmp(name, "opt") == 0) {
			bool gap = false;
			if (!inline_text(x, c, ctx, out, spans, &gap))
				return false;
			if (gap)
				truncate_to(out, spans, mark, marks);
		} else if (strcmp(name, "join") == 0) {
			const char *sep = attr_raw(c, "sep"), *end = attr_raw(c, "end");
			int kept = 0;
			for (const xmlNode *part = c->children; part; part = part->next) {
				if (part->type != XML_ELEMENT_NODE || strcmp((const char *)part->name, "part") != 0)
					continue;
				size_t before = out->len;
				int spans_before = spans ? spans->n : 0;
				if (kept && sep)
					sb_puts(out, sep);
				bool gap = false;
				if (!inline_text(x, part, ctx, out, spans, &gap))
					return false;
				if (gap)
					truncate_to(out, spans, before, spans_before);
				else
					kept++;
			}
			if (kept && end)
				sb_puts(out, end);
			free_raw(sep);
			free_raw(end);
		} else {
			sb_printf(x->err, "%s:%ld: <%s> is not allowed in text", x->t->name, xmlGetLineNo(c), name);
			return false;
		}
	}
	return true;
}

/* All text below n, fields substituted, as one string. */
static const char *text_of(struct expander *x, const xmlNode *n, const struct tctx *ctx, struct spans *spans)
{
	struct strbuf sb = STRBUF_INIT;
	if (!inline_text(x, n, ctx, &sb, spans, NULL))
		x->failed = true;
	const char *s = arena_strdup(x->arena, sb_str(&sb));
	sb_free(&sb);
	/* Leading and trailing white space of an element is layout, not text. */
	while (*s == ' ' || *s == '\t')
		s++;
	char *t = (char *)s;
	size_t len = strlen(t);
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\t'))
		t[--len] = '\0';
	return s;
}

/* The field an attribute is when it is nothing but "{field}", else NULL. */
static const char *sole_field(const char *v, const struct tctx *ctx)
{
	size_t len = strlen(v);
	if (len < 3 || len > 128 || v[0] != '{' || v[len - 1] != '}' || memchr(v + 1, '{', len - 2) ||
	    memchr(v + 1, '}', len - 2))
		return NULL;
	char key[128];
	snprintf(key, sizeof key, "%.*s", (int)(len - 2), v + 1);
	return tctx_get(ctx, key);
}

/* An attribute, fields substituted. A table cell that is one field is
 * the context's own string, not a copy: a sheet of 100,000 rows would
 * otherwise hold each of its values twice. */
static const char *attr_text(struct expander *x, const xmlNode *n, const char *name, const struct tctx *ctx)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *same = sole_field((const char *)v, ctx);
	if (same) {
		xmlFree(v);
		return same;
	}
	struct strbuf sb = STRBUF_INIT;
	if (!substitute(x, n, (const char *)v, ctx, &sb, NULL, NULL))
		x->failed = true;
	xmlFree(v);
	const char *s = arena_strdup(x->arena, sb_str(&sb));
	sb_free(&sb);
	return s;
}

static struct block *add_block(struct expander *x, enum block_kind kind)
{
	x->blocks = grow(x->arena, x->blocks, x->nblocks, &x->capblocks, sizeof *x->blocks);
	struct block *b = &x->blocks[x->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static void text_block(struct expander *x, const xmlNode *n, const struct tctx *ctx, enum block_kind kind)
{
	struct spans spans = { 0 };
	const char *text = text_of(x, n, ctx, &spans);
	if (!text[0] && kind != BK_TITLE)
		return; /* every part empty (<join>, <opt>): no bare paragraph */
	struct block *b = add_block(x, kind);
	b->text = text;
	b->prov = spans.items;
	b->nprov = spans.n;
}

/* text with the spaces at both ends dropped, into out. */
static void trimmed(const char *text, size_t len, char *out, size_t size)
{
	while (len && *text == ' ')
		text++, len--;
	while (len && text[len - 1] == ' ')
		len--;
	snprintf(out, size, "%.*s", (int)len, text);
}

void template_split_test(const char *expr, struct template_test *t)
{
	const char *op = strstr(expr, "==");
	t->negate = false;
	if (!op && (op = strstr(expr, "!=")))
		t->negate = true;
	t->compares = op != NULL;
	trimmed(expr, op ? (size_t)(op - expr) : strlen(expr), t->field, sizeof t->field);
	t->value[0] = '\0';
	if (op)
		trimmed(op + 2, strlen(op + 2), t->value, sizeof t->value);
}

bool template_number(const char *text, double min, double max, double *value)
{
	char *end = NULL;
	double d = strtod(text, &end);
	if (!end || end == text || *end != '\0' || !(d >= min && d <= max))
		return false;
	*value = d;
	return true;
}

/* "a == b", "a != b", or a bare field. */
static bool test(struct expander *x, const xmlNode *n, const struct tctx *ctx)
{
	xmlChar *raw = xmlGetProp(n, (const xmlChar *)"test");
	if (!raw) {
		sb_printf(x->err, "%s:%ld: <if> needs test=\"…\"", x->t->name, xmlGetLineNo(n));
		x->failed = true;
		return false;
	}
	struct template_test t;
	template_split_test((const char *)raw, &t);
	xmlFree(raw);
	const char *v = tctx_get(ctx, t.field);
	if (!v) {
		sb_printf(x->err, "%s:%ld: unknown field '%s' in test", x->t->name, xmlGetLineNo(n), t.field);
		x->failed = true;
		return false;
	}
	if (!t.compares)
		return v[0] && strcmp(v, "0") != 0;
	return (strcmp(v, t.value) == 0) != t.negate;
}

static void children(struct expander *x, const xmlNode *n, const struct tctx *ctx);

/* A numeric attribute within [min, max] (dflt when absent). Anything else
 * is a template error naming the line: numbers here size loops and
 * layouts, so they are never taken on trust. */
static double attr_number(struct expander *x, const xmlNode *n, const char *name, double dflt, double min, double max)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return dflt;
	double d = dflt;
	bool ok = template_number((const char *)v, min, max, &d);
	if (!ok && !x->failed) {
		sb_printf(x->err, "%s:%ld: %s=\"%s\" is not a number from %g to %g", x->t->name, xmlGetLineNo(n), name,
			  (const char *)v, min, max);
		x->failed = true;
	}
	xmlFree(v);
	return ok ? d : dflt;
}

static bool attr_yes(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	bool yes = v && (strcmp((const char *)v, "yes") == 0 || strcmp((const char *)v, "true") == 0);
	xmlFree(v);
	return yes;
}

struct rows {
	const char **cells;
	const char **ids;
	unsigned char *kinds; /* enum row_kind */
	unsigned char *lines; /* at least this many lines tall */
	int n, cap;
	int ncols;
};

/* Room for cap rows, in the arena. */
static void rows_reserve(struct expander *x, struct rows *r, int cap)
{
	if (cap <= r->cap)
		return;
	const char **cells = arena_alloc(x->arena, (size_t)cap * (size_t)r->ncols * sizeof *cells);
	const char **ids = arena_alloc(x->arena, (size_t)cap * sizeof *ids);
	unsigned char *kinds = arena_alloc(x->arena, (size_t)cap), *min = arena_alloc(x->arena, (size_t)cap);
	if (r->n) {
		memcpy(cells, r->cells, (size_t)r->n * (size_t)r->ncols * sizeof *cells);
		memcpy(ids, r->ids, (size_t)r->n * sizeof *ids);
		memcpy(kinds, r->kinds, (size_t)r->n);
		memcpy(min, r->lines, (size_t)r->n);
	}
	r->cells = cells, r->ids = ids, r->kinds = kinds, r->lines = min, r->cap = cap;
}

/* A list's rows are reserved at once (rows_reserve): no copies left
 * behind in the arena as a long table grows. */
static void add_row(struct expander *x, struct rows *r, const char *id, const char **values, enum row_kind kind,
		    int lines)
{
	if (r->n == r->cap)
		rows_reserve(x, r, r->cap ? r->cap * 2 : 16);
	for (int j = 0; j < r->ncols; j++)
		r->cells[(size_t)r->n * (size_t)r->ncols + (size_t)j] = values[j] ? values[j] : "";
	r->kinds[r->n] = (unsigned char)kind;
	r->lines[r->n] = (unsigned char)lines;
	r->ids[r->n++] = id;
}

/* <row><cell>…</cell>…</row>, possibly inside <if>: rows written in the
 * template itself (forms). */
static void static_rows(struct expander *x, const xmlNode *n, const struct tctx *ctx, struct rows *r)
{
	for (const xmlNode *c = n->children; c && !x->failed; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "if") == 0) {
			if (test(x, c, ctx))
				static_rows(x, c, ctx, r);
		} else if (strcmp((const char *)c->name, "row") == 0) {
			const char *values[10] = { 0 };
			int j = 0;
			for (const xmlNode *cell = c->children; cell; cell = cell->next)
				if (cell->type == XML_ELEMENT_NODE && j < r->ncols)
					values[j++] = text_of(x, cell, ctx, NULL);
			/* lines="5": room to sign or stamp (a 42 mm seal). */
			int lines = (int)attr_number(x, c, "lines", 1, 1, 20);
			add_row(x, r, "row", values, ROW_BODY, lines);
		}
	}
}

static void table_block(struct expander *x, const xmlNode *n, const struct tctx *ctx)
{
	struct table *t = arena_alloc(x->arena, sizeof *t);
	t->size = attr_number(x, n, "size", 14, 6, 72);
	t->landscape = attr_yes(n, "landscape");
	t->no_header = !attr_yes(n, "header") && xmlHasProp(n, (const xmlChar *)"header");
	t->new_page = attr_yes(n, "newpage");
	t->keep = attr_yes(n, "keep");
	t->label = attr_text(x, n, "label", ctx);
	t->caption = attr_text(x, n, "caption", ctx);
	const xmlNode *cols[10];
	bool totals = false;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "col") != 0)
			continue;
		if (t->ncols == 10) {
			sb_printf(x->err, "%s:%ld: a <table> holds up to 10 <col>", x->t->name, xmlGetLineNo(c));
			x->failed = true;
			return;
		}
		cols[t->ncols] = c;
		struct table_col *tc = &t->cols[t->ncols++];
		tc->header = attr_text(x, c, "header", ctx);
		tc->weight = attr_number(x, c, "weight", 1, 0.1, 100);
		xmlChar *al = xmlGetProp(c, (const xmlChar *)"align");
		tc->align = !al                                       ? ALIGN_LEFT
			    : strcmp((const char *)al, "right") == 0  ? ALIGN_RIGHT
			    : strcmp((const char *)al, "center") == 0 ? ALIGN_CENTER
								      : ALIGN_LEFT;
		xmlFree(al);
		totals = totals || xmlHasProp(c, (const xmlChar *)"total");
	}
	struct rows rows = { NULL, NULL, NULL, NULL, 0, 0, t->ncols };
	static_rows(x, n, ctx, &rows);
	xmlChar *list = xmlGetProp(n, (const xmlChar *)"list");
	const struct tlist *l = list ? find_list(ctx, (const char *)list) : NULL;
	xmlFree(list);
	/* subtotal="item.subtotal": the rows whose field is set are subtotals. */
	const char *subtotal = attr_raw(n, "subtotal");
	if (l)
		rows_reserve(x, &rows, rows.n + l->n + (totals ? 1 : 0));
	for (int i = 0; l && i < l->n && !x->failed; i++) {
		const char *values[10] = { 0 };
		for (int j = 0; j < t->ncols; j++)
			values[j] = attr_text(x, cols[j], "value", l->items[i]);
		const char *sub = subtotal ? tctx_get(l->items[i], subtotal) : NULL;
		if (subtotal && !sub) {
			sb_printf(x->err, "%s:%ld: unknown field '%s' in subtotal", x->t->name, xmlGetLineNo(n),
				  subtotal);
			x->failed = true;
			break;
		}
		bool is_sub = sub && sub[0] && strcmp(sub, "0") != 0;
		add_row(x, &rows, tctx_get(l->items[i], "item.id"), values, is_sub ? ROW_SUBTOTAL : ROW_BODY, 1);
	}
	free_raw(subtotal);
	if (totals) {
		const char *values[10] = { 0 };
		for (int j = 0; j < t->ncols; j++)
			values[j] = attr_text(x, cols[j], "total", ctx);
		add_row(x, &rows, "total", values, ROW_TOTAL, 1);
	}
	t->cells = rows.cells;
	t->row_ids = rows.ids;
	t->nrows = rows.n;
	t->totals_rows = totals ? 1 : 0;
	t->row_kinds = rows.kinds;
	t->row_lines = rows.lines;
	add_block(x, BK_TABLE)->table = t;
}

static void element(struct expander *x, const xmlNode *n, const struct tctx *ctx)
{
	const char *name = (const char *)n->name;
	if (strcmp(name, "mark") == 0) {
		x->out->mark = text_of(x, n, ctx, NULL);
	} else if (strcmp(name, "doc-number") == 0) {
		x->out->doc_number = text_of(x, n, ctx, NULL);
	} else if (strcmp(name, "title") == 0) {
		text_block(x, n, ctx, BK_TITLE);
	} else if (strcmp(name, "addressee") == 0) {
		text_block(x, n, ctx, BK_ADDRESSEE);
	} else if (strcmp(name, "p") == 0) {
		static const enum block_kind levels[] = { BK_PARA, BK_HEADING1, BK_HEADING2, BK_HEADING3, BK_HEADING4 };
		int level = (int)attr_number(x, n, "level", 0, 0, 4);
		text_block(x, n, ctx, levels[level]);
	} else if (strcmp(name, "blank") == 0) {
		for (int k = (int)attr_number(x, n, "lines", 1, 0, 50); k > 0; k--)
			add_block(x, BK_BLANK);
	} else if (strcmp(name, "line") == 0) {
		text_block(x, n, ctx, BK_ADDRESSEE);
	} else if (strcmp(name, "pagebreak") == 0) {
		add_block(x, BK_PAGEBREAK);
	} else if (strcmp(name, "if") == 0) {
		if (test(x, n, ctx))
			children(x, n, ctx);
	} else if (strcmp(name, "each") == 0) {
		xmlChar *list = xmlGetProp(n, (const xmlChar *)"list");
		const struct tlist *l = list ? find_list(ctx, (const char *)list) : NULL;
		if (!list) {
			sb_printf(x->err, "%s:%ld: <each> needs list=\"…\"", x->t->name, xmlGetLineNo(n));
			x->failed = true;
		}
		xmlFree(list);
		for (int i = 0; l && i < l->n && !x->failed; i++)
			children(x, n, l->items[i]);
	} else if (strcmp(name, "attachments") == 0) {
		/* 附件：名称 for one; 附件：1. 名称 … for several (GB/T 9704 7.3.4). */
		struct strbuf sb = STRBUF_INIT;
		int k = 0, items = 0;
		for (const xmlNode *c = n->children; c; c = c->next)
			items += c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "item") == 0;
		for (const xmlNode *c = n->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "item") == 0) {
				if (items == 1)
					sb_puts(&sb, text_of(x, c, ctx, NULL));
				else
					sb_printf(&sb, "%s%d. %s", k ? "\n" : "", k + 1, text_of(x, c, ctx, NULL));
				k++;
			}
		if (k)
			add_block(x, BK_ATTACHMENTS)->text = arena_strdup(x->arena, sb_str(&sb));
		sb_free(&sb);
	} else if (strcmp(name, "signature") == 0) {
		const char *signer = attr_text(x, n, "signer", ctx), *date = attr_text(x, n, "date", ctx);
		struct block *b = add_block(x, BK_SIGNATURE);
		size_t len = strlen(signer ? signer : "") + strlen(date ? date : "") + 2;
		char *s = arena_alloc(x->arena, len);
		snprintf(s, len, "%s\n%s", signer ? signer : "", date ? date : "");
		b->text = s;
	} else if (strcmp(name, "table") == 0) {
		table_block(x, n, ctx);
	} else if (strcmp(name, "colophon") == 0) {
		x->out->cc = attr_text(x, n, "cc", ctx);
		x->out->printer = attr_text(x, n, "printer", ctx);
		x->out->print_date = attr_text(x, n, "date", ctx);
		if (x->out->cc && !x->out->cc[0])
			x->out->cc = NULL;
	} else {
		sb_printf(x->err, "%s:%ld: <%s> is not allowed here", x->t->name, xmlGetLineNo(n), name);
		x->failed = true;
	}
}

static void children(struct expander *x, const xmlNode *n, const struct tctx *ctx)
{
	for (const xmlNode *c = n->children; c && !x->failed; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			element(x, c, ctx);
}

bool template_expand(const struct template *t, const struct tctx *ctx, struct officialdoc *out, struct arena *arena,
		     struct strbuf *err)
{
	memset(out, 0, sizeof *out);
	xmlNodePtr root = xmlDocGetRootElement(t->doc);
	out->landscape = attr_yes(root, "landscape");
	/* format="letter": 信函格式 (GB/T 9704 10.1), for a single addressee. */
	xmlChar *format = xmlGetProp(root, (const xmlChar *)"format");
	out->letter = format && strcmp((const char *)format, "letter") == 0;
	bool known_format = !format || out->letter || strcmp((const char *)format, "file") == 0;
	xmlFree(format);
	if (!known_format) {
		sb_printf(err, "%s:%ld: format must be \"file\" (文件格式) or \"letter\" (信函格式)", t->name,
			  xmlGetLineNo(root));
		return false;
	}
	out->seal_image = tctx_get(ctx, "seal.image");
	if (out->seal_image && !out->seal_image[0])
		out->seal_image = NULL;
	struct expander x = { t, arena, err, false, NULL, 0, 0, out };
	children(&x, xmlDocGetRootElement(t->doc), ctx);
	out->blocks = x.blocks;
	out->nblocks = x.nblocks;
	return !x.failed;
}
