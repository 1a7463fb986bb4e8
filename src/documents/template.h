/* template.h: the words and order of a document, in XML a clerk edits.
 *
 *   <document>
 *     <mark>{programme.authority}文件</mark>
 *     <doc-number>{doc.number}</doc-number>
 *     <title>…</title> <addressee>{app.applicant}：</addressee>
 *     <p level="1">一、…</p>   (level 1-4: heading faces; none: body)
 *     <if test="status == 不予受理"> … </if>   (also !=, or a bare field:
 *                                              true when not empty and not 0)
 *     <each list="reasons"><p>{item.index}. {item.text}</p></each>
 *     <attachments><item>…</item></attachments>
 *     <signature signer="…" date="…"/>
 *     <table list="projects" size="14" landscape="yes">
 *       <col header="序号" weight="1" align="center" value="{item.index}" total="合计"/>
 *     </table>
 *     <colophon cc="…" printer="…" date="…"/>
 *   </document>
 *
 * Line breaks and the indentation around them in the XML are not text.
 * Errors (a malformed file, an unknown element, an unknown field) name the
 * template file and line. */
#ifndef GRANTDOC_TEMPLATE_H
#define GRANTDOC_TEMPLATE_H

#include <stdbool.h>

#include "arena.h"
#include "officialdoc.h"
#include "strbuf.h"

struct template;

/* Values a template may use: a flat set of fields and named lists of
 * sub-contexts (each item sees its own fields as item.* and its parent's). */
struct tctx;

struct tctx *tctx_new(struct arena *arena, const struct tctx *parent);
void tctx_set(struct tctx *c, const char *key, const char *value);
void tctx_setf(struct tctx *c, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tctx_add_item(struct tctx *c, const char *list, struct tctx *item);
const char *tctx_get(const struct tctx *c, const char *key);
/* The items of list (its own, not its parents'); *n = 0 and NULL when
 * there is none. */
struct tctx *const *tctx_items(const struct tctx *c, const char *list, int *n);

/* A context's own fields and lists, for checking it against a schema
 * (fieldschema.h). */
const struct tctx *tctx_parent(const struct tctx *c);
int tctx_nfields(const struct tctx *c);
void tctx_field(const struct tctx *c, int i, const char **key, const char **value);
int tctx_nlists(const struct tctx *c);
/* The i-th list's name; *items and *nitems its items. */
const char *tctx_list(const struct tctx *c, int i, struct tctx *const **items, int *nitems);

struct template *template_load(const char *path, struct strbuf *err);
struct template *template_parse(const char *xml, const char *name, struct strbuf *err);
void template_free(struct template *t);
/* What expansion and template_check (fieldschema.h) read alike: a number
 * attribute's text within [min, max]; a test "field == value", "field !=
 * value" or a bare "field", spaces around each part dropped. */
bool template_number(const char *text, double min, double max, double *value);
struct template_test {
	char field[128], value[128];
	bool compares, negate; /* == or != was written; != */
};
void template_split_test(const char *expr, struct template_test *t);

/* The file name given when loading, and the parsed tree (an xmlNode, for
 * template_check in fieldschema.c). */
const char *template_name(const struct template *t);
const void *template_root(const struct template *t);

/* Builds the document; strings live in arena, or are ctx's own (a table
 * row's id, a cell that is one field): ctx must outlive the document. */
bool template_expand(const struct template *t, const struct tctx *ctx, struct officialdoc *out, struct arena *arena,
		     struct strbuf *err);

#endif
