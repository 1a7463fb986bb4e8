/* The xlsx reader on workbooks the tests build: strings, numbers, dates in
 * both systems, booleans, formulas, merged cells, empty rows, sheets, and
 * archives that must be refused (bombs, DTDs, lies about sizes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xlsx.h"
#include "xlsxbuild.h"

#define MAXROWS 32
#define MAXCOLS 12

struct got {
	int n;
	char sheet[64];
	long row[MAXROWS];
	int ncells[MAXROWS];
	char text[MAXROWS][MAXCOLS][128];
	char problem[MAXROWS][MAXCOLS][160];
};

static bool collect(const struct xlsx_row *row, void *ctx)
{
	struct got *g = ctx;
	assert_true(g->n < MAXROWS);
	snprintf(g->sheet, sizeof g->sheet, "%s", row->sheet);
	g->row[g->n] = row->number;
	g->ncells[g->n] = row->ncells;
	for (int i = 0; i < row->ncells && i < MAXCOLS; i++) {
		snprintf(g->text[g->n][i], 128, "%s", row->cells[i].text);
		snprintf(g->problem[g->n][i], 160, "%s", row->cells[i].problem ? row->cells[i].problem : "");
	}
	g->n++;
	return true;
}

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/gd-xlsx-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	return system(cmd);
}

static const char *path_of(const char *name)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

struct result {
	bool ok;
	struct got got;
	struct strbuf err;
};

static struct result *read_book(const struct xb_book *bk, const char *sheet)
{
	static struct result r;
	sb_free(&r.err);
	memset(&r, 0, sizeof r);
	const char *p = path_of("t.xlsx");
	xb_write(p, bk);
	r.ok = xlsx_read(p, "t.xlsx", sheet, collect, &r.got, &r.err);
	return &r;
}

/* One cell's text and problem, read from a one-row sheet. */
static struct result *read_cell(const char *cell_xml, bool date1904)
{
	char data[1024];
	snprintf(data, sizeof data, "<row r=\"2\">%s</row>", cell_xml);
	struct xb_book bk = { .sheet_data = data, .date1904 = date1904 };
	struct result *r = read_book(&bk, NULL);
	assert_true(r->ok);
	return r;
}

static void assert_cell(const char *cell_xml, bool date1904, const char *text, const char *problem_part)
{
	struct result *r = read_cell(cell_xml, date1904);
	assert_int_equal(r->got.n, 1);
	assert_string_equal(r->got.text[0][0], text);
	if (problem_part)
		assert_non_null(strstr(r->got.problem[0][0], problem_part));
	else
		assert_string_equal(r->got.problem[0][0], "");
}

/* ---- strings ---- */

static void test_shared_and_inline_strings(void **state)
{
	(void)state;
	struct xb_book bk = {
		.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>" XB_IS(
			"C1", "内联 文本") "<c r=\"D1\" t=\"s\"><v>2</v></c>"
					   "<c r=\"E1\" t=\"s\"><v>3</v></c></row>",
		.strings = "<si><t>申报单位名称</t></si>"
			   /* rich text runs, and a phonetic run that is not text */
			   "<si><r><t>山西</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">大学 </t></r>"
			   "<rPh sb=\"0\" eb=\"2\"><t>シャンシー</t></rPh></si>"
			   "<si><t>a_x000D_b_x005F_x0041_c</t></si>"
			   "<si><t/></si>",
	};
	struct result *r = read_book(&bk, NULL);
	assert_true(r->ok);
	assert_int_equal(r->got.n, 1);
	assert_string_equal(r->got.sheet, "申报表");
	assert_int_equal(r->got.row[0], 1);
	assert_string_equal(r->got.text[0][0], "申报单位名称");
	assert_string_equal(r->got.text[0][1], "山西大学 ");
	assert_string_equal(r->got.text[0][2], "内联 文本");
	assert_string_equal(r->got.text[0][3], "a\rb_x0041_c");
	/* an empty trailing cell is not counted */
	assert_int_equal(r->got.ncells[0], 4);
}

