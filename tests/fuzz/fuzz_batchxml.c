/* libFuzzer: batch.xml (streaming reader, XSD validation, record binding,
 * programme element), exactly as a run reads it. A refused document
 * always has a message, and every reject a reason. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_set_quiet(1);
	if (size > 1 << 20)
		return 0;
	struct arena a;
	arena_init(&a);
	struct rejects rej;
	rejects_init(&rej, &a);
	struct strbuf err = STRBUF_INIT;
	struct batch b = { .rejects = &rej, .arena = &a };
	int code = batch_read_xml_memory(&b, (const char *)data, (int)size, GRANTDOC_XSD, &err);
	if (code != 0 && (err.len == 0 || strstr(sb_str(&err), ": ") == NULL || sb_str(&err)[err.len - 1] == ' '))
		abort();
	for (int i = 0; i < rej.count; i++)
		if (!rej.items[i].error[0])
			abort();
	batch_close(&b);
	sb_free(&err);
	rejects_free(&rej);
	arena_free(&a);
	return 0;
}
