/* libFuzzer: programme.xml (libxml2 parsing, the element tables of every
 * programme). */
#include <stdint.h>

#include "call.h"
#include "programmes/programme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	struct call call;
	void *params;
	call_parse((const char *)data, size, "fuzz.xml", &PROGRAMME_PARAMS, &call, &params, &a, &err);
	sb_free(&err);
	arena_free(&a);
	return 0;
}
