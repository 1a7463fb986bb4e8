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
void tctx_setf(struct tctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tctx_add_item(struct tctx *c, const char *list, struct tctx *item);
const char *tctx_get(const struct tctx *c, const char *key);

struct template *template_load(const char *path, struct strbuf *err);
struct template *template_parse(const char *xml, const char *name, struct strbuf *err);
void template_free(struct template *t);

/* Builds the document; strings live in arena. */
bool template_expand(const struct template *t, const struct tctx *ctx, struct officialdoc *out,
		     struct arena *arena, struct strbuf *err);

#endif
