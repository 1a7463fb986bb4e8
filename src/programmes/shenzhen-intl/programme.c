/* programme.c: shenzhen-intl as a programme (programmes/programme.h) — 深圳市
 * 国际科技合作项目 (seed 003): applications decided, and the contracts of
 * earlier projects checked, with contracts-out.csv and 3-year bans. */
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "date.h"
#include "documents.h"
#include "model.h"
#include "outfile.h"

static const struct batch_file FILES[] = {
	{ "applications.csv", true, &SZI_APPLICATION_SCHEMA, szi_application_row, NULL, NULL },
	{ "evaluations.csv", false, &EVALUATION_SCHEMA, szi_evaluation_row, NULL, NULL },
	{ "experts.csv", false, &SZI_EXPERT_SCHEMA, szi_expert_row, NULL, NULL },
	{ "contracts.csv", false, &SZI_CONTRACT_SCHEMA, szi_contract_row, NULL, NULL },
	{ "sanctions.csv", false, &SANCTION_SCHEMA, szi_sanction_row, NULL, NULL },
	{ "objections.csv", false, &OBJECTION_SCHEMA, szi_objection_row, NULL, NULL },
	{ NULL, false, NULL, NULL, NULL, NULL },
};

static void *open_state(const struct programme_input *in, struct strbuf *err)
{
	(void)err;
	struct szi_state *s = xcalloc(1, sizeof *s);
	s->p = in->params;
	s->rejects = in->rejects;
	s->arena = in->arena;
	struct szi_reading *r = &s->reading;
	strmap_init(&r->ids);
	strmap_init(&r->lines);
	strmap_init(&r->contract_lines);
	eval_reader_init(&r->evals, &r->ids, in->rejects, in->arena);
	eval_reader_parent(&r->evals, &SZI_APPLICATION_SCHEMA);
	r->sanctions = (struct sanction_loader){ &s->batch.sanctions, 0, in->rejects, in->arena };
	r->objections = (struct objection_reader){ &r->ids, &s->batch.objections, in->rejects, in->arena,
						   &SZI_APPLICATION_SCHEMA };
	return s;
}

/* Two bans per banned contract: the unit and the PI (第十五条). */
static struct ban_out *bans_of(const struct szi_state *s, int *n, struct arena *a)
{
	const struct szi_batch *batch = &s->batch;
	struct ban_out *bans = arena_alloc(a, (size_t)(2 * batch->ncontracts + 1) * sizeof *bans);
	*n = 0;
	for (int i = 0; i < batch->ncontracts; i++) {
		const struct szi_contract_outcome *o = &s->contracts[i];
		if (o->status != CONTRACT_BANNED)
			continue;
		const struct szi_contract *c = &batch->contracts[i];
		const char *why = c->terminated_unapproved ? "未经同意终止国际科技合作项目（第十五条）"
							   : "未经同意不按期完成国际科技合作项目（第十五条）";
		int32_t day = s->p->call->decided;
		bans[(*n)++] =
			(struct ban_out){ "单位", c->applicant_uscc, c->applicant, day, o->ban_until, why, c->id };
		bans[(*n)++] = (struct ban_out){ "个人", c->pi_id, c->pi_name, day, o->ban_until, why, c->id };
	}
	return bans;
}

static bool decide(void *state, const struct programme_input *in, struct outcome *out, struct strbuf *err)
{
	struct szi_state *s = state;
	const struct szi_batch *b = &s->batch;
	if (b->ncontracts && s->p->call->decided == DATE_NONE) {
		sb_printf(
			err,
			"programme.xml: contracts.csv is given but <decided> is missing: bans start on the decision date");
		return false;
	}
	s->decisions = xcalloc((size_t)b->napps + 1, sizeof *s->decisions);
	s->contracts = xcalloc((size_t)b->ncontracts + 1, sizeof *s->contracts);
	szi_decide(s->p, b, s->decisions, &s->round);
	szi_check_contracts(s->p, b, s->contracts);
	s->rows = arena_alloc(in->arena, (size_t)(b->napps + 1) * sizeof *s->rows);
	for (int i = 0; i < b->napps; i++)
		s->rows[i] = (struct decided){ b->apps[i].id, szi_category_code(b->apps[i].category), &s->decisions[i],
					       b->apps[i].applicant, b->apps[i].title };
	out->rows = s->rows;
	out->nrows = b->napps;
	out->publicity_end = s->round.publicity_end;
	out->bans = bans_of(s, &out->nbans, in->arena);
	szi_disbursement(b, s->decisions, &out->disb);
	s->disb = &out->disb;
	return true;
}

/* contracts-out.csv: id,status,ban_until,reasons. */
static bool write_contracts(const void *state, const char *dir, struct written *w, struct strbuf *err)
{
	const struct szi_state *s = state;
	struct outfile f;
	if (!csv_open(&f, dir, "contracts-out.csv", "id,status,ban_until,reasons", err))
		return false;
	for (int i = 0; i < s->batch.ncontracts; i++) {
		const struct szi_contract_outcome *o = &s->contracts[i];
		char buf[512] = "";
		csv_text(f.f, s->batch.contracts[i].id), csv_sep(f.f);
		csv_raw(f.f, szi_contract_status_name(o->status)), csv_sep(f.f);
		if (o->ban_until != DATE_NONE)
			date_format_iso(o->ban_until, buf);
		csv_raw(f.f, buf), csv_sep(f.f);
		reasons_codes(&o->reasons, buf, sizeof buf);
		csv_raw(f.f, buf), csv_end(f.f);
	}
	if (!outfile_commit(&f, err))
		return false;
	written_add(w, "contracts-out.csv", 0);
	return true;
}

static void close_state(void *state)
{
	struct szi_state *s = state;
	for (int i = 0; s->decisions && i < s->batch.napps; i++)
		reasons_free(&s->decisions[i].reasons);
	for (int i = 0; s->contracts && i < s->batch.ncontracts; i++)
		reasons_free(&s->contracts[i].reasons);
	free(s->decisions);
	free(s->contracts);
	szi_release_reading(s);
	szi_batch_free(&s->batch);
	free(s);
}

const struct programme SHENZHEN_INTL = {
	.kind = "shenzhen-intl",
	.prefix = "SZI",
	.name = "深圳市国际科技合作项目",
	.files = FILES,
	.records_file = "applications.csv",
	.has_xml_form = false,
	.params = &SZI_PARAMS,
	.docs = SZI_DOCS,
	.ndocs = SZI_NDOCS,
	.open = open_state,
	.read_done = szi_read_done,
	.decide = decide,
	.extra_outputs = write_contracts,
	.plan = szi_plan,
	.base_fields = szi_base_fields,
	.fields = szi_fields,
	.close = close_state,
};
