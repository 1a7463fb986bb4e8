/* xlsxbuild.h: workbooks the tests write themselves, part by part, with
 * libzip — so every case (a 1904 workbook, a merged title row, a formula
 * without a saved value, a ZIP bomb) is built from its XML in the test.
 * Include after cmocka.h. */
#ifndef GRANTDOC_XLSXBUILD_H
#define GRANTDOC_XLSXBUILD_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "strbuf.h"

struct xb_part {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen(text) */
};

/* Writes the parts as a ZIP archive at path (deflated unless stored). */
static inline void xb_write_parts(const char *path, const struct xb_part *parts, int n, bool stored)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (int i = 0; i < n; i++) {
		size_t len = parts[i].len ? parts[i].len : strlen(parts[i].text);
		zip_source_t *src = zip_source_buffer(z, parts[i].text, len, 0);
		assert_non_null(src);
		zip_int64_t idx = zip_file_add(z, parts[i].name, src, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		if (stored)
			assert_int_equal(zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0), 0);
	}
	assert_int_equal(zip_close(z), 0);
}

#define XB_NS                                                                  \
	"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/* Cell formats of every test workbook, by s="N":
 * 0 General, 1 date (14), 2 date-time (22), 3 yyyy"年"m"月"d"日" (custom),
 * 4 0.00% (10), 5 000000 (custom), 6 h:mm (20), 7 yyyy/m/d h:mm (custom),
 * 8 #,##0.00 (4), 9 ¥#,##0.00;[Red]-¥#,##0.00 (custom), 10 @ (49). */
#define XB_STYLES                                                                                         \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"                                   \
	"<styleSheet " XB_NS "><numFmts count=\"4\">"                                                     \
	"<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"   \
	"<numFmt numFmtId=\"165\" formatCode=\"000000\"/>"                                                \
	"<numFmt numFmtId=\"166\" formatCode=\"yyyy/m/d\\ h:mm\"/>"                                       \
	"<numFmt numFmtId=\"167\" formatCode=\"&quot;¥&quot;#,##0.00;[Red]\\-&quot;¥&quot;#,##0.00\"/>" \
	"</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs count=\"11\">"  \
	"<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"164\"/>"            \
	"<xf numFmtId=\"10\"/><xf numFmtId=\"165\"/><xf numFmtId=\"20\"/><xf numFmtId=\"166\"/>"          \
	"<xf numFmtId=\"4\"/><xf numFmtId=\"167\"/><xf numFmtId=\"49\"/></cellXfs></styleSheet>"

struct xb_book {
	const char *sheet_data; /* the <row> elements */
	const char *strings;    /* the <si> elements, or NULL: no sharedStrings part */
	const char *after_data; /* after </sheetData>, e.g. <mergeCells> */
	bool date1904;
	const char *sheets;      /* <sheet> elements; NULL: one sheet "申报表" */
	const char *extra_sheet; /* sheet2.xml's <row> elements, if sheets names two */
};

/* A complete workbook as Excel writes one. */
static inline void xb_write(const char *path, const struct xb_book *bk)
{
	struct strbuf wb = STRBUF_INIT, rels = STRBUF_INIT, sheet = STRBUF_INIT, sst = STRBUF_INIT,
		      sheet2 = STRBUF_INIT, ct = STRBUF_INIT;
	sb_printf(
		&ct,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
	sb_printf(&wb,
		  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook " XB_NS ">"
		  "<workbookPr%s/><sheets>%s</sheets></workbook>",
		  bk->date1904 ? " date1904=\"1\"" : "",
		  bk->sheets ? bk->sheets : "<sheet name=\"申报表\" sheetId=\"1\" r:id=\"rId1\"/>");
	sb_printf(
		&rels,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
		"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
		"%s</Relationships>",
		bk->strings
			? "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
			: "");
	sb_printf(&sheet,
		  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet " XB_NS ">"
		  "<sheetData>%s</sheetData>%s</worksheet>",
		  bk->sheet_data, bk->after_data ? bk->after_data : "");
	sb_printf(&sheet2,
		  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " XB_NS
		  "><sheetData>%s</sheetData></worksheet>",
		  bk->extra_sheet ? bk->extra_sheet : "");
	if (bk->strings)
		sb_printf(&sst,
			  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst " XB_NS ">%s</sst>",
			  bk->strings);
	struct xb_part parts[] = {
		{ "[Content_Types].xml", ct.data, 0 },
		{ "_rels/.rels",
		  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
		  0 },
		{ "xl/workbook.xml", wb.data, 0 },
		{ "xl/_rels/workbook.xml.rels", rels.data, 0 },
		{ "xl/styles.xml", XB_STYLES, 0 },
		{ "xl/worksheets/sheet1.xml", sheet.data, 0 },
		{ "xl/worksheets/sheet2.xml", sheet2.data, 0 },
		{ "xl/sharedStrings.xml", bk->strings ? sst.data : "", 0 },
	};
	xb_write_parts(path, parts, bk->strings ? 8 : 7, false);
	sb_free(&wb);
	sb_free(&rels);
	sb_free(&sheet);
	sb_free(&sheet2);
	sb_free(&sst);
	sb_free(&ct);
}

/* An inline-string cell: <c r="ref" t="inlineStr"><is><t>text</t></is></c>. */
#define XB_IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
/* A number cell with style s. */
#define XB_N(ref, s, v) "<c r=\"" ref "\" s=\"" s "\"><v>" v "</v></c>"

#endif
