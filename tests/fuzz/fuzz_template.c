/* libFuzzer: the template parser, its check against declared fields and
 * its expansion into blocks. The property: a template that template_check
 * accepts expands without an error for any context that conforms to the
 * same declaration — the check leaves nothing for a run to trip on. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fieldschema.h"
#include "template.h"

static const char *const STATUSES[] = { "立项", "不予受理", NULL };
static const struct field_group FIELDS[] = {
	{ NULL, "status", STATUSES },
	{ NULL, "app.title", NULL },
	{ "reasons", "item.index item.text", NULL },
	{ NULL, NULL, NULL },
};
static const struct field_group *const TABLES[] = { FIELDS, NULL };

static struct tctx *conforming(struct arena *a, int items)
{
	struct tctx *c = tctx_new(a, NULL);
	tctx_set(c, "status", items ? "立项" : "不予受理");
	tctx_set(c, "app.title", "中德新材料联合研发");
	for (int i = 0; i < items; i++) {
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.index", "%d", i + 1);
		tctx_set(item, "item.text", "理由");
		tctx_add_item(c, "reasons", item);
	}
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *xml = malloc(size + 1);
	memcpy(xml, data, size);
	xml[size] = '\0';
	struct strbuf err = STRBUF_INIT;
	struct template *t = template_parse(xml, "fuzz.xml", &err);
	if (t) {
		struct field_schema *s = schema_build(TABLES, &err);
		bool checked = template_check(t, s, &err);
		for (int items = 0; items <= 3; items += 3) {
			struct arena a;
			arena_init(&a);
			struct tctx *c = conforming(&a, items);
			if (!schema_conforms(s, c, &err))
				abort();
			struct officialdoc doc;
			sb_reset(&err);
			if (!template_expand(t, c, &doc, &a, &err) && checked)
				abort(); /* the check passed a template a run cannot expand */
			arena_free(&a);
		}
		schema_free(s);
		template_free(t);
	}
	free(xml);
	sb_free(&err);
	return 0;
}
