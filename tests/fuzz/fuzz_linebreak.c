/* libFuzzer: line breaking and paragraph filling on arbitrary text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "breakpoints.h"
#include "typeset.h"
#include "utf8.h"

static struct fontset fs;
static int loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!loaded) {
		struct strbuf err = STRBUF_INIT;
		loaded = fontset_load(&fs, GRANTDOC_FONTCONF, &err) ? 1 : -1;
		sb_free(&err);
	}
	uint32_t *cps = malloc((size + 1) * sizeof *cps);
	unsigned char *brk = malloc(size + 1);
	int n = 0;
	for (size_t i = 0; i < size;) {
		uint32_t cp;
		int k = utf8_decode(data + i, size - i, &cp);
		if (k <= 0) {
			cp = data[i];
			k = 1;
		}
		cps[n++] = cp;
		i += (size_t)k;
	}
	linebreak_find(cps, n, brk);
	if (loaded > 0) {
		char *text = malloc(size + 1);
		memcpy(text, data, size);
		text[size] = '\0';
		struct tpara p;
		struct tstyle st = { ROLE_BODY, 16, 15.8, 0 };
		uint32_t missing;
		int at;
		if (tpara_prepare(&p, &fs, &st, text, &missing, &at)) {
			tpara_break(&p, 100 + (size % 300), 442);
			tpara_break_words(&p, 40 + (size % 100), 60);
			tpara_break_title(&p, 100 + (size % 342));
			tpara_min_width(&p, size % 2);
			tpara_free(&p);
		}
		unsigned char *word = malloc((size_t)n + 1);
		wordbreak_find(cps, n, word);
		free(word);
		free(text);
	}
	free(cps);
	free(brk);
	return 0;
}
