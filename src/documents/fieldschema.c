#include "fieldschema.h"

#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define SCHEMA_MAX_LISTS 16
#define SCOPE_DEPTH 8

struct entry {
	const char *list; /* NULL: a document field */
	const char *name;
	const char *const *values; /* NULL: free text */
};

struct list_decl {
	const char *name;
	int nfields; /* item fields declared */
};

struct field_schema {
	struct arena arena; /* keys and names */
	struct strmap map;  /* "name" or "list:name" -> entry */
	struct entry *entries;
	int n, cap;
	int ndoc; /* document fields declared */
	struct list_decl lists[SCHEMA_MAX_LISTS];
	int nlists;
};

/* ---- building ---- */

static const char *entry_key(struct arena *a, const char *list, const char *name)
{
	if (!list)
		return arena_strdup(a, name);
	size_t ll = strlen(list), nl = strlen(name);
	char *k = arena_alloc(a, ll + nl + 2);
	memcpy(k, list, ll);
	k[ll] = ':';
	memcpy(k + ll + 1, name, nl + 1);
	return k;
}

static struct list_decl *find_list_decl(struct field_schema *s, const char *name)
{
	for (int i = 0; i < s->nlists; i++)
		if (strcmp(s->lists[i].name, name) == 0)
			return &s->lists[i];
	return NULL;
}

static bool declare(struct field_schema *s, const char *list, const char *name, const char *const *values,
		    struct strbuf *err)
{
	const char *key = entry_key(&s->arena, list, name);
	int *slot = strmap_get(&s->map, key);
	if (slot) {
		if (s->entries[*slot].values == values)
			return true; /* one group met through two tables */
		sb_printf(err, "field %s%s%s is declared twice with different values", list ? list : "",
			  list ? ":" : "", name);
		return false;
	}
	struct list_decl *l = NULL;
	if (list && !(l = find_list_decl(s, list))) {
		if (s->nlists == SCHEMA_MAX_LISTS) {
			sb_printf(err, "more than %d lists in one document's fields", SCHEMA_MAX_LISTS);
			return false;
		}
		l = &s->lists[s->nlists++];
		l->name = arena_strdup(&s->arena, list);
		l->nfields = 0;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->entries = xrealloc(s->entries, (size_t)s->cap * sizeof *s->entries);
	}
	s->entries[s->n] = (struct entry){ l ? l->name : NULL, arena_strdup(&s->arena, name), values };
	strmap_put(&s->map, key, s->n++);
	if (l)
		l->nfields++;
	else
		s->ndoc++;
	return true;
}

static bool declare_group(struct field_schema *s, const struct field_group *g, struct strbuf *err)
{
	for (const char *p = g->names; *p;) {
		size_t len = strcspn(p, " ");
		if (len) {
			char name[128];
			snprintf(name, sizeof name, "%.*s", (int)len, p);
			if (!declare(s, g->list, name, g->values, err))
				return false;
		}
		p += len;
		p += strspn(p, " ");
	}
	return true;
}

struct field_schema *schema_build(const struct field_group *const *tables, struct strbuf *err)
{
	struct field_schema *s = xcalloc(1, sizeof *s);
	arena_init(&s->arena);
	strmap_init(&s->map);
	for (; *tables; tables++)
		for (const struct field_group *g = *tables; g->names; g++)
			if (!declare_group(s, g, err)) {
				schema_free(s);
				return NULL;
			}
	return s;
}

void schema_free(struct field_schema *s)
{
	if (!s)
		return;
	strmap_free(&s->map);
	arena_free(&s->arena);
	free(s->entries);
	free(s);
}

static const struct entry *lookup(const struct field_schema *s, const char *list, const char *name)
{
	char key[256];
	if (list)
		snprintf(key, sizeof key, "%s:%s", list, name);
	int *slot = strmap_get(&s->map, list ? key : name);
	return slot ? &s->entries[*slot] : NULL;
}

static bool in_values(const char *const *values, const char *v)
{
	for (; *values; values++)
		if (strcmp(*values, v) == 0)
			return true;
	return false;
}

static void list_values(struct strbuf *sb, const char *const *values)
{
	for (int i = 0; values[i]; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", values[i][0] ? values[i] : "\"\"");
}

/* ---- a document's fields against the schema ---- */

/* One context's own fields (seen marks document fields met, so that a
 * field set twice along the chain counts once). */
