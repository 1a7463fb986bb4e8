#include "disburse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capitals.h"
#include "csvout.h"
#include "invariant.h"
#include "money.h"
#include "outfile.h"

void disb_init(struct disbursement *d, struct arena *arena, const char *batch)
{
	memset(d, 0, sizeof *d);
	d->arena = arena;
	d->batch = batch;
	d->basis = d->subject = "";
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
	push(d, (struct disb_line){ DISB_SUBTOTAL, 0, "", "", "", d->group, "", "", d->group_total });
	d->group = NULL;
	d->group_total = 0;
}

void disb_add(struct disbursement *d, const char *group, const struct disb_payment *p)
{
	if (d->group && strcmp(d->group, group) != 0)
		close_group(d);
	d->group = group;
	/* Sums stay within MONEY_MAX; a sheet past it is flagged, and the run
	 * refuses the batch before anything is written. */
	if (!money_add(&d->group_total, p->yuan) || !money_add(&d->total, p->yuan))
		d->out_of_range = true;
	d->projects++;
	push(d, (struct disb_line){ DISB_PROJECT, d->projects, p->unit, p->id, p->title, group, p->bank ? p->bank : "",
				    p->account ? p->account : "", p->yuan });
}

void disb_finish(struct disbursement *d)
{
	close_group(d);
	push(d, (struct disb_line){ DISB_TOTAL, 0, "", "", "", "", "", "", d->total });
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
		/* Every amount and sum is within MONEY_MAX, which capitals cover. */
		bool written = capitals_from_yuan(l->yuan, caps, sizeof caps);
		INVARIANT(written);
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

/* ---- the check ---- */

bool disb_parse_fen(const char *s, int64_t *fen)
{
	int64_t yuan = 0;
	int digits = 0, cents = 0, places = 0;
	const char *p = s;
	for (; (*p >= '0' && *p <= '9') || (*p == ',' && digits); p++) {
		if (*p == ',')
			continue;
		if (++digits > 16)
			return false;
		yuan = yuan * 10 + (*p - '0');
	}
	if (!digits)
		return false;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++places > 2)
				return false;
			cents = cents * 10 + (*p - '0');
		}
	if (*p)
		return false;
	*fen = yuan * 100 + (places == 1 ? cents * 10 : cents);
	return true;
}

void disb_figures_of(const struct disbursement *d, struct disb_figures *f)
{
	memset(f, 0, sizeof *f);
	for (int i = 0; i < d->n; i++) {
		const struct disb_line *l = &d->lines[i];
		if (l->kind == DISB_PROJECT)
			f->projects_fen += l->yuan * 100, f->projects++;
		else if (l->kind == DISB_SUBTOTAL)
			f->subtotals_fen += l->yuan * 100;
		else
			f->total_fen = l->yuan * 100;
	}
}

/* One row of our own CSV (csvout.c's quoting) from *p on: its first n
 * cells into cells[] (the rest are passed over); false at the end. */
static bool csv_row(const char **p, struct strbuf *cells, int n)
{
	if (!**p)
		return false;
	for (int k = 0; k < n; k++)
		sb_reset(&cells[k]);
	int k = 0;
	bool quoted = false;
	for (; **p; (*p)++) {
		char c = **p;
		if (quoted && c == '"' && (*p)[1] == '"') {
			(*p)++;
		} else if (c == '"') {
			quoted = !quoted;
			continue;
		} else if (!quoted && c == ',') {
			k++;
			continue;
		} else if (!quoted && c == '\n') {
			(*p)++;
			break;
		}
		if (k < n)
			sb_putc(&cells[k], c);
	}
	return true;
}

bool disb_figures_csv(const char *dir, struct disb_figures *f, struct strbuf *err)
{
	enum { SEQ, LABEL, ID, TITLE, AMOUNT, NCELLS };
	char path[4096];
	snprintf(path, sizeof path, "%s/disbursement.csv", dir);
	struct strbuf text = STRBUF_INIT;
	const char *why;
	if (!sb_read_file(&text, path, 1u << 30, &why)) {
		sb_printf(err, "%s: cannot read it back: %s", path, why);
		sb_free(&text);
		return false;
	}
	memset(f, 0, sizeof *f);
	struct strbuf cells[NCELLS];
	for (int k = 0; k < NCELLS; k++)
		sb_init(&cells[k]);
	const char *p = sb_str(&text);
	if (strncmp(p, CSV_BOM, 3) == 0)
		p += 3;
	bool ok = csv_row(&p, cells, NCELLS); /* the header */
	long line = 1;
	while (ok && csv_row(&p, cells, NCELLS)) {
		line++;
		int64_t fen;
		if (!disb_parse_fen(sb_str(&cells[AMOUNT]), &fen)) {
			sb_printf(err, "%s:%ld: '%s' is not an amount", path, line, sb_str(&cells[AMOUNT]));
			ok = false;
		} else if (cells[SEQ].len) {
			f->projects_fen += fen, f->projects++;
		} else if (strcmp(sb_str(&cells[LABEL]), "合计") == 0) {
			f->total_fen = fen;
		} else {
			f->subtotals_fen += fen;
		}
	}
	for (int k = 0; k < NCELLS; k++)
		sb_free(&cells[k]);
	sb_free(&text);
	return ok;
}

static const char *yuan_text(int64_t fen, char *buf, size_t n)
{
	snprintf(buf, n, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
	return buf;
}

/* A rendering adds up to what it prints as its total. */
static bool adds_up(const struct disb_figures *f, const char *name, struct strbuf *err)
{
	char a[32], b[32];
	if (f->projects_fen != f->total_fen) {
		sb_printf(err, "%s: its projects add up to %s yuan but its grand total says %s yuan", name,
			  yuan_text(f->projects_fen, a, sizeof a), yuan_text(f->total_fen, b, sizeof b));
		return false;
	}
	if (f->subtotals_fen != f->total_fen) {
		sb_printf(err, "%s: its subtotals add up to %s yuan but its grand total says %s yuan", name,
			  yuan_text(f->subtotals_fen, a, sizeof a), yuan_text(f->total_fen, b, sizeof b));
		return false;
	}
	return true;
}

bool disb_figures_agree(const struct disb_figures *a, const char *name_a, const struct disb_figures *b,
			const char *name_b, struct strbuf *err)
{
	char x[32], y[32];
	if (!adds_up(a, name_a, err) || !adds_up(b, name_b, err))
		return false;
	if (a->total_fen != b->total_fen) {
		sb_printf(err, "the disbursement totals disagree: %s says %s yuan, %s says %s yuan", name_a,
			  yuan_text(a->total_fen, x, sizeof x), name_b, yuan_text(b->total_fen, y, sizeof y));
		return false;
	}
	if (a->projects != b->projects) {
		sb_printf(err, "the disbursement sheets disagree: %s lists %d projects, %s lists %d", name_a,
			  a->projects, name_b, b->projects);
		return false;
	}
	return true;
}
