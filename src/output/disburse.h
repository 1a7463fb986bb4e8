/* disburse.h: the disbursement sheet (资金拨付表) as data: one line per
 * funded project, a subtotal per group (category), a grand total.
 *
 * Computed once; the CSV, the PDF and the manifest all read this
 * structure, so their figures cannot disagree. */
#ifndef GRANTDOC_DISBURSE_H
#define GRANTDOC_DISBURSE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "report.h"

enum disb_kind { DISB_PROJECT, DISB_SUBTOTAL, DISB_TOTAL };

struct disb_line {
	enum disb_kind kind;
	int seq;                 /* 1.. for projects, 0 for sums */
	const char *unit, *id, *title, *group;
	int64_t yuan;
};

struct disbursement {
	struct arena *arena;
	const char *batch;       /* 拨付批次 */
	struct disb_line *lines;
	int n, cap;
	int projects;
	int64_t total;
	int64_t group_total;     /* running, for the open group */
	const char *group;
};

void disb_init(struct disbursement *d, struct arena *arena, const char *batch);
void disb_free(struct disbursement *d);
/* Projects arrive grouped; a change of group closes the previous one. */
void disb_add(struct disbursement *d, const char *group, const char *unit, const char *id,
	      const char *title, int64_t yuan);
/* Closes the last group and appends the grand total. */
void disb_finish(struct disbursement *d);

/* disbursement.csv: 序号,单位,项目编号,项目名称,金额（元）,金额（大写）,批次,
 * with the subtotal and total rows (csvout.h: the byte-order mark). Text
 * cells are neutralised against formula injection. */
bool report_disbursement_csv(const char *dir, const struct disbursement *d, struct written *w, struct strbuf *err);

#endif
