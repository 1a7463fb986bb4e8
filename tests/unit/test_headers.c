/* Headers: title rows above them, aliases, every missing column in one
 * message; and NAME.xlsx read in place of NAME.csv through the same
 * binding, with rejects naming the sheet's cell (in English and Chinese). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "diag.h"
#include "header.h"
#include "rejectzh.h"
#include "xlsxbuild.h"

enum { C_ID, C_APPLICANT, C_PI_ID, C_REQUESTED, C_START, C_NOTE, NCOLS };
static const struct csv_column COLS[NCOLS] = {
	[C_ID] = { "id", "申报编号", true },
	[C_APPLICANT] = { "applicant", "申报单位", true },
	[C_PI_ID] = { "pi_id", "负责人身份证号", true },
	[C_REQUESTED] = { "requested", "申请引导资金", true },
	[C_START] = { "start", "执行期开始", true },
	[C_NOTE] = { "note", "备注", false },
};
static const struct csv_schema SCHEMA = { COLS, NCOLS };

struct seen {
	int n;
	long line[16];
	char cell[16][NCOLS][64];
	char sheet[16][32];
	int col_of_start[16];
};

static void collect(const struct csv_row *row, void *ctx)
{
	struct seen *s = ctx;
	assert_true(s->n < 16);
	s->line[s->n] = row->line;
	for (int c = 0; c < NCOLS; c++)
		snprintf(s->cell[s->n][c], 64, "%s", row->cells[c] ? row->cells[c] : "(absent)");
	snprintf(s->sheet[s->n], 32, "%s", row->sheet ? row->sheet : "");
	s->col_of_start[s->n] = row->col_of ? row->col_of[C_START] : -9;
	s->n++;
}

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/gd-hdr-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	diag_set_quiet(1);
	return 0;
}

static void result_free(void);

static int teardown(void **state)
{
	(void)state;
	result_free();
	header_aliases_clear();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	return system(cmd);
}

/* Each test starts without aliases unless it adds some. */
static int no_aliases(void **state)
{
	(void)state;
	header_aliases_clear();
	return 0;
}

