#include "xlsxout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "capitals.h"
#include "date.h"
#include "index.h"
#include "outfile.h"
#include "xlsx.h"

/* ---- cells ---- */

#define CELL_TEXT_MAX 32767 /* Excel's limit, in bytes as libxlsxwriter counts */
#define CELL_TEXT_CUT 32000

const char *xlsx_cell_text(const char *s, struct arena *a)
{
	size_t n = strlen(s);
	bool clean = n <= CELL_TEXT_MAX;
	for (const unsigned char *p = (const unsigned char *)s; clean && *p; p++)
		clean = *p >= 0x20 || *p == '\t' || *p == '\n';
	if (clean)
		return s;
	size_t keep = n > CELL_TEXT_MAX ? CELL_TEXT_CUT : n;
	while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80) /* not inside a character */
		keep--;
	struct strbuf b = STRBUF_INIT;
	for (size_t i = 0; i < keep; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n')
			sb_puts(&b, "\xEF\xBF\xBD");
		else
			sb_putc(&b, (char)c);
	}
	if (keep < n)
		sb_puts(&b, "…");
	const char *out = arena_strdup(a, sb_str(&b));
	sb_free(&b);
	return out;
}

/* The workbook is written under the outfile's temporary name and renamed
 * into place only when libxlsxwriter has closed it whole. */
struct book {
	struct outfile file;
	lxw_workbook *wb;
	const char *name;
	struct arena scratch;
};

static bool book_open(struct book *b, const char *dir, const char *name, const char *title, const char *author,
		      int32_t created, bool stream, struct strbuf *err)
{
	memset(b, 0, sizeof *b);
	b->name = name;
	if (!outfile_open(&b->file, dir, name, err))
		return false;
	fclose(b->file.f);
	b->file.f = NULL;
	arena_init(&b->scratch);
	/* Its scratch files (unlinked at once) beside the outputs, not in
	 * /tmp: a run needs no other writable place. */
	/* stream: rows written in order and let go (flat memory at 100,000
	 * records); a merged range may then span one row only (a row's cells
	 * are written out when the next row begins). Both workbooks stream:
	 * the disbursement sheet's merges are its title and facts rows. */
	lxw_workbook_options opt = { .constant_memory = stream, .tmpdir = (char *)dir, .use_zip64 = 0 };
	b->wb = workbook_new_opt(b->file.tmp_path, &opt);
	if (!b->wb) {
		sb_printf(err, "%s/%s: cannot create the workbook", dir, name);
		outfile_abort(&b->file);
		arena_free(&b->scratch);
		return false;
	}
	lxw_doc_properties props = {
		.title = (char *)title,
		.author = (char *)author,
		/* the batch's day, never the clock: the same batch, the same bytes */
		.created = (time_t)created * 86400,
	};
	workbook_set_properties(b->wb, &props);
	return true;
}

static bool book_close(struct book *b, struct written *w, struct strbuf *err)
{
	lxw_error e = workbook_close(b->wb);
	arena_free(&b->scratch);
	if (e != LXW_NO_ERROR) {
		sb_printf(err, "%s: cannot write the workbook: %s", b->file.final_path, lxw_strerror(e));
		outfile_abort(&b->file);
		return false;
	}
	if (!outfile_commit(&b->file, err))
		return false;
	written_add(w, b->name, 0);
	return true;
}

