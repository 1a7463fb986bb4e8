/* fieldschema.h: what a document's fields can be, declared beside the code
 * that sets them.
 *
 * A template names fields ({app.title}, <if test="status == 立项">,
 * <each list="reasons">). Checked only while a document is drawn, a
 * misspelt field in a branch no record of this batch takes would pass
 * every run until the one that takes it, at night, half-way through the
 * documents. So each document kind declares its fields, lists and the
 * values a field compared in a test can take, and:
 *
 *   - every template is checked against its kind's schema when it is
 *     loaded, before anything is written: every field of every branch,
 *     every list, every compared value (template_check, exit 78);
 *   - every document's fields are checked against the same schema when
 *     they are made: nothing undeclared set, nothing declared missing, no
 *     value outside its declared set (schema_conforms: an internal error,
 *     exit 70, so the declaration cannot drift from the code — every e2e
 *     run over the samples checks it).
 */
#ifndef GRANTDOC_FIELDSCHEMA_H
#define GRANTDOC_FIELDSCHEMA_H

#include <stdbool.h>

#include "strbuf.h"
#include "strmap.h"
#include "template.h"

/* Fields of one scope: the document's own (list NULL) or each item of a
 * list ("reasons": item.index item.code item.text). names is a
 * space-separated list; values, when not NULL, the NULL-terminated set of
 * values every one of these fields takes (then a test may compare them
 * with those values only; a field of free text may be compared with ""
 * only). A table ends with an entry whose names is NULL. */
struct field_group {
	const char *list;
	const char *names;
	const char *const *values;
};

struct field_schema;

/* A schema from NULL-terminated field_group tables (the call's fields, the
 * programme's base fields, the kind's own…); NULL with *err when two
 * tables declare one field differently. */
struct field_schema *schema_build(const struct field_group *const *tables, struct strbuf *err);
void schema_free(struct field_schema *s);

/* Checks every field, list and test of t against s; false with one line in
 * *err naming the template's file and line (and the nearest declared
 * field when a name is misspelt). */
bool template_check(const struct template *t, const struct field_schema *s, struct strbuf *err);

/* Checks a document's fields (c and its parents, and every item of its
 * lists) against s: every field declared, every declared field present,
 * every value in its declared set. False with one line in *err. */
bool schema_conforms(const struct field_schema *s, const struct tctx *c, struct strbuf *err);

#endif
