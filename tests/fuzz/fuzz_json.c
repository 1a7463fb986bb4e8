/* libFuzzer: the manifest JSON reader (grantdoc merge, shard manifests). */
#include <stdint.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	const struct json *v = json_parse((const char *)data, size, &a, &err);
	int64_t n;
	if (v && v->type == JSON_OBJECT && v->count > 0)
		json_get_int64(v, v->keys[0], &n);
	sb_free(&err);
	arena_free(&a);
	return 0;
}