static lxw_format *format(lxw_workbook *wb, bool bold, bool border)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, "宋体");
	format_set_font_size(f, 11);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (bold)
		format_set_bold(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

/* ---- disbursement.xlsx ---- */

enum disb_col { C_SEQ, C_PAYEE, C_BANK, C_ACCOUNT, C_ID, C_TITLE, C_BASIS, C_SUBJECT, C_YUAN, C_CAPITALS, C_NCOLS };

static const struct {
	const char *header;
	double width;
} DISB_COLS[C_NCOLS] = {
	[C_SEQ] = { "序号", 6 },
	[C_PAYEE] = { "收款单位（全称）", 30 },
	[C_BANK] = { "开户银行", 26 },
	[C_ACCOUNT] = { "银行账号", 24 },
	[C_ID] = { "项目编号", 16 },
	[C_TITLE] = { "项目名称", 36 },
	[C_BASIS] = { "拨付依据（立项文号）", 22 },
	[C_SUBJECT] = { "预算科目", 20 },
	[C_YUAN] = { "金额（元）", 16 },
	[C_CAPITALS] = { "金额（大写）", 30 },
};

enum { ROW_TITLE, ROW_FACTS, ROW_HEADER, ROW_FIRST };

struct disb_formats {
	lxw_format *title, *facts, *header, *text, *center, *account, *money, *sum_text, *sum_money, *sign;
};

static void disb_formats(lxw_workbook *wb, struct disb_formats *f)
{
	f->title = format(wb, true, false);
	format_set_font_size(f->title, 16);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	f->facts = format(wb, false, false);
	f->header = format(wb, true, true);
	format_set_align(f->header, LXW_ALIGN_CENTER);
	format_set_text_wrap(f->header);
	format_set_bg_color(f->header, 0xD9D9D9);
	f->text = format(wb, false, true);
	format_set_text_wrap(f->text);
	f->center = format(wb, false, true);
	format_set_align(f->center, LXW_ALIGN_CENTER);
	/* text, so that a clerk who edits the cell keeps every digit */
	f->account = format(wb, false, true);
	format_set_num_format(f->account, "@");
	f->money = format(wb, false, true);
	format_set_num_format(f->money, "#,##0.00");
	f->sum_text = format(wb, true, true);
	f->sum_money = format(wb, true, true);
	format_set_num_format(f->sum_money, "#,##0.00");
	f->sign = format(wb, false, false);
}

static lxw_error put(lxw_worksheet *ws, struct book *b, int row, int col, const char *text, lxw_format *f)
{
	return worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, xlsx_cell_text(text, &b->scratch), f);
}

static lxw_error disb_line(lxw_worksheet *ws, struct book *b, int row, const struct disbursement *d,
			   const struct disb_line *l, const struct disb_formats *f)
{
	char caps[256], label[512];
	capitals_from_yuan(l->yuan, caps, sizeof caps);
	bool project = l->kind == DISB_PROJECT;
	lxw_format *text = project ? f->text : f->sum_text;
	lxw_error e = LXW_NO_ERROR;
	if (project) {
		e = worksheet_write_number(ws, (lxw_row_t)row, C_SEQ, l->seq, f->center);
		e = e ? e : put(ws, b, row, C_PAYEE, l->unit, text);
	} else {
		snprintf(label, sizeof label, "%s%s", l->kind == DISB_TOTAL ? "" : l->group,
			 l->kind == DISB_TOTAL ? "合计" : "小计");
		e = put(ws, b, row, C_SEQ, "", text);
		e = e ? e : put(ws, b, row, C_PAYEE, label, text);
	}
	e = e ? e : put(ws, b, row, C_BANK, l->bank, text);
	e = e ? e : put(ws, b, row, C_ACCOUNT, l->account, project ? f->account : text);
	e = e ? e : put(ws, b, row, C_ID, l->id, text);
	e = e ? e : put(ws, b, row, C_TITLE, l->title, text);
	e = e ? e : put(ws, b, row, C_BASIS, project ? d->basis : "", text);
	e = e ? e : put(ws, b, row, C_SUBJECT, project ? d->subject : "", text);
	/* Whole yuan are exact in a double up to 2^53, far past 10^15. */
	e = e ? e
	      : worksheet_write_number(ws, (lxw_row_t)row, C_YUAN, (double)l->yuan, project ? f->money : f->sum_money);
	return e ? e : put(ws, b, row, C_CAPITALS, caps, text);
}

static void disb_page_setup(lxw_worksheet *ws)
{
	for (int c = 0; c < C_NCOLS; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, DISB_COLS[c].width, NULL);
	worksheet_set_row(ws, ROW_TITLE, 30, NULL);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_repeat_rows(ws, ROW_HEADER, ROW_HEADER);
	worksheet_freeze_panes(ws, ROW_FIRST, 0);
}