static void test_shared_string_index_out_of_range(void **state)
{
	(void)state;
	struct xb_book bk = { .sheet_data = "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c></row>",
			      .strings = "<si><t>x</t></si>" };
	struct result *r = read_book(&bk, NULL);
	assert_true(r->ok);
	assert_non_null(strstr(r->got.problem[0][0], "shared string index"));
}

/* ---- numbers ---- */

static void test_numbers_exact(void **state)
{
	(void)state;
	assert_cell(XB_N("A2", "0", "380000"), false, "380000", NULL);
	assert_cell(XB_N("A2", "0", "4.5"), false, "4.5", NULL);
	assert_cell(XB_N("A2", "0", "-12.50"), false, "-12.5", NULL);
	assert_cell(XB_N("A2", "0", "1E+3"), false, "1000", NULL);
	assert_cell(XB_N("A2", "0", "2.5E-3"), false, "0.0025", NULL);
	/* the formula noise of 0.1+0.2, as Excel keeps and shows it */
	assert_cell(XB_N("A2", "0", "0.30000000000000004"), false, "0.3", NULL);
	assert_cell(XB_N("A2", "0", "380000.49999999994"), false, "380000.5", NULL);
	assert_cell(XB_N("A2", "0", "-0"), false, "0", NULL);
	/* formats that only change how a number looks */
	assert_cell(XB_N("A2", "8", "380000"), false, "380000", NULL);
	assert_cell(XB_N("A2", "9", "380000"), false, "380000", NULL);
	assert_cell(XB_N("A2", "10", "380000"), false, "380000", NULL);
}

static void test_fifteen_digits_and_one_more(void **state)
{
	(void)state;
	assert_cell(XB_N("A2", "0", "999999999999999"), false, "999999999999999", NULL);
	assert_cell(XB_N("A2", "0", "1000000000000000"), false, "1000000000000000", "more than 15 digits");
	/* an 18-digit ID typed as a number: Excel saved 15 significant digits */
	assert_cell(XB_N("A2", "0", "1.10105199001011E+17"), false, "1.10105199001011E+17", "more than 15 digits");
	assert_cell(XB_N("A2", "0", "110105199001011234"), false, "110105199001011234", "more than 15 digits");
	assert_cell(XB_N("A2", "0", "12abc"), false, "12abc", "not a number");
}

static void test_percent_and_zero_padding(void **state)
{
	(void)state;
	assert_cell(XB_N("A2", "4", "0.045"), false, "4.5%", NULL);
	assert_cell(XB_N("A2", "4", "0"), false, "0%", NULL);
	assert_cell(XB_N("A2", "5", "123"), false, "000123", NULL);
	assert_cell(XB_N("A2", "5", "1234567"), false, "1234567", NULL);
}

/* ---- dates ---- */

static void test_dates_1900_system(void **state)
{
	(void)state;
	assert_cell(XB_N("A2", "1", "45630"), false, "2024-12-04", NULL);
	assert_cell(XB_N("A2", "3", "45630"), false, "2024-12-04", NULL);
	assert_cell(XB_N("A2", "1", "1"), false, "1900-01-01", NULL);
	assert_cell(XB_N("A2", "1", "59"), false, "1900-02-28", NULL);
	/* Excel's 29 February 1900 does not exist; 61 is 1 March */
	assert_cell(XB_N("A2", "1", "60"), false, "60", "1900-02-29");
	assert_cell(XB_N("A2", "1", "61"), false, "1900-03-01", NULL);
	assert_cell(XB_N("A2", "1", "0"), false, "0", "not a date");
	assert_cell(XB_N("A2", "1", "-1"), false, "-1", "negative");
	assert_cell(XB_N("A2", "1", "2958465"), false, "9999-12-31", NULL);
	assert_cell(XB_N("A2", "1", "2958466"), false, "2958466", "9999-12-31");
	assert_cell(XB_N("A2", "1", "29584650"), false, "29584650", "9999-12-31");
	assert_cell(XB_N("A2", "1", "45351"), false, "2024-02-29", NULL);
}

