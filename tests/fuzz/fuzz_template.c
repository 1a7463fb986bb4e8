/* libFuzzer: the template parser and its expansion into blocks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *xml = malloc(size + 1);
	memcpy(xml, data, size);
	xml[size] = '\0';
	struct strbuf err = STRBUF_INIT;
	struct template *t = template_parse(xml, "fuzz.xml", &err);
	if (t) {
		struct arena a;
		arena_init(&a);
		struct tctx *c = tctx_new(&a, NULL);
		tctx_set(c, "status", "立项");
		tctx_set(c, "app.title", "中德新材料联合研发");
		for (int i = 0; i < 3; i++) {
			struct tctx *item = tctx_new(&a, c);
			tctx_setf(item, "item.index", "%d", i + 1);
			tctx_set(item, "item.text", "理由");
			tctx_add_item(c, "reasons", item);
		}
		struct officialdoc doc;
		template_expand(t, c, &doc, &a, &err);
		template_free(t);
		arena_free(&a);
	}
	free(xml);
	sb_free(&err);
	return 0;
}