bool xlsx_disbursement(const char *dir, const struct disbursement *d, const struct disb_workbook *info,
		       struct written *w, struct strbuf *err)
{
	struct book b;
	if (!book_open(&b, dir, "disbursement.xlsx", info->title, info->authority, info->created, true, err))
		return false;
	lxw_worksheet *ws = workbook_add_worksheet(b.wb, "资金拨付表");
	struct disb_formats f;
	disb_formats(b.wb, &f);
	disb_page_setup(ws);
	char date[32] = "", facts[512];
	if (info->date != DATE_NONE)
		date_format_cn(info->date, date);
	snprintf(facts, sizeof facts, "拨付批次：%s　　项目数：%d　　金额单位：元　　制表日期：%s", d->batch,
		 d->projects, date);
	lxw_error e = worksheet_merge_range(ws, ROW_TITLE, 0, ROW_TITLE, C_NCOLS - 1,
					    xlsx_cell_text(info->title, &b.scratch), f.title);
	e = e ? e
	      : worksheet_merge_range(ws, ROW_FACTS, 0, ROW_FACTS, C_NCOLS - 1, xlsx_cell_text(facts, &b.scratch),
				      f.facts);
	for (int c = 0; !e && c < C_NCOLS; c++)
		e = put(ws, &b, ROW_HEADER, c, DISB_COLS[c].header, f.header);
	int row = ROW_FIRST;
	for (int i = 0; !e && i < d->n; i++)
		e = disb_line(ws, &b, row++, d, &d->lines[i], &f);
	/* The signatures, a row apart. */
	row++;
	e = e ? e : put(ws, &b, row, C_PAYEE, "经办人：", f.sign);
	e = e ? e : put(ws, &b, row, C_ID, "审核人：", f.sign);
	e = e ? e : put(ws, &b, row, C_YUAN, "财务负责人：", f.sign);
	if (e) {
		sb_printf(err, "%s/disbursement.xlsx: cannot write a cell: %s", dir, lxw_strerror(e));
		workbook_close(b.wb);
		arena_free(&b.scratch);
		outfile_abort(&b.file);
		return false;
	}
	return book_close(&b, w, err);
}

/* ---- index.xlsx ---- */

static const char *const INDEX_COLS[] = { "id", "applicant", "title", "category", "status", "requested", "award" };
enum { I_ID, I_APPLICANT, I_TITLE, I_CATEGORY, I_STATUS, I_REQUESTED, I_AWARD, I_DOCS };
static const double INDEX_WIDTHS[I_DOCS] = { 18, 30, 36, 9, 10, 14, 14 };

/* A document's path as a HYPERLINK() formula whose cached value is the
 * path as index.csv has it: Excel and WPS open the file on a click. Not a
 * worksheet hyperlink: libxlsxwriter keeps each of those (about 2 KB) until
 * the workbook closes — 130 MB at 100,000 records — and a sheet holds at
 * most 65,530; a formula is written with its row and forgotten. */
static lxw_error index_path(lxw_worksheet *ws, struct book *b, int row, int col, const char *rel, lxw_format *link,
			    lxw_format *text)
{
	if (!*rel || strchr(rel, ' ') || strchr(rel, '"'))
		return put(ws, b, row, col, rel, text);
	char formula[600];
	snprintf(formula, sizeof formula, "=HYPERLINK(\"%s\",\"%s\")", rel, rel);
	return worksheet_write_formula_str(ws, (lxw_row_t)row, (lxw_col_t)col, formula, link, rel);
}

static lxw_error index_row(lxw_worksheet *ws, struct book *b, int row, const struct index *x, const struct index_row *r,
			   lxw_format *text, lxw_format *count, lxw_format *link)
{
	const struct decided *d = r->decided;
	lxw_error e = put(ws, b, row, I_ID, r->id, text);
	if (d) {
		e = e ? e : put(ws, b, row, I_APPLICANT, d->applicant ? d->applicant : "", text);
		e = e ? e : put(ws, b, row, I_TITLE, d->title ? d->title : "", text);
		e = e ? e : put(ws, b, row, I_CATEGORY, d->category, text);
		e = e ? e : put(ws, b, row, I_STATUS, status_name(d->d->status), text);
		e = e ? e : worksheet_write_number(ws, (lxw_row_t)row, I_REQUESTED, (double)d->d->requested, count);
		e = e ? e : worksheet_write_number(ws, (lxw_row_t)row, I_AWARD, (double)d->d->award, count);
	} else {
		e = e ? e : put(ws, b, row, I_APPLICANT, r->who ? r->who : "", text);
		e = e ? e : put(ws, b, row, I_STATUS, r->outcome ? r->outcome : "", text);
	}
	for (int k = 0; !e && k < x->nkinds; k++)
		e = index_path(ws, b, row, I_DOCS + k, r->paths[k], link, text);
	return e;
}

