/* disburse.h: the disbursement sheet (资金拨付表) as data: one line per
 * funded project, a subtotal per group (category), a grand total.
 *
 * Computed once; disbursement.csv, disbursement.xlsx (xlsxout.h), the
 * fields of disbursement.pdf (docfields.h) and the manifest all read this
 * structure, so their figures cannot disagree by construction. Every run
 * still reads the three back and compares their totals to the fen
 * (disb_figures_*, disb_figures_agree): a disagreement is an internal
 * error. */
#ifndef GRANTDOC_DISBURSE_H
#define GRANTDOC_DISBURSE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "report.h"

enum disb_kind { DISB_PROJECT, DISB_SUBTOTAL, DISB_TOTAL };

/* One payment as a programme hands it over. bank and account come from
 * the optional input columns bank / bank_account: "" when not given, never
 * made up. */
struct disb_payment {
	const char *unit; /* the payee: the unit's full name */
	const char *id, *title;
	const char *bank, *account;
	int64_t yuan;
};

struct disb_line {
	enum disb_kind kind;
	int seq; /* 1.. for projects, 0 for sums */
	const char *unit, *id, *title, *group;
	const char *bank, *account;
	int64_t yuan;
};

struct disbursement {
	struct arena *arena;
	const char *batch;   /* 拨付批次 */
	const char *basis;   /* 拨付依据: the 立项文号 (the call's document number), "" when none */
	const char *subject; /* 预算科目 (programme.xml <budget-subject>), "" when none */
	struct disb_line *lines;
	int n, cap;
	int projects;
	int64_t total;
	int64_t group_total; /* running, for the open group */
	const char *group;
	bool out_of_range; /* a sum would pass MONEY_MAX: not a sheet to write */
};

void disb_init(struct disbursement *d, struct arena *arena, const char *batch);
void disb_free(struct disbursement *d);
/* Projects arrive grouped; a change of group closes the previous one. */
void disb_add(struct disbursement *d, const char *group, const struct disb_payment *p);
/* Closes the last group and appends the grand total. */
void disb_finish(struct disbursement *d);

/* disbursement.csv: 序号,单位,项目编号,项目名称,金额（元）,金额（大写）,批次,
 * with the subtotal and total rows (csvout.h: the byte-order mark). Text
 * cells are neutralised against formula injection. The account numbers
 * are not in it (a spreadsheet turns a 19-digit number into 6.22E+18):
 * they are in disbursement.xlsx, as text. */
bool report_disbursement_csv(const char *dir, const struct disbursement *d, struct written *w, struct strbuf *err);

/* ---- the check ---- */

/* What one rendering of the sheet says, in fen (hundredths of a yuan, as
 * the sheets print two decimals): the projects added up, the subtotals
 * added up, the grand total it prints, and how many projects it lists. */
struct disb_figures {
	int64_t projects_fen, subtotals_fen, total_fen;
	int projects;
};

/* "1,234,500.00", "1234500", "1234500.5" -> fen; false when s is no amount. */
bool disb_parse_fen(const char *s, int64_t *fen);
/* The figures of disbursement.csv as written in dir; false with *err. */
bool disb_figures_csv(const char *dir, struct disb_figures *f, struct strbuf *err);
/* The figures the sheet computed (what every rendering must say). */
void disb_figures_of(const struct disbursement *d, struct disb_figures *f);
/* a (named name_a) and b agree, each adding up to its own total: else
 * false with one line in *err naming both figures. */
bool disb_figures_agree(const struct disb_figures *a, const char *name_a, const struct disb_figures *b,
			const char *name_b, struct strbuf *err);

#endif
