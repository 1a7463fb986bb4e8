/* Excel-ready outputs (issue 17, items 3 and 5): the byte-order mark of
 * every CSV, bank account cells, disbursement.xlsx (same bytes for the
 * same batch, accounts as text) and the check that disbursement.csv, the
 * workbook and disbursement.pdf's fields agree to the fen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "csvout.h"
#include "disburse.h"
#include "docfields.h"
#include "fields.h"
#include "outfile.h"
#include "template.h"
#include "xlsx.h"
#include "xlsxout.h"

/* ---- bank account cells ---- */

static const char *account_of(const char *cell, struct arena *a, char *why)
{
	static const struct csv_column cols[] = { { "bank_account", "银行账号", false } };
	static const struct csv_schema schema = { cols, 1 };
	const char *cells[] = { cell };
	struct csv_row row = { "t.csv", 2, cells, NULL, NULL };
	struct binder b;
	binder_init(&b, &row, &schema, a);
	const char *v = bind_bank_account(&b, 0);
	snprintf(why, 160, "%s", b.bad_col >= 0 ? b.why : "");
	return b.bad_col >= 0 ? NULL : v;
}

static void test_bank_accounts(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char why[160];
	assert_string_equal(account_of("6222021234567890123", &a, why), "6222021234567890123");
	assert_string_equal(account_of("6222 0212 3456 7890 123", &a, why), "6222021234567890123");
	assert_string_equal(account_of("1234-5678-9012", &a, why), "123456789012");
	assert_string_equal(account_of("", &a, why), "");
	/* 8 and 32 digits are read; 7 and 33 are not */
	assert_string_equal(account_of("12345678", &a, why), "12345678");
	assert_null(account_of("1234567", &a, why));
	assert_string_equal(why, "7 digits: a bank account number has 8 to 32");
	assert_non_null(account_of("12345678901234567890123456789012", &a, why));
	assert_null(account_of("123456789012345678901234567890123", &a, why));
	/* what a spreadsheet made of a number */
	assert_null(account_of("6.22202E+18", &a, why));
	assert_non_null(strstr(why, "scientific notation"));
	assert_null(account_of("6222021234567890.0", &a, why));
	assert_non_null(strstr(why, "decimal point"));
	assert_null(account_of("62220212345O7890123", &a, why));
	assert_string_equal(why, "'O' at position 12: a bank account number is digits (a space or hyphen between "
				 "groups is dropped)");
	assert_null(account_of("６２２２０２１２３４５６７８９０", &a, why));
	assert_non_null(strstr(why, "position 1"));
	assert_null(account_of("-62220212345", &a, why));
	arena_free(&a);
}

/* ---- CSV byte-order mark ---- */

static void test_csv_open_bom(void **state)
{
	(void)state;
	const char *why;
	char dir[64];
	scratch_dir(dir, "bom");
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
	struct outfile o;
	char path[128];
	snprintf(path, sizeof path, "%s/a.csv", dir);
	assert_true(csv_bom());
	assert_true(csv_open(&o, dir, "a.csv", "id,name", &err) && outfile_commit(&o, &err));
	assert_true(sb_read_file(&text, path, 1024, &why));
	assert_string_equal(sb_str(&text), CSV_BOM "id,name\n");
	csv_set_bom(false);
	assert_true(csv_open(&o, dir, "a.csv", "id,name", &err) && outfile_commit(&o, &err));
	sb_reset(&text);
	assert_true(sb_read_file(&text, path, 1024, &why));
	assert_string_equal(sb_str(&text), "id,name\n");
	csv_set_bom(true);
	sb_free(&text);
	sb_free(&err);
	scratch_remove(dir);
}

/* ---- the disbursement sheet ---- */

#define ACCOUNT "6222021234567890123"

