#include "call.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "fields.h"
#include "money.h"
#include "strbuf.h"
#include "utf8.h"

/* Elements seen so far, for "given twice" and "missing". */
#define SEEN_MAX 64

struct seen_element {
	const char *element;
	long line;
};

struct param_reader {
	const char *name;
	const xmlNode *root;
	struct arena *arena;
	struct strbuf *err;
	bool failed;
	struct seen_element seen[SEEN_MAX];
	int nseen;
};

void param_fail(struct param_reader *r, const xmlNode *n, const char *fmt, const char *a, const char *b)
{
	if (r->failed)
		return;
	r->failed = true;
	sb_printf(r->err, "%s:%ld: <%s>: ", r->name, n ? xmlGetLineNo(n) : 0L, n ? (const char *)n->name : "?");
	sb_printf(r->err, fmt, a, b);
}

void param_fail_root(struct param_reader *r, const char *fmt, const char *a, const char *b)
{
	param_fail(r, r->root, fmt, a, b);
}

bool param_failed(const struct param_reader *r)
{
	return r->failed;
}

struct arena *param_arena(struct param_reader *r)
{
	return r->arena;
}

long param_line(const struct param_reader *r, const char *element)
{
	for (int i = 0; i < r->nseen; i++)
		if (strcmp(r->seen[i].element, element) == 0)
			return r->seen[i].line;
	return 0;
}

const char *param_attr(struct param_reader *r, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = arena_strdup(r->arena, (const char *)v);
	xmlFree(v);
	return utf8_trim(s);
}

const char *param_text(struct param_reader *r, const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = arena_strdup(r->arena, v ? (const char *)v : "");
	xmlFree(v);
	return utf8_trim(s);
}

void param_check_attrs(struct param_reader *r, const xmlNode *n, const char *const *allowed)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		bool ok = false;
		for (const char *const *k = allowed; *k; k++)
			ok = ok || strcmp((const char *)a->name, *k) == 0;
		if (!ok)
			param_fail(r, n, "unknown attribute '%s'%s", (const char *)a->name, "");
	}
}

int32_t param_need_date(struct param_reader *r, const xmlNode *n, const char *s, const char *what)
{
	int32_t d = DATE_NONE;
	if (!s)
		param_fail(r, n, "missing %s%s", what, "");
	else if (!date_parse(s, &d))
		param_fail(r, n, "'%s' is not a valid date (%s)", s, what);
	return d;
}

int64_t param_need_datetime(struct param_reader *r, const xmlNode *n, const char *s, const char *what)
{
	int64_t t = DATETIME_NONE;
	if (!s)
		param_fail(r, n, "missing attribute '%s'%s", what, "");
	else if (!datetime_parse(s, &t))
		param_fail(r, n, "'%s' is not a valid date and time (%s)", s, what);
	return t;
}

int64_t param_need_money(struct param_reader *r, const xmlNode *n, const char *s, const char *what)
{
	int64_t v = -1;
	const char *why = "";
	if (!s)
		param_fail(r, n, "missing %s%s", what, "");
	else if (!money_parse(s, &v, &why))
		param_fail(r, n, "'%s' is not an amount (%s)", s, why);
	return v;
}

int param_need_int(struct param_reader *r, const xmlNode *n, const char *s, const char *what, int min, int max)
{
	if (!s) {
		param_fail(r, n, "missing %s%s", what, "");
		return 0;
	}
	long v = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9' && v <= max; p++)
		v = v * 10 + (*p - '0');
	if (!*s || *p || v < min || v > max) {
		param_fail(r, n, "'%s' is not a valid %s", s, what);
		return 0;
	}
	return (int)v;
}

int param_need_score(struct param_reader *r, const xmlNode *n, const char *s, const char *what)
{
	int v = 0;
	if (!s || !parse_score(s, &v))
		param_fail(r, n, "%s='%s' is not a score from 0 to 100", what, s ? s : "");
	return v;
}

/* ---- shared readers for table entries ---- */

static void *field_at(void *base, const struct param_element *el)
{
	return (char *)base + el->offset;
}

static const char *text_only(struct param_reader *r, const xmlNode *n)
{
	static const char *const none[] = { NULL };
	param_check_attrs(r, n, none);
	return param_text(r, n);
}

void param_string(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		  void *params)
{
	(void)call;
	*(const char **)field_at(params, el) = text_only(r, n);
}

void param_date(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		void *params)
{
	(void)call;
	*(int32_t *)field_at(params, el) = param_need_date(r, n, text_only(r, n), el->name);
}

