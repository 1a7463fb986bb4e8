#include "docfields.h"

#include <stdio.h>
#include <string.h>

#include "capitals.h"
#include "date.h"
#include "invariant.h"
#include "money.h"

const struct field_group DF_CALL_FIELDS[] = {
	{ NULL,
	  "programme.title programme.authority programme.office programme.year programme.contact "
	  "programme.phone programme.address programme.review_body doc.number doc.date",
	  NULL },
	{ NULL, NULL, NULL },
};

const struct field_group DF_REASON_FIELDS[] = {
	{ "reasons", "item.index item.code item.text", NULL },
	{ NULL, NULL, NULL },
};

const struct field_group DF_DISBURSEMENT_FIELDS[] = {
	{ "lines",
	  "item.seq item.unit item.id item.title item.yuan item.capitals item.batch item.subtotal "
	  "item.bank item.account",
	  NULL },
	{ NULL,
	  "disbursement.count disbursement.batch disbursement.basis disbursement.subject "
	  "disbursement.total_yuan disbursement.total_capitals",
	  NULL },
	{ NULL, NULL, NULL },
};

const char *df_date(struct arena *a, int32_t day)
{
	if (day == DATE_NONE)
		return "";
	char buf[32];
	date_format_cn(day, buf);
	return arena_strdup(a, buf);
}

const char *df_wan(struct arena *a, int64_t yuan)
{
	char buf[32];
	money_format_wan(yuan, buf, sizeof buf);
	return arena_strdup(a, buf);
}

const char *df_yuan(struct arena *a, int64_t yuan)
{
	char buf[48];
	money_format_grouped(yuan, buf, sizeof buf - 4);
	strcat(buf, ".00");
	return arena_strdup(a, buf);
}

const char *df_capitals(struct arena *a, int64_t yuan)
{
	char buf[256];
	bool written = capitals_from_yuan(yuan, buf, sizeof buf);
	INVARIANT(written);
	return arena_strdup(a, buf);
}

const char *df_count_cn(struct arena *a, int n)
{
	char buf[16];
	return arena_strdup(a, cn_numeral(n, buf));
}

const char *df_doc_number_text(struct arena *a, const struct call *p)
{
	if (!p->doc_prefix)
		return "";
	char buf[256];
	snprintf(buf, sizeof buf, "%s〔%d〕%d号", p->doc_prefix, p->doc_year, p->doc_seq);
	return arena_strdup(a, buf);
}

int32_t df_document_date(const struct call *p)
{
	return p->decided != DATE_NONE ? p->decided : p->publicity_start;
}

void df_call_fields(struct tctx *c, const struct call *p, struct arena *a)
{
	tctx_set(c, "programme.title", p->title);
	tctx_set(c, "programme.authority", p->authority);
	tctx_set(c, "programme.office", p->office ? p->office : p->authority);
	tctx_setf(c, "programme.year", "%d", p->year);
	tctx_set(c, "programme.contact", p->contact_name ? p->contact_name : "");
	tctx_set(c, "programme.phone", p->contact_phone ? p->contact_phone : "");
	tctx_set(c, "programme.address", p->address ? p->address : "");
	tctx_set(c, "programme.review_body", p->review_body ? p->review_body : "");
	tctx_set(c, "doc.number", df_doc_number_text(a, p));
	tctx_set(c, "doc.date", df_date(a, df_document_date(p)));
}

void df_reasons(struct tctx *c, const struct reasons *r, struct arena *a)
{
	for (int k = 0; k < r->count; k++) {
		struct tctx *item = tctx_new(a, c);
		tctx_setf(item, "item.index", "%d", k + 1);
		tctx_set(item, "item.code", r->items[k].code);
		tctx_set(item, "item.text", r->items[k].text);
		tctx_add_item(c, "reasons", item);
	}
}

void df_disbursement_fields(struct tctx *c, const struct disbursement *d, struct arena *a)
{
	for (int i = 0; i < d->n; i++) {
		const struct disb_line *l = &d->lines[i];
		if (l->kind == DISB_TOTAL)
			continue;
		struct tctx *item = tctx_new(a, c);
		bool project = l->kind == DISB_PROJECT;
		if (project)
			tctx_setf(item, "item.seq", "%d", l->seq);
		else
			tctx_set(item, "item.seq", "");
		if (project)
			tctx_set(item, "item.unit", l->unit);
		else
			tctx_setf(item, "item.unit", "%s小计", l->group);
		tctx_set(item, "item.id", project ? l->id : "");
		tctx_set(item, "item.title", l->title);
		tctx_set(item, "item.yuan", df_yuan(a, l->yuan));
		tctx_set(item, "item.capitals", df_capitals(a, l->yuan));
		tctx_set(item, "item.batch", project ? d->batch : "");
		tctx_set(item, "item.subtotal", project ? "" : "1");
		tctx_set(item, "item.bank", l->bank);
		tctx_set(item, "item.account", l->account);
		tctx_add_item(c, "lines", item);
	}
	tctx_setf(c, "disbursement.count", "%d", d->projects);
	tctx_set(c, "disbursement.batch", d->batch);
	tctx_set(c, "disbursement.basis", d->basis);
	tctx_set(c, "disbursement.subject", d->subject);
	tctx_set(c, "disbursement.total_yuan", df_yuan(a, d->total));
	tctx_set(c, "disbursement.total_capitals", df_capitals(a, d->total));
}

bool df_disbursement_figures(const struct tctx *c, struct disb_figures *f, struct strbuf *err)
{
	memset(f, 0, sizeof *f);
	int n;
	struct tctx *const *items = tctx_items(c, "lines", &n);
	const char *total = tctx_get(c, "disbursement.total_yuan");
	if (!total || !disb_parse_fen(total, &f->total_fen)) {
		sb_printf(err, "disbursement.pdf: field disbursement.total_yuan is '%s', not an amount",
			  total ? total : "");
		return false;
	}
	for (int i = 0; i < n; i++) {
		const char *seq = tctx_get(items[i], "item.seq"), *yuan = tctx_get(items[i], "item.yuan");
		int64_t fen;
		if (!yuan || !disb_parse_fen(yuan, &fen)) {
			sb_printf(err, "disbursement.pdf: line %d: field item.yuan is '%s', not an amount", i + 1,
				  yuan ? yuan : "");
			return false;
		}
		if (seq && *seq)
			f->projects_fen += fen, f->projects++;
		else
			f->subtotals_fen += fen;
	}
	return true;
}

struct tctx *df_disbursement_context(const struct tctx *base, const struct disbursement *d, struct arena *a)
{
	struct tctx *c = tctx_new(a, base);
	df_disbursement_fields(c, d, a);
	return c;
}

const char *df_doc_number(struct arena *a, const struct call *p, const char *kind, int ordinal)
{
	for (int i = 0; i < p->nseries; i++) {
		const struct doc_series *s = &p->series[i];
		if (strcmp(s->kind, kind) != 0)
			continue;
		char buf[160];
		snprintf(buf, sizeof buf, "%s〔%d〕%lld号", s->prefix, p->doc_year, (long long)s->first + ordinal);
		return arena_strdup(a, buf);
	}
	return NULL;
}

const struct doc_series *df_unknown_series(const struct call *p, const char *const *kinds, int nkinds)
{
	for (int i = 0; i < p->nseries; i++) {
		bool known = false;
		for (int k = 0; k < nkinds && !known; k++)
			known = strcmp(p->series[i].kind, kinds[k]) == 0;
		if (!known)
			return &p->series[i];
	}
	return NULL;
}
