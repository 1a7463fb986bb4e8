#include "disburse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capitals.h"
#include "csvout.h"
#include "outfile.h"

void disb_init(struct disbursement *d, struct arena *arena, const char *batch)
{
	memset(d, 0, sizeof *d);
	d->arena = arena;
	d->batch = batch;
}

void disb_free(struct disbursement *d)
{
	free(d->lines);
	memset(d, 0, sizeof *d);
}

static void push(struct disbursement *d, struct disb_line line)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->lines = xrealloc(d->lines, (size_t)d->cap * sizeof *d->lines);
	}
	d->lines[d->n++] = line;
}

static void close_group(struct disbursement *d)
{
	if (!d->group)
		return;
	push(d, (struct disb_line){ DISB_SUBTOTAL, 0, "", "", "", d->group, d->group_total });
	d->group = NULL;
	d->group_total = 0;
}

void disb_add(struct disbursement *d, const char *group, const char *unit, const char *id,
	      const char *title, int64_t yuan)
{
	if (d->group && strcmp(d->group, group) != 0)
		close_group(d);
	d->group = group;
	d->group_total += yuan;
	d->total += yuan;
	d->projects++;
	push(d, (struct disb_line){ DISB_PROJECT, d->projects, unit, id, title, group, yuan });
}

void disb_finish(struct disbursement *d)
{
	close_group(d);
	push(d, (struct disb_line){ DISB_TOTAL, 0, "", "", "", "", d->total });
}

bool report_disbursement_csv(const char *dir, const struct disbursement *d, struct written *w, struct strbuf *err)
{
	struct outfile o;
	if (!csv_open(&o, dir, "disbursement.csv", "序号,单位,项目编号,项目名称,金额（元）,金额（大写）,批次", err))
		return false;
	FILE *f = o.f;
	for (int i = 0; i < d->n; i++) {
		const struct disb_line *l = &d->lines[i];
		char caps[256], label[256];
		capitals_from_yuan(l->yuan, caps, sizeof caps);
		if (l->kind == DISB_PROJECT)
			csv_int(f, l->seq);
		csv_sep(f);
		if (l->kind == DISB_PROJECT) {
			csv_text(f, l->unit);
		} else {
			snprintf(label, sizeof label, "%s%s", l->kind == DISB_TOTAL ? "" : l->group,
				 l->kind == DISB_TOTAL ? "合计" : "小计");
			csv_text(f, label);
		}
		csv_sep(f);
		csv_text(f, l->id), csv_sep(f);
		csv_text(f, l->title), csv_sep(f);
		csv_int(f, l->yuan), csv_sep(f);
		csv_raw(f, caps), csv_sep(f);
		csv_text(f, l->kind == DISB_PROJECT ? d->batch : "");
		csv_end(f);
	}
	if (!outfile_commit(&o, err))
		return false;
	written_add(w, "disbursement.csv", 0);
	return true;
}