void param_datetime(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		    void *params)
{
	(void)call;
	*(int64_t *)field_at(params, el) = param_need_datetime(r, n, text_only(r, n), el->name);
}

void param_money(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		 void *params)
{
	(void)call;
	*(int64_t *)field_at(params, el) = param_need_money(r, n, text_only(r, n), el->name);
}

void param_int_attr(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		    void *params)
{
	(void)call;
	const char *const allowed[] = { el->attr, NULL };
	param_check_attrs(r, n, allowed);
	*(int *)field_at(params, el) = param_need_int(r, n, param_attr(r, n, el->attr), el->attr, el->min, el->max);
}

void param_money_attr(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		      void *params)
{
	(void)call;
	const char *const allowed[] = { el->attr, NULL };
	param_check_attrs(r, n, allowed);
	char what[64];
	snprintf(what, sizeof what, "attribute '%s'", el->attr);
	*(int64_t *)field_at(params, el) = param_need_money(r, n, param_attr(r, n, el->attr), what);
}

void param_date_attr(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		     void *params)
{
	(void)call;
	const char *const allowed[] = { el->attr, NULL };
	param_check_attrs(r, n, allowed);
	char what[64];
	snprintf(what, sizeof what, "attribute '%s'", el->attr);
	*(int32_t *)field_at(params, el) = param_need_date(r, n, param_attr(r, n, el->attr), what);
}

/* ---- the elements of every call ---- */

static void read_contact(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			 void *params)
{
	(void)el, (void)params;
	static const char *const allowed[] = { "name", "phone", NULL };
	param_check_attrs(r, n, allowed);
	call->contact_name = param_attr(r, n, "name");
	call->contact_phone = param_attr(r, n, "phone");
}

/* <series kind="notices" seq="101" [prefix="…"]/>: one number per
 * document of that kind. */
static void read_series(struct param_reader *r, const xmlNode *n, struct call *call, int *cap)
{
	static const char *const allowed[] = { "kind", "prefix", "seq", NULL };
	param_check_attrs(r, n, allowed);
	const char *kind = param_attr(r, n, "kind"), *prefix = param_attr(r, n, "prefix");
	if (!kind || !*kind) {
		param_fail(r, n, "missing attribute 'kind'%s%s", "", "");
		return;
	}
	for (int i = 0; i < call->nseries; i++)
		if (strcmp(call->series[i].kind, kind) == 0) {
			param_fail(r, n, "a second series for '%s'%s", kind, "");
			return;
		}
	int first = param_need_int(r, n, param_attr(r, n, "seq"), "sequence number", 1, 99999);
	if (call->nseries == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		struct doc_series *more = arena_alloc(r->arena, (size_t)*cap * sizeof *more);
		if (call->nseries)
			memcpy(more, call->series, (size_t)call->nseries * sizeof *more);
		call->series = more;
	}
	((struct doc_series *)call->series)[call->nseries++] =
		(struct doc_series){ kind, prefix && *prefix ? prefix : call->doc_prefix, first, xmlGetLineNo(n) };
}

static void read_doc_number(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
			    void *params)
{
	(void)el, (void)params;
	static const char *const allowed[] = { "prefix", "year", "seq", NULL };
	param_check_attrs(r, n, allowed);
	call->doc_prefix = param_attr(r, n, "prefix");
	if (!call->doc_prefix || !*call->doc_prefix)
		param_fail(r, n, "missing attribute 'prefix'%s%s", "", "");
	call->doc_year = param_need_int(r, n, param_attr(r, n, "year"), "year", 1900, 2999);
	call->doc_seq = param_need_int(r, n, param_attr(r, n, "seq"), "sequence number", 1, 99999);
	int cap = 0;
	for (const xmlNode *c = n->children; c && !r->failed; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "series") != 0)
			param_fail(r, c, "not allowed in <doc-number> (only <series>)%s%s", "", "");
		else
			read_series(r, c, call, &cap);
	}
}

/* <seal image="seal.png"/>: the department's seal, drawn under 署名 and
 * date; the run checks the file. */
static void read_seal(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		      void *params)
{
	(void)el, (void)params;
	static const char *const allowed[] = { "image", NULL };
	param_check_attrs(r, n, allowed);
	call->seal_image = param_attr(r, n, "image");
	if (!call->seal_image || !*call->seal_image)
		param_fail(r, n, "missing attribute 'image'%s%s", "", "");
	call->seal_line = xmlGetLineNo(n);
}

/* "applications" of "applications.xlsx": an input and its workbook form. */
static size_t stem_len(const char *file)
{
	const char *dot = strrchr(file, '.');
	return dot ? (size_t)(dot - file) : strlen(file);
}