static void sheet(struct disbursement *d, struct arena *a, int64_t last)
{
	disb_init(d, a, "第1批");
	d->basis = "晋科合〔2024〕15号";
	d->subject = "2060801 国际交流与合作";
	disb_add(d, "重点国别",
		 &(struct disb_payment){ "太原理工大学", "X-1", "甲", "中国工商银行太原分行", ACCOUNT, 380000 });
	disb_add(d, "重点国别", &(struct disb_payment){ "中北大学", "X-2", "乙", "", "", 250000 });
	disb_add(d, "区域合作", &(struct disb_payment){ "山西大学", "X-3", "丙, \"丁\"", "", "", last });
	disb_finish(d);
}

static const struct disb_workbook BOOK = { "2024年度资金拨付表", "山西省科学技术厅", 20087, 20087 };

static void write_both(const char *dir, const struct disbursement *d, struct arena *a)
{
	struct written w;
	written_init(&w, a);
	struct strbuf err = STRBUF_INIT;
	assert_true(report_disbursement_csv(dir, d, &w, &err));
	assert_true(xlsx_disbursement(dir, d, &BOOK, &w, &err));
	assert_int_equal(w.count, 2);
	written_free(&w);
	sb_free(&err);
}

static void test_amounts_in_fen(void **state)
{
	(void)state;
	int64_t fen;
	assert_true(disb_parse_fen("1,234,500.00", &fen));
	assert_int_equal(fen, 123450000);
	assert_true(disb_parse_fen("1234500", &fen));
	assert_int_equal(fen, 123450000);
	assert_true(disb_parse_fen("0.5", &fen));
	assert_int_equal(fen, 50);
	assert_false(disb_parse_fen("0.005", &fen));
	assert_false(disb_parse_fen("", &fen));
	assert_false(disb_parse_fen(",100", &fen));
	assert_false(disb_parse_fen("贰拾万元整", &fen));
}

static void test_three_renderings_agree(void **state)
{
	(void)state;
	const char *why;
	struct arena a;
	arena_init(&a);
	char dir[64];
	scratch_dir(dir, "disb");
	struct disbursement d;
	sheet(&d, &a, 1000001);
	write_both(dir, &d, &a);
	struct strbuf err = STRBUF_INIT;
	struct disb_figures want, csv, xlsx, pdf;
	disb_figures_of(&d, &want);
	assert_int_equal(want.total_fen, 163000100);
	assert_true(disb_figures_csv(dir, &csv, &err));
	assert_true(disb_figures_xlsx(dir, &xlsx, &err));
	struct tctx *c = tctx_new(&a, NULL);
	df_disbursement_fields(c, &d, &a);
	assert_true(df_disbursement_figures(c, &pdf, &err));
	assert_memory_equal(&csv, &want, sizeof want);
	assert_memory_equal(&xlsx, &want, sizeof want);
	assert_memory_equal(&pdf, &want, sizeof want);
	assert_int_equal(want.projects, 3);
	assert_true(disb_figures_agree(&csv, "disbursement.csv", &xlsx, "disbursement.xlsx", &err));

	/* A workbook that says another total: both figures named. */
	struct disbursement other;
	sheet(&other, &a, 1000000);
	struct written w;
	written_init(&w, &a);
	assert_true(xlsx_disbursement(dir, &other, &BOOK, &w, &err));
	assert_true(disb_figures_xlsx(dir, &xlsx, &err));
	assert_false(disb_figures_agree(&csv, "disbursement.csv", &xlsx, "disbursement.xlsx", &err));
	assert_string_equal(sb_str(&err), "the disbursement totals disagree: disbursement.csv says 1630001.00 yuan, "
					  "disbursement.xlsx says 1630000.00 yuan");

	/* A CSV whose grand total is not what its lines add up to. */
	char path[128];
	snprintf(path, sizeof path, "%s/disbursement.csv", dir);
	struct strbuf text = STRBUF_INIT;
	assert_true(sb_read_file(&text, path, 1 << 20, &why));
	char *total = strstr(text.data, "合计,,,1630001");
	assert_non_null(total);
	memcpy(total + strlen("合计,,,"), "1630002", 7);
	scratch_put(dir, "disbursement.csv", sb_str(&text));
	assert_true(disb_figures_csv(dir, &csv, &err));
	sb_reset(&err);
	assert_false(disb_figures_agree(&want, "the computed sheet", &csv, "disbursement.csv", &err));
	assert_string_equal(sb_str(&err), "disbursement.csv: its projects add up to 1630001.00 yuan but its grand "
					  "total says 1630002.00 yuan");

	/* Fields of the PDF that say another total. */
	tctx_set(c, "disbursement.total_yuan", "1.00");
	assert_true(df_disbursement_figures(c, &pdf, &err));
	sb_reset(&err);
	assert_false(disb_figures_agree(&want, "the computed sheet", &pdf, "disbursement.pdf's fields", &err));
	assert_non_null(strstr(sb_str(&err), "grand total says 1.00 yuan"));

	written_free(&w);
	sb_free(&text);
	sb_free(&err);
	disb_free(&d);
	disb_free(&other);
	scratch_remove(dir);
	arena_free(&a);
}

