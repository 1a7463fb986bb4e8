/* libFuzzer: the xlsx reader and the header binding behind it.
 *
 * Byte 0 chooses how the rest is used. Even: the rest is the .xlsx file
 * itself (the ZIP layer: sizes, methods, bombs). Odd: the rest is split at
 * 0xFF bytes into the sheet, the shared strings, the styles and the
 * workbook parts of an archive built here, so that the XML readers are
 * reached by inputs that are not first refused as broken archives. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "csvread.h"
#include "diag.h"
#include "header.h"

static const struct csv_column COLS[] = {
	{ "id", "申报编号", true },
	{ "name", "名称", true },
	{ "start", "开始", false },
	{ "n", "数", false },
};
static const struct csv_schema SCHEMA = { COLS, 4 };

static const char RELS[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char WB_RELS[] = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
			      "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
			      "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
			      "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"/xl/styles.xml\"/></Relationships>";
static const char WORKBOOK[] =
	"<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static void on_row(const struct csv_row *row, void *ctx)
{
	size_t *n = ctx;
	for (int i = 0; i < SCHEMA.ncols; i++)
		if (row->cells[i])
			*n += strlen(row->cells[i]);
}

/* An archive of the given parts (stored), in a malloc'd buffer. */
static void *build(const char *const *names, const uint8_t *const *parts, const size_t *lens, int n, size_t *size)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	void *out = NULL;
	if (!src)
		goto done;
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!z)
		goto free_src;
	for (int i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, parts[i], lens[i], 0);
		zip_int64_t idx = s ? zip_file_add(z, names[i], s, 0) : -1;
		if (idx < 0) {
			zip_source_free(s);
			zip_discard(z);
			goto free_src;
		}
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		goto free_src;
	}
	if (zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		zip_int64_t len = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		out = len > 0 ? malloc((size_t)len) : NULL;
		if (out && zip_source_read(src, out, (zip_uint64_t)len) == len) {
			*size = (size_t)len;
		} else {
			free(out);
			out = NULL;
		}
		zip_source_close(src);
	}
free_src:
	zip_source_free(src);
done:
	zip_error_fini(&ze);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_set_quiet(1);
	header_aliases_clear();
	if (size < 1 || size > 1 << 20)
		return 0;
	struct arena a;
	arena_init(&a);
	struct rejects rej;
	rejects_init(&rej, &a);
	struct strbuf err = STRBUF_INIT;
	size_t n = 0;
	if (data[0] % 2 == 0) {
		csv_read_xlsx_memory(data + 1, size - 1, "fuzz.xlsx", &SCHEMA, &rej, on_row, &n, &err);
	} else {
		const char *names[] = {
			"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
			"xl/workbook.xml",          "_rels/.rels",          "xl/_rels/workbook.xml.rels"
		};
		const uint8_t *parts[6] = { 0 };
		size_t lens[6] = { 0 };
		int k = 0;
		const uint8_t *p = data + 1, *end = data + size;
		while (k < 4 && p <= end) {
			const uint8_t *sep = memchr(p, 0xFF, (size_t)(end - p));
			parts[k] = p;
			lens[k] = (size_t)((sep ? sep : end) - p);
			k++;
			p = sep ? sep + 1 : end + 1;
		}
		if (k < 4) {
			parts[3] = (const uint8_t *)WORKBOOK;
			lens[3] = sizeof WORKBOOK - 1;
		}
		parts[4] = (const uint8_t *)RELS, lens[4] = sizeof RELS - 1;
		parts[5] = (const uint8_t *)WB_RELS, lens[5] = sizeof WB_RELS - 1;
		/* Absent strings and styles parts are left out, as a workbook may. */
		const char *inc_names[6];
		const uint8_t *inc_parts[6];
		size_t inc_lens[6];
		int m = 0;
		for (int i = 0; i < 6; i++) {
			if ((i == 1 || i == 2) && lens[i] == 0)
				continue;
			inc_names[m] = names[i], inc_parts[m] = parts[i], inc_lens[m] = lens[i];
			m++;
		}
		size_t zsize = 0;
		void *zip = build(inc_names, inc_parts, inc_lens, m, &zsize);
		if (zip)
			csv_read_xlsx_memory(zip, zsize, "fuzz.xlsx", &SCHEMA, &rej, on_row, &n, &err);
		free(zip);
	}
	sb_free(&err);
	rejects_free(&rej);
	arena_free(&a);
	return 0;
}