static bool same_input(const char *a, const char *b)
{
	size_t k = stem_len(a);
	return k == stem_len(b) && strncmp(a, b, k) == 0;
}

const char *call_sheet_for(const struct call *call, const char *file)
{
	for (int i = 0; i < call->nsheets; i++)
		if (same_input(call->sheets[i].file, file))
			return call->sheets[i].name;
	return NULL;
}

static void read_sheet(struct param_reader *r, const xmlNode *n, const struct param_element *el, struct call *call,
		       void *params)
{
	(void)el, (void)params;
	static const char *const allowed[] = { "file", NULL };
	param_check_attrs(r, n, allowed);
	const char *file = param_attr(r, n, "file");
	const char *name = param_text(r, n);
	size_t len = file ? strlen(file) : 0;
	if (!file ||
	    !((len > 5 && strcmp(file + len - 5, ".xlsx") == 0) || (len > 4 && strcmp(file + len - 4, ".csv") == 0)))
		param_fail(r, n, "attribute 'file' must name an input, e.g. file=\"applications.xlsx\"%s%s", "", "");
	else if (!name || !*name)
		param_fail(r, n, "empty: the name of the worksheet is required%s%s", "", "");
	else if (call_sheet_for(call, file))
		param_fail(r, n, "a sheet for '%s' is already named%s", file, "");
	else if (call->nsheets == CALL_SHEETS_MAX)
		param_fail(r, n, "more than 16 sheets named%s%s", "", "");
	else
		call->sheets[call->nsheets++] = (struct call_sheet){ file, name, xmlGetLineNo(n) };
}

#define CALL_FIELD(f) offsetof(struct call, f)

/* Read into struct call itself (the "params" of these readers is the call). */
static const struct param_element CALL_ELEMENTS[] = {
	{ "authority", PARAM_REQUIRED, param_string, CALL_FIELD(authority), 0, 0, NULL },
	{ "title", PARAM_REQUIRED, param_string, CALL_FIELD(title), 0, 0, NULL },
	{ "office", 0, param_string, CALL_FIELD(office), 0, 0, NULL },
	{ "address", 0, param_string, CALL_FIELD(address), 0, 0, NULL },
	{ "contact", 0, read_contact, 0, 0, 0, NULL },
	{ "doc-number", 0, read_doc_number, 0, 0, 0, NULL },
	{ "seal", 0, read_seal, 0, 0, 0, NULL },
	{ "published", 0, param_date, CALL_FIELD(published), 0, 0, NULL },
	{ "decided", 0, param_date, CALL_FIELD(decided), 0, 0, NULL },
	{ "disbursement-batch", 0, param_string, CALL_FIELD(disbursement_batch), 0, 0, NULL },
	{ "budget-subject", 0, param_string, CALL_FIELD(budget_subject), 0, 0, NULL },
	{ "review-body", 0, param_string, CALL_FIELD(review_body), 0, 0, NULL },
	{ "sheet", PARAM_REPEATABLE, read_sheet, 0, 0, 0, NULL },
	{ NULL, 0, NULL, 0, 0, 0, NULL },
};

static void call_defaults(struct call *c)
{
	memset(c, 0, sizeof *c);
	c->published = c->publicity_start = c->decided = DATE_NONE;
	c->disbursement_batch = "第1批";
}

/* ---- the loop ---- */

static const struct param_element *find_element(const struct param_element *table, const char *name)
{
	for (const struct param_element *el = table; el && el->name; el++)
		if (strcmp(el->name, name) == 0)
			return el;
	return NULL;
}

/* A single element given twice names both lines. */
static void note_seen(struct param_reader *r, const xmlNode *n, const struct param_element *el)
{
	long first = param_line(r, el->name);
	if (first && !(el->flags & PARAM_REPEATABLE)) {
		char lines[32];
		snprintf(lines, sizeof lines, "%ld", first);
		param_fail(r, n, "given twice (first on line %s)%s", lines, "");
		return;
	}
	if (!first && r->nseen < SEEN_MAX)
		r->seen[r->nseen++] = (struct seen_element){ el->name, xmlGetLineNo(n) };
}

static void read_element(struct param_reader *r, const xmlNode *n, const struct param_registry *reg,
			 const struct param_spec *spec, struct call *call, void *params)
{
	const char *name = (const char *)n->name;
	const struct param_element *el = find_element(CALL_ELEMENTS, name);
	void *target = call;
	if (!el) {
		el = find_element(spec->elements, name);
		target = params;
	}
	if (!el) {
		if (reg->known(name))
			param_fail(r, n, "not a parameter of a %s programme%s", call->kind, "");
		else
			param_fail(r, n, "unknown element%s%s", "", "");
		return;
	}
	note_seen(r, n, el);
	if (!r->failed)
		el->read(r, n, el, call, target);
}