static void test_dates_1904_system(void **state)
{
	(void)state;
	assert_cell(XB_N("A2", "1", "0"), true, "1904-01-01", NULL);
	assert_cell(XB_N("A2", "1", "44168"), true, "2024-12-04", NULL);
	assert_cell(XB_N("A2", "1", "2957003"), true, "9999-12-31", NULL);
	assert_cell(XB_N("A2", "1", "2957004"), true, "2957004", "9999-12-31");
	assert_cell(XB_N("A2", "1", "-1"), true, "-1", "negative");
}

static void test_dates_with_times(void **state)
{
	(void)state;
	/* 16:30 exactly, and 16:31 as Excel stores it (0.688194444…) */
	assert_cell(XB_N("A2", "2", "45586.6875"), false, "2024-10-21 16:30", NULL);
	assert_cell(XB_N("A2", "7", "45586.688194444444"), false, "2024-10-21 16:31", NULL);
	/* a date-time format shows midnight; a date format does not */
	assert_cell(XB_N("A2", "2", "45586"), false, "2024-10-21 00:00", NULL);
	assert_cell(XB_N("A2", "1", "45586"), false, "2024-10-21", NULL);
	/* a date format over a serial with a time keeps the time: exact */
	assert_cell(XB_N("A2", "1", "45586.5"), false, "2024-10-21 12:00", NULL);
	assert_cell(XB_N("A2", "6", "0.75"), false, "18:00", NULL);
	assert_cell(XB_N("A2", "6", "0.7500115740740741"), false, "18:00:01", NULL);
	/* 23:59:59.9 rounds into the next day */
	assert_cell(XB_N("A2", "2", "45586.99999988"), false, "2024-10-22 00:00", NULL);
	assert_cell("<c r=\"A2\" t=\"d\"><v>2024-12-04T00:00:00</v></c>", false, "2024-12-04", NULL);
	assert_cell("<c r=\"A2\" t=\"d\"><v>2024-12-04T16:30:00Z</v></c>", false, "2024-12-04 16:30", NULL);
}

static void test_format_classes(void **state)
{
	(void)state;
	int w;
	assert_int_equal(xlsx_format_of(0, NULL, &w), XLSX_FMT_GENERAL);
	assert_int_equal(xlsx_format_of(14, NULL, &w), XLSX_FMT_DATE);
	assert_int_equal(xlsx_format_of(31, NULL, &w), XLSX_FMT_DATE); /* yyyy"年"m"月"d"日" */
	assert_int_equal(xlsx_format_of(22, NULL, &w), XLSX_FMT_DATETIME);
	assert_int_equal(xlsx_format_of(32, NULL, &w), XLSX_FMT_TIME); /* h"时"mm"分" */
	assert_int_equal(xlsx_format_of(49, NULL, &w), XLSX_FMT_GENERAL);
	assert_int_equal(xlsx_format_of(164, "General", &w), XLSX_FMT_GENERAL);
	assert_int_equal(xlsx_format_of(164, "#,##0.00_);[Red]\\(#,##0.00\\)", &w), XLSX_FMT_GENERAL);
	assert_int_equal(xlsx_format_of(164, "\"¥\"#,##0.00", &w), XLSX_FMT_GENERAL);
	assert_int_equal(xlsx_format_of(164, "0.00E+00", &w), XLSX_FMT_GENERAL);
	assert_int_equal(xlsx_format_of(164, "\"Days: \"0", &w), XLSX_FMT_GENERAL);
	assert_int_equal(xlsx_format_of(164, "[$-804]yyyy\"年\"m\"月\"d\"日\";@", &w), XLSX_FMT_DATE);
	assert_int_equal(xlsx_format_of(164, "yyyy-mm-dd hh:mm:ss", &w), XLSX_FMT_DATETIME);
	assert_int_equal(xlsx_format_of(164, "[h]:mm", &w), XLSX_FMT_TIME);
	assert_int_equal(xlsx_format_of(164, "mm:ss", &w), XLSX_FMT_TIME);
	assert_int_equal(xlsx_format_of(164, "mmm-yy", &w), XLSX_FMT_DATE);
	assert_int_equal(xlsx_format_of(164, "0.0%", &w), XLSX_FMT_PERCENT);
	assert_int_equal(xlsx_format_of(164, "00000000", &w), XLSX_FMT_ZEROPAD);
	assert_int_equal(w, 8);
	assert_int_equal(xlsx_format_of(164, "0", &w), XLSX_FMT_GENERAL);
}