static bool conforms_fields(const struct field_schema *s, const struct tctx *c, const char *list, unsigned char *seen,
			    int *met, struct strbuf *err)
{
	for (int i = 0; i < tctx_nfields(c); i++) {
		const char *key, *value;
		tctx_field(c, i, &key, &value);
		const struct entry *e = lookup(s, list, key);
		if (!e) {
			sb_printf(err, "field %s%s%s is set but not declared in its document kind's fields",
				  list ? list : "", list ? ":" : "", key);
			return false;
		}
		if (e->values && !in_values(e->values, value)) {
			sb_printf(err, "field %s is \"%s\", not one of its declared values (", key, value);
			list_values(err, e->values);
			sb_puts(err, ")");
			return false;
		}
		int id = (int)(e - s->entries);
		if (!seen[id])
			seen[id] = 1, (*met)++;
	}
	return true;
}

static bool conforms_lists(const struct field_schema *s, const struct tctx *c, unsigned char *seen, struct strbuf *err);

/* An item's keys are unique within it, so with every key declared, as
 * many keys as declared fields means every declared field is there. */
static bool conforms_item(const struct field_schema *s, const struct tctx *item, const struct list_decl *l,
			  unsigned char *seen, struct strbuf *err)
{
	int met = 0;
	if (!conforms_fields(s, item, l->name, seen, &met, err))
		return false;
	if (tctx_nfields(item) != l->nfields) {
		sb_printf(err, "an item of list %s has %d of its %d declared fields", l->name, tctx_nfields(item),
			  l->nfields);
		return false;
	}
	return conforms_lists(s, item, seen, err);
}

static bool conforms_lists(const struct field_schema *s, const struct tctx *c, unsigned char *seen, struct strbuf *err)
{
	for (int i = 0; i < tctx_nlists(c); i++) {
		struct tctx *const *items;
		int n;
		const char *name = tctx_list(c, i, &items, &n);
		const struct list_decl *l = NULL;
		for (int k = 0; k < s->nlists && !l; k++)
			if (strcmp(s->lists[k].name, name) == 0)
				l = &s->lists[k];
		if (!l) {
			sb_printf(err, "list %s is made but not declared in its document kind's fields", name);
			return false;
		}
		for (int k = 0; k < n; k++)
			if (!conforms_item(s, items[k], l, seen, err))
				return false;
	}
	return true;
}

bool schema_conforms(const struct field_schema *s, const struct tctx *c, struct strbuf *err)
{
	unsigned char *seen = xcalloc((size_t)s->n + 1, 1);
	int met = 0;
	bool ok = true;
	for (const struct tctx *p = c; p && ok; p = tctx_parent(p))
		ok = conforms_fields(s, p, NULL, seen, &met, err) && conforms_lists(s, p, seen, err);
	if (ok && met != s->ndoc) {
		for (int i = 0; i < s->n; i++)
			if (!s->entries[i].list && !seen[i]) {
				sb_printf(err, "field %s is declared but not set", s->entries[i].name);
				break;
			}
		ok = false;
	}
	free(seen);
	return ok;
}

/* ---- a template against the schema ---- */

struct checker {
	const struct field_schema *s;
	const char *name;
	struct strbuf *err;
	const char *scopes[SCOPE_DEPTH]; /* the lists <each>/<table> entered */
	int depth;
	bool failed;
};

static bool fail(struct checker *k, const xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool fail(struct checker *k, const xmlNode *n, const char *fmt, ...)
{
	if (k->failed)
		return false;
	k->failed = true;
	sb_printf(k->err, "%s:%ld: ", k->name, xmlGetLineNo(n));
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(k->err, fmt, ap);
	va_end(ap);
	return false;
}

/* The field a template means by name where it stands: the innermost list's
 * items first, then outer lists', then the document's. */
static const struct entry *resolve(const struct checker *k, const char *name)
{
	for (int d = k->depth - 1; d >= 0; d--) {
		const struct entry *e = lookup(k->s, k->scopes[d], name);
		if (e)
			return e;
	}
	return lookup(k->s, NULL, name);
}

static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 60 || lb > 60)
		return 99;
	int row[61];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* " (did you mean {x}?)" for the nearest field in scope, when near. */
static void suggest(const struct checker *k, const char *name, struct strbuf *err)
{
	const char *best = NULL;
	int best_d = 3;
	for (int i = 0; i < k->s->n; i++) {
		const struct entry *e = &k->s->entries[i];
		bool in_scope = !e->list;
		for (int d = 0; d < k->depth && !in_scope; d++)
			in_scope = strcmp(e->list, k->scopes[d]) == 0;
		int dist = in_scope ? edit_distance(name, e->name) : 99;
		if (dist < best_d)
			best_d = dist, best = e->name;
	}
	if (best)
		sb_printf(err, " (did you mean %s?)", best);
}