static void check_required(struct param_reader *r, const struct param_spec *spec)
{
	for (const struct param_element *el = CALL_ELEMENTS; el->name && !r->failed; el++)
		if ((el->flags & PARAM_REQUIRED) && !param_line(r, el->name))
			param_fail_root(r, "required element <%s> is missing%s", el->name, "");
	for (const char *const *c = spec->call_requires; c && *c && !r->failed; c++)
		if (!param_line(r, *c))
			param_fail_root(r, "required element <%s> is missing%s", *c, "");
	for (const struct param_element *el = spec->elements; el->name && !r->failed; el++)
		if ((el->flags & PARAM_REQUIRED) && !param_line(r, el->name))
			param_fail_root(r, "required element <%s> is missing%s", el->name, "");
}

static void read_root(struct param_reader *r, const xmlNode *root, const struct param_registry *reg, struct call *call,
		      void **params)
{
	static const char *const allowed[] = { "kind", "year", NULL };
	r->root = root;
	if (strcmp((const char *)root->name, "programme") != 0) {
		param_fail(r, root, "the root element must be <programme>%s%s", "", "");
		return;
	}
	param_check_attrs(r, root, allowed);
	const char *kind = param_attr(r, root, "kind");
	const struct param_spec *spec = kind ? reg->find(kind) : NULL;
	if (!spec) {
		param_fail(r, root, "unknown programme kind '%s' (%s)", kind ? kind : "", reg->kinds());
		return;
	}
	call->kind = kind;
	call->year = param_need_int(r, root, param_attr(r, root, "year"), "year", 1900, 2999);
	*params = arena_alloc(r->arena, spec->size ? spec->size : 1);
	memset(*params, 0, spec->size);
	spec->init(*params, call);
	for (const xmlNode *n = root->children; n && !r->failed; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			read_element(r, n, reg, spec, call, *params);
	if (!r->failed)
		check_required(r, spec);
	if (!r->failed && spec->check)
		spec->check(r, call, *params);
}

static void xml_error(void *ctx, const xmlError *e)
{
	struct param_reader *r = ctx;
	if (r->failed || e->level < XML_ERR_ERROR)
		return;
	r->failed = true;
	char msg[256];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
	msg[strcspn(msg, "\n")] = '\0';
	sb_printf(r->err, "%s:%d: %s", r->name, e->line, msg);
}

bool call_parse(const char *xml, size_t len, const char *name, const struct param_registry *reg, struct call *call,
		void **params, struct arena *arena, struct strbuf *err)
{
	struct param_reader r = { .name = name, .arena = arena, .err = err };
	call_defaults(call);
	*params = NULL;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		sb_printf(err, "%s: cannot create XML parser", name);
		return false;
	}
	xmlSetStructuredErrorFunc(&r, (xmlStructuredErrorFunc)xml_error);
	/* No network, no DTD loading, no entity substitution. */
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, xml, (int)len, name, NULL,
					  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc && !r.failed)
		sb_printf(err, "%s: not a well-formed XML document", name), r.failed = true;
	/* A DOCTYPE could declare entities (a billion laughs, external files)
	 * that reading element content would expand: none is accepted. */
	if (doc && !r.failed && (doc->intSubset || doc->extSubset)) {
		sb_printf(err, "%s: a DOCTYPE declaration is not allowed", name);
		r.failed = true;
	}
	if (doc && !r.failed)
		read_root(&r, xmlDocGetRootElement(doc), reg, call, params);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return !r.failed;
}

bool call_from_node(const xmlNode *root, const char *name, const struct param_registry *reg, struct call *call,
		    void **params, struct arena *arena, struct strbuf *err)
{
	struct param_reader r = { .name = name, .arena = arena, .err = err };
	call_defaults(call);
	*params = NULL;
	read_root(&r, root, reg, call, params);
	return !r.failed;
}

bool call_load(const char *path, const char *name, const struct param_registry *reg, struct call *call, void **params,
	       struct arena *arena, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = false;
	const char *why;
	if (!sb_read_file(&sb, path, 1 << 20, &why))
		sb_printf(err, "%s: %s", name, why);
	else
		ok = call_parse(sb_str(&sb), sb.len, name, reg, call, params, arena, err);
	sb_free(&sb);
	return ok;
}