bool xlsx_index(const char *dir, const struct index *x, int32_t created, struct written *w, struct strbuf *err)
{
	struct book b;
	if (!book_open(&b, dir, "index.xlsx", "index", NULL, created, true, err))
		return false;
	lxw_worksheet *ws = workbook_add_worksheet(b.wb, "index");
	lxw_format *header = format(b.wb, true, false), *text = format(b.wb, false, false);
	lxw_format *count = format(b.wb, false, false), *link = format(b.wb, false, false);
	format_set_bg_color(header, 0xD9D9D9);
	format_set_num_format(count, "#,##0");
	format_set_font_color(link, LXW_COLOR_BLUE);
	format_set_underline(link, LXW_UNDERLINE_SINGLE);
	int ncols = I_DOCS + x->nkinds;
	for (int c = 0; c < ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c < I_DOCS ? INDEX_WIDTHS[c] : 28, NULL);
	worksheet_freeze_panes(ws, 1, 1);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)x->nrows, (lxw_col_t)(ncols - 1));
	lxw_error e = LXW_NO_ERROR;
	for (int c = 0; !e && c < ncols; c++)
		e = put(ws, &b, 0, c, c < I_DOCS ? INDEX_COLS[c] : x->kinds[c - I_DOCS], header);
	for (int i = 0; !e && i < x->nrows; i++)
		e = index_row(ws, &b, i + 1, x, &x->rows[i], text, count, link);
	if (e) {
		sb_printf(err, "%s/index.xlsx: cannot write a cell: %s", dir, lxw_strerror(e));
		workbook_close(b.wb);
		arena_free(&b.scratch);
		outfile_abort(&b.file);
		return false;
	}
	return book_close(&b, w, err);
}

/* ---- reading it back ---- */

struct disb_reader {
	struct disb_figures *f;
	bool header_seen, total_seen;
	const char *path;
	struct strbuf *err;
};

static const char *cell_at(const struct xlsx_row *row, int col)
{
	return col < row->ncells ? row->cells[col].text : "";
}

static bool disb_row(const struct xlsx_row *row, void *ctx)
{
	struct disb_reader *r = ctx;
	if (!r->header_seen) {
		r->header_seen = strcmp(cell_at(row, C_SEQ), DISB_COLS[C_SEQ].header) == 0 &&
				 strcmp(cell_at(row, C_YUAN), DISB_COLS[C_YUAN].header) == 0;
		return true;
	}
	if (r->total_seen)
		return true; /* the signatures */
	int64_t fen;
	const char *amount = cell_at(row, C_YUAN);
	if (!disb_parse_fen(amount, &fen)) {
		sb_printf(r->err, "%s: row %ld: '%s' is not an amount", r->path, row->number, amount);
		return false;
	}
	if (*cell_at(row, C_SEQ)) {
		r->f->projects_fen += fen, r->f->projects++;
	} else if (strcmp(cell_at(row, C_PAYEE), "合计") == 0) {
		r->f->total_fen = fen;
		r->total_seen = true;
	} else {
		r->f->subtotals_fen += fen;
	}
	return true;
}

bool disb_figures_xlsx(const char *dir, struct disb_figures *f, struct strbuf *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/disbursement.xlsx", dir);
	memset(f, 0, sizeof *f);
	struct disb_reader r = { f, false, false, path, err };
	if (!xlsx_read(path, "disbursement.xlsx", "资金拨付表", disb_row, &r, err))
		return false;
	if (!r.total_seen) {
		sb_printf(err, "%s: no 合计 row", path);
		return false;
	}
	return true;
}