/* ---- booleans, formulas, errors ---- */

static void test_booleans_formulas_errors(void **state)
{
	(void)state;
	assert_cell("<c r=\"A2\" t=\"b\"><v>1</v></c>", false, "TRUE", NULL);
	assert_cell("<c r=\"A2\" t=\"b\"><v>0</v></c>", false, "FALSE", NULL);
	assert_cell("<c r=\"A2\" t=\"b\"><v>2</v></c>", false, "2", "not a boolean");
	/* formulas read by their saved values */
	assert_cell("<c r=\"A2\"><f>B2*2</f><v>760000</v></c>", false, "760000", NULL);
	assert_cell("<c r=\"A2\" s=\"1\"><f>DATE(2024,12,4)</f><v>45630</v></c>", false, "2024-12-04", NULL);
	assert_cell("<c r=\"A2\" t=\"str\"><f>B2&amp;C2</f><v>山西大学</v></c>", false, "山西大学", NULL);
	assert_cell("<c r=\"A2\" t=\"b\"><f>B2&gt;1</f><v>1</v></c>", false, "TRUE", NULL);
	assert_cell("<c r=\"A2\"><f>B2*2</f></c>", false, "", "without a saved value");
	assert_cell("<c r=\"A2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>", false, "#DIV/0!", "error value");
	/* a styled cell without a value is empty: no row */
	struct result *r = read_cell("<c r=\"A2\" s=\"1\"/><c r=\"B2\" s=\"1\"><v></v></c>", false);
	assert_int_equal(r->got.n, 0);
}

/* ---- rows, merged cells ---- */

static void test_empty_rows_and_gaps(void **state)
{
	(void)state;
	struct xb_book bk = {
		.sheet_data = "<row r=\"1\">" XB_IS(
			"A1",
			"id") "</row>"
			      "<row r=\"2\"/>"
			      "<row r=\"3\"><c r=\"A3\" s=\"1\"/><c r=\"B3\" t=\"inlineStr\"><is><t></t></is></c></row>"
			      "<row r=\"7\">" XB_IS(
				      "C7", "x") "</row>"
						 /* rows and cells without r attributes follow on */
						 "<row>" XB_IS("A8",
							       "y") "<c t=\"inlineStr\"><is><t>z</t></is></c></row>",
	};
	struct result *r = read_book(&bk, NULL);
	assert_true(r->ok);
	assert_int_equal(r->got.n, 3);
	assert_int_equal(r->got.row[1], 7);
	assert_int_equal(r->got.ncells[1], 3);
	assert_string_equal(r->got.text[1][0], "");
	assert_string_equal(r->got.text[1][2], "x");
	assert_int_equal(r->got.row[2], 8);
	assert_string_equal(r->got.text[2][1], "z");
}

static void test_merged_title_and_data_cells(void **state)
{
	(void)state;
	struct xb_book bk = {
		.sheet_data = "<row r=\"1\">" XB_IS(
			"A1",
			"2024年度项目申报汇总表") "<c r=\"B1\" s=\"0\"/></row>"
						  "<row r=\"2\">" XB_IS("A2", "id") XB_IS(
							  "B2",
							  "category") "</row>"
								      "<row r=\"3\">" XB_IS("A3", "X-1") XB_IS(
									      "B3",
									      "KC") "</row>"
										    "<row r=\"4\">" XB_IS(
											    "A4",
											    "X-2") "</row>"
												   "<row r=\"5\">" XB_IS(
													   "A5",
													   "X-3") "</row>",
		.after_data =
			"<mergeCells count=\"2\"><mergeCell ref=\"A1:C1\"/><mergeCell ref=\"B3:B4\"/></mergeCells>",
	};
	struct result *r = read_book(&bk, NULL);
	assert_true(r->ok);
	assert_int_equal(r->got.n, 5);
	/* the title's value is in A1; B1 and C1 are covered */
	assert_string_equal(r->got.text[0][0], "2024年度项目申报汇总表");
	assert_non_null(strstr(r->got.problem[0][1], "merged cells A1:C1"));
	assert_int_equal(r->got.ncells[0], 3);
	/* B4 shows KC on screen but holds nothing: not read as KC */
	assert_string_equal(r->got.text[2][1], "KC");
	assert_string_equal(r->got.problem[2][1], "");
	assert_string_equal(r->got.text[3][1], "");
	assert_non_null(strstr(r->got.problem[3][1], "merged cells B3:B4, whose value is in B3 only"));
	assert_int_equal(r->got.ncells[4], 1);
}