static bool unknown_field(struct checker *k, const xmlNode *n, const char *what, const char *name)
{
	if (k->failed)
		return false;
	fail(k, n, "unknown field %s%s%s", what, name, what[0] == '{' ? "}" : "");
	if (!k->depth && strncmp(name, "item.", 5) == 0)
		sb_puts(k->err, " (item fields exist only inside <each list> or <table list>)");
	else
		suggest(k, name, k->err);
	return false;
}

/* Every {field} of a text or an attribute. */
static bool check_braces(struct checker *k, const xmlNode *n, const char *s)
{
	while ((s = strchr(s, '{'))) {
		const char *close = strchr(s, '}');
		if (!close)
			return fail(k, n, "'{' without '}'");
		char name[128];
		snprintf(name, sizeof name, "%.*s", (int)(close - s - 1), s + 1);
		if (!resolve(k, name))
			return unknown_field(k, n, "{", name);
		s = close + 1;
	}
	return true;
}

static bool check_attr_fields(struct checker *k, const xmlNode *n, const char *attr)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	bool ok = !v || check_braces(k, n, (const char *)v);
	xmlFree(v);
	return ok;
}

/* A numeric attribute within [min, max], as the expansion reads it. */
static bool check_number(struct checker *k, const xmlNode *n, const char *attr, double min, double max)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	if (!v)
		return true;
	double d;
	bool ok = template_number((const char *)v, min, max, &d);
	if (!ok)
		fail(k, n, "%s=\"%s\" is not a number from %g to %g", attr, (const char *)v, min, max);
	xmlFree(v);
	return ok;
}

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* <if test="field == value">, "field != value" or a bare field: the field
 * exists here and the value is one it can take. */
static bool check_test(struct checker *k, const xmlNode *n)
{
	xmlChar *raw = xmlGetProp(n, (const xmlChar *)"test");
	if (!raw)
		return fail(k, n, "<if> needs test=\"…\"");
	struct template_test t;
	template_split_test((const char *)raw, &t);
	xmlFree(raw);
	const char *lhs = t.field, *rhs = t.value;
	const struct entry *e = resolve(k, lhs);
	if (!e)
		return unknown_field(k, n, "in test: ", lhs);
	if (!t.compares)
		return true;
	if (e->values && !in_values(e->values, rhs)) {
		fail(k, n, "test compares %s with \"%s\", a value it never takes (it takes: ", lhs, rhs);
		list_values(k->err, e->values);
		sb_puts(k->err, ")");
		return false;
	}
	if (!e->values && rhs[0])
		return fail(k, n,
			    "test compares %s, a field of free text, with \"%s\" (only == or != empty is "
			    "meaningful; a bare test=\"%s\" is true when it is not empty)",
			    lhs, rhs, lhs);
	return true;
}

static bool check_inline(struct checker *k, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!check_braces(k, n, (const char *)c->content))
				return false;
		} else if (is(c, "opt") || is(c, "part")) {
			if (!check_inline(k, c))
				return false;
		} else if (is(c, "join")) {
			for (const xmlNode *p = c->children; p; p = p->next)
				if (p->type == XML_ELEMENT_NODE && !is(p, "part"))
					return fail(k, p, "<%s> is not allowed in <join> (only <part>)", p->name);
			if (!check_inline(k, c))
				return false;
		} else if (c->type == XML_ELEMENT_NODE) {
			return fail(k, c, "<%s> is not allowed in text", c->name);
		}
	}
	return true;
}

static bool enter(struct checker *k, const xmlNode *n, const char *list)
{
	const char *declared = NULL; /* the schema's copy: list is freed by the caller */
	for (int i = 0; i < k->s->nlists && !declared; i++)
		if (strcmp(k->s->lists[i].name, list) == 0)
			declared = k->s->lists[i].name;
	if (!declared) {
		fail(k, n, "unknown list \"%s\" (lists here:", list);
		for (int i = 0; i < k->s->nlists; i++)
			sb_printf(k->err, " %s", k->s->lists[i].name);
		sb_puts(k->err, ")");
		return false;
	}
	if (k->depth == SCOPE_DEPTH)
		return fail(k, n, "lists nested more than %d deep", SCOPE_DEPTH);
	k->scopes[k->depth++] = declared;
	return true;
}

