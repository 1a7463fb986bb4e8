/* libFuzzer: programme.xml (libxml2 parsing and validation). */
#include <stdint.h>

#include "programme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct programme p;
	programme_parse((const char *)data, size, "fuzz.xml", &p, &a, &err);
	sb_free(&err);
	arena_free(&a);
	return 0;
}
