/* xlsxout.h: the workbooks a run writes for people who live in Excel and
 * WPS (libxlsxwriter): disbursement.xlsx for finance and index.xlsx for
 * the clerk (index.h).
 *
 * Same input, same bytes: libxlsxwriter stamps the workbook's created and
 * modified dates (docProps/core.xml) with the clock unless told a date, so
 * every workbook is dated from the batch (the documents' date) and its ZIP
 * entries carry libxlsxwriter's fixed 1980-01-01. Text cells are written
 * as text (an account number is never a number), amounts as numbers with
 * two decimals. */
#ifndef GRANTDOC_XLSXOUT_H
#define GRANTDOC_XLSXOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "disburse.h"
#include "report.h"
#include "strbuf.h"

/* What the workbook says beside the lines. */
struct disb_workbook {
	const char *title;     /* as disbursement.pdf's title */
	const char *authority; /* the workbook's author */
	int32_t date;          /* 制表日期 (the documents' date); DATE_NONE: not yet known */
	int32_t created;       /* the workbook's created date (a day, never DATE_NONE) */
};

/* disbursement.xlsx, sheet 资金拨付表: the title, the batch, the number of
 * projects and the date; then one row per payment — 序号, 收款单位（全称）,
 * 开户银行, 银行账号 (text), 项目编号, 项目名称, 拨付依据（立项文号）, 预算科目,
 * 金额（元） (a number, #,##0.00), 金额（大写） — a subtotal row per group
 * and the 合计 row, as values; then the 经办人 / 审核人 / 财务负责人 lines.
 * Printed landscape on A4, one page wide, the header repeated. */
bool xlsx_disbursement(const char *dir, const struct disbursement *d, const struct disb_workbook *wb, struct written *w,
		       struct strbuf *err);

/* index.xlsx, sheet index: index.csv's rows (index.h), requested and
 * award as numbers, each document's path a HYPERLINK() formula to its
 * file, written with its row (constant memory, however many). */
struct index;
bool xlsx_index(const char *dir, const struct index *x, int32_t created, struct written *w, struct strbuf *err);

/* The figures of dir/disbursement.xlsx, read back with grantdoc's own
 * workbook reader (xlsx.h): the check of disburse.h. */
bool disb_figures_xlsx(const char *dir, struct disb_figures *f, struct strbuf *err);

/* The text a cell can hold: at most 32,767 characters (Excel's limit; a
 * longer text is cut at 32,000 bytes and ends in …) and no control
 * character but tab and line break (each other one becomes U+FFFD, as XML
 * 1.0 cannot carry it). The result is s itself or a copy in a. */
const char *xlsx_cell_text(const char *s, struct arena *a);

#endif
