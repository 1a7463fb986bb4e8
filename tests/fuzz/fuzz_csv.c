/* libFuzzer: the CSV reader (decoding, libcsv, header binding, rejects).
 * Checked on every input: a refused file has a message; every reject has
 * a reason and a line inside the file, and its value and reason are valid
 * UTF-8 (values are cut between characters), as are the message and every
 * warning (they reach warnings.csv); rows come in line order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "diag.h"
#include "utf8.h"

static const struct csv_column COLS[] = {
	{ "id", "申报编号", true },
	{ "name", "名称", true },
	{ "note", "备注", false },
};
static const struct csv_schema SCHEMA = { COLS, 3 };

struct seen {
	size_t cells;
	long last_line;
};

static void on_row(const struct csv_row *row, void *ctx)
{
	struct seen *s = ctx;
	for (int i = 0; i < 3; i++)
		if (row->cells[i])
			s->cells += row->cells[i][0] != '\0';
	if (row->line <= s->last_line || row->line < 2)
		abort();
	s->last_line = row->line;
}

static bool valid_utf8(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k <= 0)
			return false;
		i += (size_t)k;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_set_quiet(1);
	if (size == 0)
		return 0;
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	struct arena a;
	arena_init(&a);
	struct rejects rej;
	rejects_init(&rej, &a);
	struct strbuf err = STRBUF_INIT;
	struct seen seen = { 0, 0 };
	enum csv_encoding enc = (enum csv_encoding)(data[0] % 3);
	bool ok = csv_read_stream(f, "fuzz.csv", &SCHEMA, enc, &rej, on_row, &seen, &err);
	fclose(f);
	if (!ok && err.len == 0)
		abort();
	long lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
	for (int i = 0; i < rej.count; i++) {
		const struct reject *x = &rej.items[i];
		if (!x->error[0] || x->line < 2 || x->line > lines || !valid_utf8(x->value) || !valid_utf8(x->error))
			abort();
	}
	if (!valid_utf8(sb_str(&err)))
		abort();
	for (const char *const *w = diag_warnings(); *w; w++)
		if (!valid_utf8(*w))
			abort();
	diag_free();
	sb_free(&err);
	rejects_free(&rej);
	arena_free(&a);
	return 0;
}
