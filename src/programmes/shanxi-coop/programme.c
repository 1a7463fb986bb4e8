/* programme.c: shanxi-coop as a programme (programmes/programme.h) — 山西省
 * 科技合作交流专项, the 2024 call (seeds 000, 001). */
#include <stdlib.h>
#include <string.h>

#include "documents.h"
#include "model.h"

static const struct batch_file FILES[] = {
	{ "applications.csv", true, &SXC_APPLICATION_SCHEMA, sxc_application_row, "applications", "application" },
	{ "evaluations.csv", true, &EVALUATION_SCHEMA, sxc_evaluation_row, "evaluations", "evaluation" },
	{ "sanctions.csv", false, &SANCTION_SCHEMA, sxc_sanction_row, "sanctions", "sanction" },
	{ "objections.csv", false, &OBJECTION_SCHEMA, sxc_objection_row, "objections", "objection" },
	{ NULL, false, NULL, NULL, NULL, NULL },
};

static void *open_state(const struct programme_input *in, struct strbuf *err)
{
	(void)err;
	struct sxc_state *s = xcalloc(1, sizeof *s);
	s->p = in->params;
	s->rejects = in->rejects;
	s->arena = in->arena;
	strmap_init(&s->reading.ids);
	strmap_init(&s->reading.id_lines);
	eval_reader_init(&s->reading.evals, &s->reading.ids, in->rejects, in->arena);
	eval_reader_parent(&s->reading.evals, &SXC_APPLICATION_SCHEMA);
	s->reading.sanctions = (struct sanction_loader){ &s->batch.sanctions, 0, in->rejects, in->arena };
	s->reading.objections = (struct objection_reader){ &s->reading.ids, &s->batch.objections, in->rejects,
							   in->arena, &SXC_APPLICATION_SCHEMA };
	return s;
}

static bool decide(void *state, const struct programme_input *in, struct outcome *out, struct strbuf *err)
{
	struct sxc_state *s = state;
	const struct sxc_batch *b = &s->batch;
	if (!sxc_check_call(s->p, err))
		return false;
	s->decisions = xcalloc((size_t)b->napps + 1, sizeof *s->decisions);
	if (!sxc_decide(s->p, b, in->cal, s->decisions, &s->round, err))
		return false;
	s->rows = arena_alloc(in->arena, (size_t)(b->napps + 1) * sizeof *s->rows);
	for (int i = 0; i < b->napps; i++)
		s->rows[i] = (struct decided){ b->apps[i].id, sxc_category_code(b->apps[i].category), &s->decisions[i],
					       b->apps[i].applicant, b->apps[i].title };
	out->rows = s->rows;
	out->nrows = b->napps;
	out->publicity_end = s->round.publicity_end;
	sxc_disbursement(b, s->decisions, &out->disb);
	s->disb = &out->disb;
	s->valid_scores = sxc_count_valid_scores(b);
	return true;
}

static void close_state(void *state)
{
	struct sxc_state *s = state;
	for (int i = 0; s->decisions && i < s->batch.napps; i++)
		reasons_free(&s->decisions[i].reasons);
	free(s->decisions);
	free(s->valid_scores);
	sxc_release_reading(s);
	sxc_batch_free(&s->batch);
	free(s);
}

const struct programme SHANXI_COOP = {
	.kind = "shanxi-coop",
	.prefix = "SXC",
	.name = "山西省科技合作交流专项",
	.files = FILES,
	.records_file = "applications.csv",
	.has_xml_form = true,
	.params = &SXC_PARAMS,
	.docs = SXC_DOCS,
	.ndocs = SXC_NDOCS,
	.open = open_state,
	.read_done = sxc_read_done,
	.decide = decide,
	.extra_outputs = NULL,
	.plan = sxc_plan,
	.base_fields = sxc_base_fields,
	.fields = sxc_fields,
	.close = close_state,
};