/* <row>s with their <cell>s, possibly inside <if>. */
static bool check_rows(struct checker *k, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, "col"))
			continue;
		if (is(c, "if")) {
			if (!check_test(k, c) || !check_rows(k, c))
				return false;
		} else if (is(c, "row")) {
			if (!check_number(k, c, "lines", 1, 20))
				return false;
			for (const xmlNode *cell = c->children; cell; cell = cell->next)
				if (cell->type == XML_ELEMENT_NODE && (!is(cell, "cell") || !check_inline(k, cell)))
					return k->failed ? false
							 : fail(k, cell, "<%s> is not allowed in <row>", cell->name);
		} else {
			return fail(k, c, "<%s> is not allowed in <table>", c->name);
		}
	}
	return true;
}

static bool check_table(struct checker *k, const xmlNode *n)
{
	if (!check_number(k, n, "size", 6, 72) || !check_attr_fields(k, n, "label") ||
	    !check_attr_fields(k, n, "caption"))
		return false;
	int ncols = 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (!is(c, "col"))
			continue;
		if (++ncols > 10)
			return fail(k, c, "a <table> holds up to 10 <col>");
		if (!check_number(k, c, "weight", 0.1, 100) || !check_attr_fields(k, c, "header") ||
		    !check_attr_fields(k, c, "total"))
			return false;
	}
	if (!check_rows(k, n))
		return false;
	xmlChar *list = xmlGetProp(n, (const xmlChar *)"list");
	if (!list)
		return true;
	bool ok = enter(k, n, (const char *)list);
	for (const xmlNode *c = n->children; ok && c; c = c->next)
		if (is(c, "col"))
			ok = check_attr_fields(k, c, "value");
	xmlChar *subtotal = xmlGetProp(n, (const xmlChar *)"subtotal");
	if (ok && subtotal && !resolve(k, (const char *)subtotal))
		ok = unknown_field(k, n, "in subtotal: ", (const char *)subtotal);
	xmlFree(subtotal);
	if (ok)
		k->depth--;
	xmlFree(list);
	return ok;
}

static bool check_blocks(struct checker *k, const xmlNode *n);

static bool check_block(struct checker *k, const xmlNode *n)
{
	static const char *const TEXT[] = { "mark", "doc-number", "title", "addressee", "p", "line", NULL };
	const char *name = (const char *)n->name;
	for (const char *const *t = TEXT; *t; t++)
		if (strcmp(name, *t) == 0)
			return check_number(k, n, "level", 0, 4) && check_inline(k, n);
	if (is(n, "blank"))
		return check_number(k, n, "lines", 0, 50);
	if (is(n, "pagebreak"))
		return true;
	if (is(n, "if"))
		return check_test(k, n) && check_blocks(k, n);
	if (is(n, "each")) {
		xmlChar *list = xmlGetProp(n, (const xmlChar *)"list");
		if (!list)
			return fail(k, n, "<each> needs list=\"…\"");
		bool ok = enter(k, n, (const char *)list);
		xmlFree(list);
		if (ok && (ok = check_blocks(k, n)))
			k->depth--;
		return ok;
	}
	if (is(n, "attachments")) {
		for (const xmlNode *c = n->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && (!is(c, "item") || !check_inline(k, c)))
				return k->failed ? false : fail(k, c, "<%s> is not allowed in <attachments>", c->name);
		return true;
	}
	if (is(n, "signature"))
		return check_attr_fields(k, n, "signer") && check_attr_fields(k, n, "date");
	if (is(n, "table"))
		return check_table(k, n);
	if (is(n, "colophon"))
		return check_attr_fields(k, n, "cc") && check_attr_fields(k, n, "printer") &&
		       check_attr_fields(k, n, "date");
	return fail(k, n, "<%s> is not allowed here", name);
}

static bool check_blocks(struct checker *k, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !check_block(k, c))
			return false;
	return true;
}

bool template_check(const struct template *t, const struct field_schema *s, struct strbuf *err)
{
	struct checker k = { .s = s, .name = template_name(t), .err = err };
	const xmlNode *root = template_root(t);
	xmlChar *format = xmlGetProp(root, (const xmlChar *)"format");
	bool known =
		!format || strcmp((const char *)format, "file") == 0 || strcmp((const char *)format, "letter") == 0;
	xmlFree(format);
	if (!known)
		return fail(&k, root, "format must be \"file\" (文件格式) or \"letter\" (信函格式)");
	return check_blocks(&k, root);
}