/* The ranges are found by a pass over the bytes: what only looks like one
 * (in a comment, a CDATA section, an attribute value) is not one; a
 * prefixed element is. */
static void test_merged_ranges_found_in_the_bytes(void **state)
{
	(void)state;
	struct xb_book bk = {
		.sheet_data = "<row r=\"1\">" XB_IS(
			"A1",
			"a &lt;mergeCell ref=\"A2:A3\"/&gt;") "</row>"
							      "<row r=\"2\">" XB_IS(
								      "A2",
								      "x") "<c r=\"B2\" t=\"inlineStr\"><is><t><![CDATA[a> <mergeCell ref=\"B2:B3\"/>]]></t></is></c></row>"
									   "<row r=\"3\">" XB_IS("A3", "y")
										   XB_IS("B3", "z")
											   XB_IS("C3", "w") "</row>",
		.after_data =
			"<!-- a> <mergeCell ref=\"C2:C3\"/> --><x:mergeCells xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			"<x:mergeCell note='a>b' ref='D2:D3'/><mergeCell ref=\"E2:F2\"></mergeCell></x:mergeCells>",
	};
	struct result *r = read_book(&bk, NULL);
	assert_true(r->ok);
	assert_int_equal(r->got.n, 3);
	assert_string_equal(r->got.text[1][1], "a> <mergeCell ref=\"B2:B3\"/>");
	for (int c = 0; c < 3; c++)
		assert_string_equal(r->got.problem[2][c], "");
	/* D3 under D2:D3, F2 under E2:F2 */
	assert_int_equal(r->got.ncells[2], 4);
	assert_non_null(strstr(r->got.problem[2][3], "merged cells D2:D3"));
	assert_non_null(strstr(r->got.problem[1][5], "merged cells E2:F2"));
}

static void test_rows_out_of_order_refused(void **state)
{
	(void)state;
	struct xb_book bk = { .sheet_data = "<row r=\"3\">" XB_IS("A3", "x") "</row><row r=\"2\">" XB_IS(
				      "A2", "y") "</row>" };
	struct result *r = read_book(&bk, NULL);
	assert_false(r->ok);
	assert_non_null(strstr(r->err.data, "row 2 comes after row 3"));
	struct xb_book bk2 = { .sheet_data = "<row r=\"3\">" XB_IS("B3", "x") XB_IS("A3", "y") "</row>" };
	r = read_book(&bk2, NULL);
	assert_false(r->ok);
	assert_non_null(strstr(r->err.data, "out of order"));
	struct xb_book bk3 = { .sheet_data = "<row r=\"3\">" XB_IS("A4", "x") "</row>" };
	r = read_book(&bk3, NULL);
	assert_false(r->ok);
	assert_non_null(strstr(r->err.data, "cell A4 inside row 3"));
}

/* ---- sheets ---- */

static void test_sheet_choice(void **state)
{
	(void)state;
	struct xb_book bk = {
		.sheet_data = "<row r=\"1\">" XB_IS("A1", "hidden one") "</row>",
		.extra_sheet = "<row r=\"1\">" XB_IS("A1", "visible one") "</row>",
		.sheets = "<sheet name=\"代码表\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
			  "<sheet name=\"申报表\" sheetId=\"2\" r:id=\"rId2\"/>",
	};
	struct result *r = read_book(&bk, NULL);
	assert_true(r->ok);
	assert_string_equal(r->got.text[0][0], "visible one");
	r = read_book(&bk, "代码表");
	assert_true(r->ok);
	assert_string_equal(r->got.text[0][0], "hidden one");
	r = read_book(&bk, "Sheet9");
	assert_false(r->ok);
	assert_string_equal(r->err.data, "t.xlsx: no sheet named 'Sheet9' (the workbook has '代码表', '申报表')");
}