struct cells {
	char account[64], bank[64];
};

static bool find_account(const struct xlsx_row *row, void *ctx)
{
	struct cells *c = ctx;
	if (row->ncells > 3 && strcmp(row->cells[0].text, "1") == 0) {
		snprintf(c->account, sizeof c->account, "%s", row->cells[3].text);
		snprintf(c->bank, sizeof c->bank, "%s", row->cells[2].text);
	}
	return true;
}

static void test_workbook_same_bytes_accounts_as_text(void **state)
{
	(void)state;
	const char *why;
	struct arena a;
	arena_init(&a);
	char one[64], two[64];
	scratch_dir(one, "wb1");
	scratch_dir(two, "wb2");
	struct disbursement d;
	sheet(&d, &a, 1000000);
	write_both(one, &d, &a);
	sleep(1); /* the clock moves on: the bytes must not */
	write_both(two, &d, &a);
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT, err = STRBUF_INIT;
	char p1[128], p2[128];
	snprintf(p1, sizeof p1, "%s/disbursement.xlsx", one);
	snprintf(p2, sizeof p2, "%s/disbursement.xlsx", two);
	assert_true(sb_read_file(&x, p1, 1 << 20, &why) && sb_read_file(&y, p2, 1 << 20, &why));
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.data, y.data, x.len);
	/* the 19-digit account is a string cell, every digit kept */
	struct cells c = { "", "" };
	assert_true(xlsx_read(p1, "disbursement.xlsx", NULL, find_account, &c, &err));
	assert_string_equal(c.account, ACCOUNT);
	assert_string_equal(c.bank, "中国工商银行太原分行");
	sb_free(&x);
	sb_free(&y);
	sb_free(&err);
	disb_free(&d);
	scratch_remove(one);
	scratch_remove(two);
	arena_free(&a);
}

static void test_cell_text(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char *plain = "太原理工大学\t(一)\n";
	assert_ptr_equal(xlsx_cell_text(plain, &a), plain);
	assert_string_equal(xlsx_cell_text("a\x01"
					   "b\x7f",
					   &a),
			    "a\xEF\xBF\xBD"
			    "b\x7f");
	char *long_text = malloc(40001);
	for (int i = 0; i < 39999; i += 3)
		memcpy(long_text + i, "中", 3);
	long_text[39999] = '\0';
	const char *cut = xlsx_cell_text(long_text, &a);
	assert_true(strlen(cut) <= 32000 + strlen("…"));
	assert_int_equal(strlen(cut) % 3, 0); /* whole characters, then … */
	assert_string_equal(cut + strlen(cut) - strlen("…"), "…");
	free(long_text);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bank_accounts),
		cmocka_unit_test(test_csv_open_bom),
		cmocka_unit_test(test_amounts_in_fen),
		cmocka_unit_test(test_three_renderings_agree),
		cmocka_unit_test(test_workbook_same_bytes_accounts_as_text),
		cmocka_unit_test(test_cell_text),
	};
	return cmocka_run_group_tests_name("excel", tests, NULL, NULL);
}