static const char *path_of(const char *name)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static void put(const char *name, const char *text)
{
	FILE *f = fopen(path_of(name), "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

struct result {
	bool ok;
	struct seen seen;
	struct arena arena;
	struct rejects rejects;
	struct strbuf err;
};

static struct result last;
static bool last_used;

static void result_free(void)
{
	if (last_used) {
		rejects_free(&last.rejects);
		arena_free(&last.arena);
		sb_free(&last.err);
	}
	last_used = false;
}

static struct result *read_csv(const char *name, const char *text)
{
	result_free();
	memset(&last, 0, sizeof last);
	last_used = true;
	arena_init(&last.arena);
	rejects_init(&last.rejects, &last.arena);
	if (text)
		put(name, text);
	last.ok = csv_read(path_of(name), name, &SCHEMA, CSV_ENC_AUTO, &last.rejects, collect, &last.seen, &last.err);
	return &last;
}

#define ROW "A1,山西大学,140105197106211018,380000,2025-01-01\n"

/* ---- title rows and the header ---- */

static void test_title_rows_above_the_header(void **state)
{
	(void)state;
	struct result *r = read_csv("t.csv", "2024年度项目申报汇总表,,,,\n"
					     "填报单位：山西省科学技术厅,,,填报日期：2024年12月,\n"
					     "\n"
					     "id,applicant,pi_id,requested,start\n" ROW);
	assert_true(r->ok);
	assert_int_equal(r->seen.n, 1);
	assert_int_equal(r->seen.line[0], 5);
	assert_string_equal(r->seen.cell[0][C_APPLICANT], "山西大学");
}

/* Five required columns: a row naming three is the header, two is not. */
static void test_enough_names_both_sides(void **state)
{
	(void)state;
	assert_int_equal(header_enough(&SCHEMA), 3);
	struct result *r = read_csv("t.csv", "id,applicant,pi_id,备注\nA1,x,y,z\n");
	assert_false(r->ok);
	assert_string_equal(r->err.data,
			    "t.csv:1: required columns missing: 'requested' (申请引导资金), 'start' (执行期开始)");
	/* two names: a title row, and the real header follows */
	r = read_csv("t.csv", "id,applicant\nid,applicant,pi_id,requested,start\n" ROW);
	assert_true(r->ok);
	assert_int_equal(r->seen.n, 1);
	assert_int_equal(r->seen.line[0], 3);
	/* and when it is the only candidate, the message says what it lacks */
	r = read_csv("t.csv", "id,applicant\nA1,x\n");
	assert_false(r->ok);
	assert_string_equal(
		r->err.data,
		"t.csv: no header row in the first 10 rows: the closest, line 1, names 2 columns; missing: 'pi_id' (负责人身份证号), 'requested' (申请引导资金), 'start' (执行期开始)");
}

static void test_header_search_stops_after_ten_rows(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 9; i++)
		sb_printf(&sb, "title %d\n", i);
	sb_puts(&sb, "id,applicant,pi_id,requested,start\n" ROW);
	struct result *r = read_csv("t.csv", sb.data);
	assert_true(r->ok);
	assert_int_equal(r->seen.line[0], 11);
	sb_reset(&sb);
	for (int i = 0; i < 10; i++)
		sb_printf(&sb, "title %d\n", i);
	sb_puts(&sb, "id,applicant,pi_id,requested,start\n" ROW);
	r = read_csv("t.csv", sb.data);
	assert_false(r->ok);
	assert_string_equal(
		r->err.data,
		"t.csv: no header row in the first 10 rows: the closest, line 1, names 0 columns; missing: 'id' (申报编号), 'applicant' (申报单位), 'pi_id' (负责人身份证号), 'requested' (申请引导资金), 'start' (执行期开始)");
	sb_free(&sb);
}

static void test_header_cells_forgiven_spaces_breaks_and_star(void **state)
{
	(void)state;
	struct result *r = read_csv("t.csv", "\"* 申报\n编号\",申报单位　,负责人 身份证号,ID2,REQUESTED,Start\n"
					     "A1,山西大学,140105197106211018,,380000,2025-01-01\n");
	assert_true(r->ok);
	assert_string_equal(r->seen.cell[0][C_ID], "A1");
	assert_string_equal(r->seen.cell[0][C_PI_ID], "140105197106211018");
	assert_string_equal(r->seen.cell[0][C_REQUESTED], "380000");
}

/* ---- aliases ---- */

static void test_aliases_name_columns(void **state)
{
	(void)state;
	struct result *r = read_csv("t.csv", "申报编号,申报单位名称,身份证号码,申请引导资金,执行期开始\n" ROW);
	assert_false(r->ok); /* two of five named: no header */
	header_aliases_add(NULL, "applicant", "申报单位名称");
	header_aliases_add(NULL, "pi_id", "身份证号码");
	r = read_csv("t.csv", NULL);
	assert_true(r->ok);
	assert_string_equal(r->seen.cell[0][C_APPLICANT], "山西大学");
	assert_string_equal(r->seen.cell[0][C_PI_ID], "140105197106211018");
}

static void test_alias_for_one_input(void **state)
{
	(void)state;
	header_aliases_add("other.csv", "applicant", "单位");
	struct result *r = read_csv("t.csv", "id,单位,pi_id,requested,start\n" ROW);
	assert_false(r->ok);
	assert_string_equal(r->err.data, "t.csv:1: required column missing: 'applicant' (申报单位)");
	header_aliases_add("t.csv", "applicant", "单位");
	r = read_csv("t.csv", NULL);
	assert_true(r->ok);
	/* t.xlsx is the same input as t.csv */
	int both[2];
	assert_int_equal(header_column(&SCHEMA, "t.xlsx", "单位", both), C_APPLICANT);
}

static void test_alias_of_two_columns_stops(void **state)
{
	(void)state;
	header_aliases_add(NULL, "applicant", "单位");
	header_aliases_add(NULL, "note", "单位");
	struct result *r = read_csv("t.csv", "id,单位,pi_id,requested,start\n" ROW);
	assert_false(r->ok);
	assert_string_equal(
		r->err.data,
		"t.csv:1: column '单位' is an alias of both 'applicant' and 'note' (aliases.txt): rename it");
	/* an alias never overrides a column's own name */
	header_aliases_clear();
	header_aliases_add(NULL, "note", "申报单位");
	r = read_csv("t.csv", "id,申报单位,pi_id,requested,start\n" ROW);
	assert_true(r->ok);
	assert_string_equal(r->seen.cell[0][C_APPLICANT], "山西大学");
}

static void test_shipped_aliases_file(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	assert_true(header_aliases_load(GRANTDOC_DATADIR "/aliases.txt", &err));
	int both[2];
	assert_int_equal(header_column(&SCHEMA, "applications.csv", "申报单位名称", both), C_APPLICANT);
	assert_int_equal(header_column(&SCHEMA, "applications.xlsx", "身份证号码", both), C_PI_ID);
	assert_int_equal(header_column(&SCHEMA, "applications.csv", "序号", both), -1);
	sb_free(&err);
}

static void test_aliases_file_errors(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	put("a1.txt", "# ok\nrequested 申请金额\nrequested 申请金额（万元）\n");
	assert_false(header_aliases_load(path_of("a1.txt"), &err));
	assert_non_null(strstr(err.data, "a1.txt:3: alias '申请金额（万元）' names a unit of 万"));
	sb_reset(&err);
	put("a2.txt", "Applicant 单位\n");
	assert_false(header_aliases_load(path_of("a2.txt"), &err));
	assert_non_null(strstr(err.data, "a2.txt:1: 'Applicant' is not a column key"));
	sb_reset(&err);
	put("a3.txt", "\napplicant\n");
	assert_false(header_aliases_load(path_of("a3.txt"), &err));
	assert_non_null(strstr(err.data, "a3.txt:2: column 'applicant' has no alias"));
	sb_free(&err);
}

/* ---- NAME.xlsx in place of NAME.csv ---- */

static const struct xb_book BOOK = {
	.sheet_data = "<row r=\"1\">" XB_IS(
		"A1",
		"2024年度项目申报汇总表") "</row>"
					  "<row r=\"2\">" XB_IS("A2", "序号") XB_IS("B2", "申报编号") XB_IS(
						  "C2", "申报单位名称") XB_IS("D2", "身份证号码") XB_IS("E2",
													"申请引导资金")
						  XB_IS("F2",
							"执行期开始") "</row>"
								      /* a date serial, a number, an ID as text */
								      "<row r=\"3\">" XB_N("A3", "0", "1") XB_IS(
									      "B3", "SX-1") XB_IS("C3", "山西大学")
									      XB_IS("D3", "140105197106211018")
										      XB_N("E3", "8", "380000")
											      XB_N("F3", "1", "45658")
	/* beyond the header, and an error value outside the columns read */
	XB_IS("H3", "旁注") "</row>"
			    "<row r=\"4\"><c r=\"A4\" t=\"e\"><v>#N/A</v></c>" XB_IS("B4", "SX-2")
				    XB_IS("C4", "太原理工")
	/* an 18-digit ID typed as a number */
	XB_N("D4", "0", "1.40105197106211E+17") XB_N("E4", "0", "380000") "</row>"
									  "<row r=\"6\">" XB_IS("B6", "SX-3")
										  XB_IS("C6", "中北大学") "</row>",
	.after_data = "<mergeCells count=\"1\"><mergeCell ref=\"A1:F1\"/></mergeCells>",
};

static void test_xlsx_read_in_place_of_csv(void **state)
{
	(void)state;
	header_aliases_add(NULL, "applicant", "申报单位名称");
	header_aliases_add(NULL, "pi_id", "身份证号码");
	unlink(path_of("t.csv"));
	xb_write(path_of("t.xlsx"), &BOOK);
	struct result *r = read_csv("t.csv", NULL);
	assert_true(r->ok);
	assert_int_equal(r->seen.n, 2);
	assert_int_equal(r->seen.line[0], 3);
	assert_string_equal(r->seen.sheet[0], "申报表");
	assert_string_equal(r->seen.cell[0][C_ID], "SX-1");
	assert_string_equal(r->seen.cell[0][C_PI_ID], "140105197106211018");
	assert_string_equal(r->seen.cell[0][C_REQUESTED], "380000");
	assert_string_equal(r->seen.cell[0][C_START], "2025-01-01");
	assert_string_equal(r->seen.cell[0][C_NOTE], "(absent)");
	assert_int_equal(r->seen.col_of_start[0], 5);
	/* row 6 is shorter than the header: its other cells are empty */
	assert_int_equal(r->seen.line[1], 6);
	assert_string_equal(r->seen.cell[1][C_PI_ID], "");
	/* row 4: the cell read names itself, in English and Chinese */
	assert_int_equal(r->rejects.count, 1);
	const struct reject *x = &r->rejects.items[0];
	assert_string_equal(x->file, "t.xlsx");
	assert_int_equal(x->line, 4);
	assert_string_equal(x->field, "pi_id");
	assert_string_equal(x->value, "1.40105197106211E+17");
	assert_string_equal(
		x->error,
		"申报表!D4: a number of more than 15 digits, which a spreadsheet cannot hold exactly: store it as text");
	assert_string_equal(
		x->message,
		"工作表“申报表”D4单元格：数字超过 15 位，电子表格无法精确保存：请将该单元格设为文本格式后重新填写");
	assert_int_equal(rejects_count_file(&r->rejects, "t.csv"), 1);
	unlink(path_of("t.xlsx"));
}

static void test_csv_and_xlsx_both_present(void **state)
{
	(void)state;
	xb_write(path_of("t.xlsx"), &BOOK);
	struct result *r = read_csv("t.csv", "id,applicant,pi_id,requested,start\n" ROW);
	assert_false(r->ok);
	assert_string_equal(r->err.data, "t.csv and t.xlsx: both present; keep one form of the file");
	unlink(path_of("t.xlsx"));
	unlink(path_of("t.csv"));
}

static void test_optional_input_as_xlsx(void **state)
{
	(void)state;
	header_aliases_add(NULL, "applicant", "申报单位名称");
	header_aliases_add(NULL, "pi_id", "身份证号码");
	struct seen seen = { 0 };
	struct arena a;
	arena_init(&a);
	struct rejects rej;
	rejects_init(&rej, &a);
	struct strbuf err = STRBUF_INIT;
	assert_true(csv_read_optional(tmpdir, "o.csv", &SCHEMA, CSV_ENC_AUTO, &rej, collect, &seen, &err));
	assert_int_equal(seen.n, 0);
	assert_false(csv_input_present(path_of("o.csv")));
	xb_write(path_of("o.xlsx"), &BOOK);
	assert_true(csv_input_present(path_of("o.csv")));
	char form[64];
	assert_true(csv_input_form(tmpdir, "o.csv", form, sizeof form));
	assert_string_equal(form, "o.xlsx");
	assert_true(csv_read_optional(tmpdir, "o.csv", &SCHEMA, CSV_ENC_AUTO, &rej, collect, &seen, &err));
	assert_int_equal(seen.n, 2);
	unlink(path_of("o.xlsx"));
	rejects_free(&rej);
	arena_free(&a);
	sb_free(&err);
}

static void test_xlsx_data_cell_in_merged_range_refused(void **state)
{
	(void)state;
	struct xb_book bk = {
		.sheet_data = "<row r=\"1\">" XB_IS("A1", "id") XB_IS("B1", "applicant") XB_IS("C1", "pi_id")
			XB_IS("D1", "requested") XB_IS("E1", "start")
				XB_IS("F1", "note") "</row>"
						    "<row r=\"2\">" XB_IS("A2", "SX-1") XB_IS("B2", "山西大学")
							    XB_IS("F2", "同一单位") "</row>"
										    "<row r=\"3\">" XB_IS(
											    "A3", "SX-2") "</row>",
		.after_data =
			"<mergeCells count=\"2\"><mergeCell ref=\"B2:B3\"/><mergeCell ref=\"F2:G3\"/></mergeCells>",
	};
	unlink(path_of("t.csv"));
	xb_write(path_of("t.xlsx"), &bk);
	struct result *r = read_csv("t.csv", NULL);
	assert_true(r->ok);
	assert_int_equal(r->seen.n, 1);
	assert_int_equal(r->rejects.count, 1);
	assert_string_equal(r->rejects.items[0].error,
			    "申报表!B3: part of the merged cells B2:B3, whose value is in B2 only");
	assert_string_equal(
		r->rejects.items[0].message,
		"工作表“申报表”B3单元格：位于合并单元格 B2:B3 内，其值只保存在 B2：请取消合并并在每一行填写");
	unlink(path_of("t.xlsx"));
}

/* ---- Chinese messages ---- */

static void test_chinese_messages(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_true(reject_message_zh("", "too few fields: the row has 1, the header 5", &sb));
	assert_string_equal(sb.data, "列数不足：本行 1 列，表头 5 列");
	sb_reset(&sb);
	assert_true(reject_message_zh(NULL, "duplicate id (first on line 7)", &sb));
	assert_string_equal(sb.data, "编号重复（首次出现在第 7 行）");
	sb_reset(&sb);
	assert_true(reject_message_zh(NULL, "unknown list item 'T9'", &sb));
	assert_string_equal(sb.data, "列表项“T9”不是可识别的取值");
	sb_reset(&sb);
	assert_false(reject_message_zh(NULL, "a reason nobody wrote down", &sb));
	assert_string_equal(sb.data, "无法读取（原因见 error 列）");
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_title_rows_above_the_header, no_aliases),
		cmocka_unit_test_setup(test_enough_names_both_sides, no_aliases),
		cmocka_unit_test_setup(test_header_search_stops_after_ten_rows, no_aliases),
		cmocka_unit_test_setup(test_header_cells_forgiven_spaces_breaks_and_star, no_aliases),
		cmocka_unit_test_setup(test_aliases_name_columns, no_aliases),
		cmocka_unit_test_setup(test_alias_for_one_input, no_aliases),
		cmocka_unit_test_setup(test_alias_of_two_columns_stops, no_aliases),
		cmocka_unit_test_setup(test_shipped_aliases_file, no_aliases),
		cmocka_unit_test_setup(test_aliases_file_errors, no_aliases),
		cmocka_unit_test_setup(test_xlsx_read_in_place_of_csv, no_aliases),
		cmocka_unit_test_setup(test_csv_and_xlsx_both_present, no_aliases),
		cmocka_unit_test_setup(test_optional_input_as_xlsx, no_aliases),
		cmocka_unit_test_setup(test_xlsx_data_cell_in_merged_range_refused, no_aliases),
		cmocka_unit_test_setup(test_chinese_messages, no_aliases),
	};
	return cmocka_run_group_tests_name("headers", tests, setup, teardown);
}
