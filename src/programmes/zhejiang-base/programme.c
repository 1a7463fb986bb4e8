/* programme.c: zhejiang-base as a programme (programmes/programme.h) — 浙江省
 * 国际科技合作基地 (seed 004): recognition, performance grades, revocation
 * with 3-year bans, rewards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capitals.h"
#include "documents.h"
#include "model.h"

static const struct batch_file FILES[] = {
	{ "applications.csv", true, &ZJB_BASE_SCHEMA, zjb_base_row, NULL, NULL },
	{ "history.csv", false, &ZJB_HISTORY_SCHEMA, zjb_history_row, NULL, NULL },
	{ "sanctions.csv", false, &SANCTION_SCHEMA, zjb_sanction_row, NULL, NULL },
	{ NULL, false, NULL, NULL, NULL, NULL },
};

static void *open_state(const struct programme_input *in, struct strbuf *err)
{
	(void)err;
	struct zjb_state *s = xcalloc(1, sizeof *s);
	s->p = in->params;
	s->rejects = in->rejects;
	s->arena = in->arena;
	strmap_init(&s->reading.ids);
	strmap_init(&s->reading.lines);
	strmap_init(&s->reading.years);
	s->reading.sanctions = (struct sanction_loader){ &s->batch.sanctions, 0, in->rejects, in->arena };
	return s;
}

/* One 单位 ban per revoked base (第十八条、第二十二条): the host, from the
 * decision date for three years. */
static struct ban_out *bans_of(const struct zjb_state *s, int *n, struct arena *a)
{
	const struct zjb_batch *batch = &s->batch;
	struct ban_out *bans = arena_alloc(a, (size_t)(batch->nbases + 1) * sizeof *bans);
	*n = 0;
	for (int i = 0; i < batch->nbases; i++) {
		const struct decision *d = &s->decisions[i];
		if (d->status != ST_REVOKED)
			continue;
		char codes[128], years[16];
		reasons_codes(&d->reasons, codes, sizeof codes);
		const struct zjb_base *b = &batch->bases[i];
		size_t len = strlen(b->name) + strlen(codes) + 160;
		char *reason = arena_alloc(a, len);
		snprintf(reason, len,
			 "取消省国际科技合作基地“%s”资格（%s），%s年内不得再次申报（第十八条、第二十二条）", b->name,
			 codes, cn_numeral(s->p->ban_years, years));
		bans[(*n)++] = (struct ban_out){ "单位",       b->host_uscc, b->host, s->p->call->decided,
						 d->ban_until, reason,       b->id };
	}
	return bans;
}

static bool decide(void *state, const struct programme_input *in, struct outcome *out, struct strbuf *err)
{
	(void)err;
	struct zjb_state *s = state;
	const struct zjb_batch *b = &s->batch;
	s->decisions = xcalloc((size_t)b->nbases + 1, sizeof *s->decisions);
	zjb_decide(s->p, b, s->decisions);
	s->rows = arena_alloc(in->arena, (size_t)(b->nbases + 1) * sizeof *s->rows);
	for (int i = 0; i < b->nbases; i++)
		s->rows[i] = (struct decided){ b->bases[i].id, zjb_type_code(b->bases[i].type), &s->decisions[i],
					       b->bases[i].host, b->bases[i].name };
	out->rows = s->rows;
	out->nrows = b->nbases;
	out->bans = bans_of(s, &out->nbans, in->arena);
	zjb_disbursement(b, s->decisions, &out->disb);
	s->disb = &out->disb;
	return true;
}

static void close_state(void *state)
{
	struct zjb_state *s = state;
	for (int i = 0; s->decisions && i < s->batch.nbases; i++)
		reasons_free(&s->decisions[i].reasons);
	free(s->decisions);
	zjb_release_reading(s);
	zjb_batch_free(&s->batch);
	free(s);
}

const struct programme ZHEJIANG_BASE = {
	.kind = "zhejiang-base",
	.prefix = "ZJB",
	.name = "浙江省国际科技合作基地",
	.files = FILES,
	.records_file = "applications.csv",
	.has_xml_form = false,
	.params = &ZJB_PARAMS,
	.docs = ZJB_DOCS,
	.ndocs = ZJB_NDOCS,
	.open = open_state,
	.read_done = zjb_read_done,
	.decide = decide,
	.extra_outputs = NULL,
	.plan = zjb_plan,
	.base_fields = zjb_base_fields,
	.fields = zjb_fields,
	.close = close_state,
};