/* ---- what is refused ---- */

static void test_not_a_workbook(void **state)
{
	(void)state;
	const char *p = path_of("plain.xlsx");
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("id,name\n1,x\n", f);
	fclose(f);
	struct strbuf err = STRBUF_INIT;
	struct got g = { 0 };
	assert_false(xlsx_read(p, "plain.xlsx", NULL, collect, &g, &err));
	assert_non_null(strstr(err.data, "plain.xlsx: not a readable .xlsx workbook"));
	sb_free(&err);
	/* a ZIP without a workbook part */
	struct xb_part parts[] = { { "hello.txt", "hello", 0 } };
	xb_write_parts(p, parts, 1, false);
	assert_false(xlsx_read(p, "plain.xlsx", NULL, collect, &g, &err));
	assert_non_null(strstr(err.data, "not an Excel workbook"));
	sb_free(&err);
}

/* A sheet of n bytes of blanks compresses about a thousand times. */
static void test_zip_bomb_by_ratio(void **state)
{
	(void)state;
	size_t n = 8u << 20;
	char *big = malloc(n + 256);
	assert_non_null(big);
	int k = sprintf(big, "<?xml version=\"1.0\"?><worksheet><sheetData>");
	memset(big + k, ' ', n);
	strcpy(big + k + n, "</sheetData></worksheet>");
	struct xb_book bk = { .sheet_data = "" };
	const char *p = path_of("bomb.xlsx");
	xb_write(p, &bk);
	/* replace sheet1 with the bomb */
	int zerr;
	zip_t *z = zip_open(p, 0, &zerr);
	assert_non_null(z);
	zip_source_t *src = zip_source_buffer(z, big, strlen(big), 0);
	assert_true(zip_file_add(z, "xl/worksheets/sheet1.xml", src, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	free(big);
	struct strbuf err = STRBUF_INIT;
	struct got g = { 0 };
	assert_false(xlsx_read(p, "bomb.xlsx", NULL, collect, &g, &err));
	assert_non_null(strstr(err.data, "xl/worksheets/sheet1.xml declares an expansion of more than 200 times"));
	sb_free(&err);
}

/* A part that expands past what its headers declare is cut off there. */
static void test_size_lie_refused(void **state)
{
	(void)state;
	struct xb_book bk = { .sheet_data = "<row r=\"1\">" XB_IS(
				      "A1", "a cell whose text makes the part long enough") "</row>" };
	const char *p = path_of("lie.xlsx");
	xb_write(p, &bk);
	FILE *f = fopen(p, "r+b");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	unsigned char *buf = malloc((size_t)size);
	rewind(f);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	const char *name = "xl/worksheets/sheet1.xml";
	size_t nl = strlen(name);
	int patched = 0;
	for (long i = 0; i + 46 + (long)nl < size; i++) {
		bool local = memcmp(buf + i, "PK\3\4", 4) == 0 && memcmp(buf + i + 30, name, nl) == 0;
		bool central = memcmp(buf + i, "PK\1\2", 4) == 0 && memcmp(buf + i + 46, name, nl) == 0;
		if (local || central) {
			unsigned char *sz = buf + i + (local ? 22 : 24);
			sz[0] = 40, sz[1] = sz[2] = sz[3] = 0; /* "40 bytes" */
			patched++;
		}
	}
	assert_int_equal(patched, 2);
	rewind(f);
	assert_int_equal(fwrite(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	free(buf);
	struct strbuf err = STRBUF_INIT;
	struct got g = { 0 };
	assert_false(xlsx_read(p, "lie.xlsx", NULL, collect, &g, &err));
	assert_int_equal(g.n, 0);
	assert_string_equal(err.data,
			    "lie.xlsx: xl/worksheets/sheet1.xml expands past its declared size of 40 bytes: refused");
	sb_free(&err);
}

static void test_too_many_entries(void **state)
{
	(void)state;
	const char *p = path_of("many.xlsx");
	int zerr;
	zip_t *z = zip_open(p, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (int i = 0; i <= XLSX_ENTRIES_MAX; i++) {
		char name[32];
		snprintf(name, sizeof name, "e%d", i);
		zip_source_t *src = zip_source_buffer(z, "", 0, 0);
		assert_true(zip_file_add(z, name, src, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	struct strbuf err = STRBUF_INIT;
	struct got g = { 0 };
	assert_false(xlsx_read(p, "many.xlsx", NULL, collect, &g, &err));
	assert_non_null(strstr(err.data, "more than 10000 entries"));
	sb_free(&err);
}

static void test_doctype_and_entities_refused(void **state)
{
	(void)state;
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
		"<sst><si><t>&c;</t></si></sst>";
	struct xb_book bk = { .sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>",
			      .strings = "<si><t>x</t></si>" };
	const char *p = path_of("dtd.xlsx");
	xb_write(p, &bk);
	int zerr;
	zip_t *z = zip_open(p, 0, &zerr);
	zip_source_t *src = zip_source_buffer(z, laughs, strlen(laughs), 0);
	assert_true(zip_file_add(z, "xl/sharedStrings.xml", src, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	struct strbuf err = STRBUF_INIT;
	struct got g = { 0 };
	assert_false(xlsx_read(p, "dtd.xlsx", NULL, collect, &g, &err));
	assert_string_equal(err.data, "dtd.xlsx: xl/sharedStrings.xml: a DOCTYPE declaration is not allowed");
	sb_free(&err);
	/* a comment and a declaration before the root are fine */
	static const char fine[] =
		"<?xml version=\"1.0\"?><!-- <!DOCTYPE in a comment --><sst><si><t>ok</t></si></sst>";
	z = zip_open(p, 0, &zerr);
	src = zip_source_buffer(z, fine, strlen(fine), 0);
	assert_true(zip_file_add(z, "xl/sharedStrings.xml", src, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	assert_true(xlsx_read(p, "dtd.xlsx", NULL, collect, &g, &err));
	assert_string_equal(g.text[0][0], "ok");
	sb_free(&err);
}

static void test_undeclared_entity_refused(void **state)
{
	(void)state;
	struct xb_book bk = { .sheet_data =
				      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>" };
	struct result *r = read_book(&bk, NULL);
	assert_false(r->ok);
	assert_non_null(strstr(r->err.data, "t.xlsx: xl/worksheets/sheet1.xml:2:"));
}

static void test_cell_ref(void **state)
{
	(void)state;
	char buf[16];
	xlsx_cell_ref(0, 1, buf);
	assert_string_equal(buf, "A1");
	xlsx_cell_ref(1, 17, buf);
	assert_string_equal(buf, "B17");
	xlsx_cell_ref(25, 3, buf);
	assert_string_equal(buf, "Z3");
	xlsx_cell_ref(26, 3, buf);
	assert_string_equal(buf, "AA3");
	xlsx_cell_ref(16383, 1048576, buf);
	assert_string_equal(buf, "XFD1048576");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_and_inline_strings),
		cmocka_unit_test(test_shared_string_index_out_of_range),
		cmocka_unit_test(test_numbers_exact),
		cmocka_unit_test(test_fifteen_digits_and_one_more),
		cmocka_unit_test(test_percent_and_zero_padding),
		cmocka_unit_test(test_dates_1900_system),
		cmocka_unit_test(test_dates_1904_system),
		cmocka_unit_test(test_dates_with_times),
		cmocka_unit_test(test_format_classes),
		cmocka_unit_test(test_booleans_formulas_errors),
		cmocka_unit_test(test_empty_rows_and_gaps),
		cmocka_unit_test(test_merged_title_and_data_cells),
		cmocka_unit_test(test_merged_ranges_found_in_the_bytes),
		cmocka_unit_test(test_rows_out_of_order_refused),
		cmocka_unit_test(test_sheet_choice),
		cmocka_unit_test(test_not_a_workbook),
		cmocka_unit_test(test_zip_bomb_by_ratio),
		cmocka_unit_test(test_size_lie_refused),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_doctype_and_entities_refused),
		cmocka_unit_test(test_undeclared_entity_refused),
		cmocka_unit_test(test_cell_ref),
	};
	return cmocka_run_group_tests_name("xlsx", tests, setup, teardown);
}
