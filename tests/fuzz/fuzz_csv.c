/* libFuzzer: the CSV reader (decoding, libcsv, header binding, rejects). */
#include <stdint.h>
#include <stdio.h>

#include "csvread.h"
#include "diag.h"

static const struct csv_column COLS[] = {
	{ "id", "申报编号", true }, { "name", "名称", true }, { "note", "备注", false },
};
static const struct csv_schema SCHEMA = { COLS, 3 };

static void on_row(const struct csv_row *row, void *ctx)
{
	size_t *n = ctx;
	for (int i = 0; i < 3; i++)
		if (row->cells[i])
			*n += row->cells[i][0] != '\0';
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
	size_t n = 0;
	enum csv_encoding enc = (enum csv_encoding)(data[0] % 3);
	csv_read_stream(f, "fuzz.csv", &SCHEMA, enc, &rej, on_row, &n, &err);
	fclose(f);
	sb_free(&err);
	rejects_free(&rej);
	arena_free(&a);
	return 0;
}
