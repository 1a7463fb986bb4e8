/* programme.c: shanxi-major as a programme (programmes/programme.h) — 山西省
 * 科技重大项目，揭榜挂帅 (seed 002): a round's bids decided, the
 * acceptances of earlier rounds with recoveries.csv and referrals.csv. */
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "date.h"
#include "documents.h"
#include "model.h"
#include "outfile.h"

static const struct batch_file FILES[] = {
	{ "tasks.csv", true, &SXM_TASK_SCHEMA, sxm_task_row, NULL, NULL },
	{ "applications.csv", true, &SXM_BID_SCHEMA, sxm_bid_row, NULL, NULL },
	{ "evaluations.csv", false, &EVALUATION_SCHEMA, sxm_evaluation_row, NULL, NULL },
	{ "panels.csv", false, &SXM_PANEL_SCHEMA, sxm_member_row, NULL, NULL },
	{ "acceptance.csv", false, &SXM_ACCEPT_SCHEMA, sxm_acceptance_row, NULL, NULL },
	{ "objections.csv", false, &OBJECTION_SCHEMA, sxm_objection_row, NULL, NULL },
	{ NULL, false, NULL, NULL, NULL, NULL },
};

static void *open_state(const struct programme_input *in, struct strbuf *err)
{
	(void)err;
	struct sxm_state *s = xcalloc(1, sizeof *s);
	s->p = in->params;
	s->rejects = in->rejects;
	s->arena = in->arena;
	struct sxm_reading *r = &s->reading;
	strmap_init(&r->task_at);
	strmap_init(&r->bid_at);
	strmap_init(&r->bid_lines);
	strmap_init(&r->project_lines);
	arena_init(&r->panel_arena);
	strmap_init(&r->panel_refs);
	eval_reader_init(&r->evals, &r->bid_at, in->rejects, in->arena);
	r->objections =
		(struct objection_reader){ &r->bid_at, &s->batch.objections, in->rejects, in->arena, &SXM_BID_SCHEMA };
	eval_reader_parent(&r->evals, &SXM_BID_SCHEMA);
	return s;
}

static bool decide(void *state, const struct programme_input *in, struct outcome *out, struct strbuf *err)
{
	struct sxm_state *s = state;
	const struct sxm_batch *b = &s->batch;
	if (b->nacceptances && s->p->call->decided == DATE_NONE) {
		sb_printf(
			err,
			"programme.xml: acceptance.csv is given but <decided> is missing: overdue acceptances and records are counted to the decision date");
		return false;
	}
	s->decisions = xcalloc((size_t)b->nbids + 1, sizeof *s->decisions);
	s->acceptance = xcalloc((size_t)b->nacceptances + 1, sizeof *s->acceptance);
	if (!sxm_decide(s->p, b, in->cal, s->decisions, &s->round, err))
		return false;
	sxm_check_acceptance(s->p, b, s->acceptance);
	sxm_release_panels(s);
	s->rows = arena_alloc(in->arena, (size_t)(b->nbids + 1) * sizeof *s->rows);
	for (int i = 0; i < b->nbids; i++)
		s->rows[i] =
			(struct decided){ b->bids[i].id, sxm_class_code(b->tasks[b->bids[i].task].cls),
					  &s->decisions[i], b->bids[i].lead_solver, b->tasks[b->bids[i].task].title };
	out->rows = s->rows;
	out->nrows = b->nbids;
	out->publicity_end = s->round.publicity_end;
	/* Nothing goes to bans.csv: a referral carries no period (V2-M4). */
	sxm_disbursement(b, s->decisions, &out->disb);
	s->disb = &out->disb;
	return true;
}

/* One table of the programme's own: its header line, then rows(). */
static bool write_table(const struct sxm_state *s, const char *dir, const char *name, const char *header,
			void (*rows)(const struct sxm_state *s, FILE *f), struct written *w, struct strbuf *err)
{
	struct outfile f;
	if (!csv_open(&f, dir, name, header, err))
		return false;
	rows(s, f.f);
	if (!outfile_commit(&f, err))
		return false;
	written_add(w, name, 0);
	return true;
}

/* recoveries.csv: id,status,fiscal_received,fiscal_spent,recover,reasons. */
static void recovery_rows(const struct sxm_state *s, FILE *f)
{
	for (int i = 0; i < s->batch.nacceptances; i++) {
		const struct sxm_acceptance *a = &s->batch.acceptances[i];
		const struct sxm_outcome *o = &s->acceptance[i];
		char codes[256];
		csv_text(f, a->id), csv_sep(f);
		csv_raw(f, sxm_recovery_status_name(o->status)), csv_sep(f);
		csv_int(f, a->received), csv_sep(f);
		csv_int(f, a->spent), csv_sep(f);
		csv_int(f, o->recover), csv_sep(f);
		reasons_codes(&o->reasons, codes, sizeof codes);
		csv_raw(f, codes), csv_end(f);
	}
}

static void referral_row(FILE *f, const char *id, const char *kind, const char *subject, const char *name)
{
	csv_text(f, id), csv_sep(f);
	csv_raw(f, kind), csv_sep(f);
	csv_text(f, subject), csv_sep(f);
	csv_text(f, name), csv_sep(f);
	csv_raw(f, "第四十四条"), csv_end(f);
}

/* referrals.csv: id,subject_kind,subject_id,name,article — the lead
 * solver (单位) and the leader (个人) of each project that failed its
 * acceptance, referred for integrity handling (第四十四条). */
static void referral_rows(const struct sxm_state *s, FILE *f)
{
	for (int i = 0; i < s->batch.nacceptances; i++) {
		const struct sxm_acceptance *a = &s->batch.acceptances[i];
		const struct sxm_outcome *o = &s->acceptance[i];
		if (o->refer_unit)
			referral_row(f, a->id, "单位", a->lead_uscc, a->lead_solver);
		if (o->refer_person)
			referral_row(f, a->id, "个人", a->leader_id, a->leader_name);
	}
}

static bool extra_outputs(const void *state, const char *dir, struct written *w, struct strbuf *err)
{
	return write_table(state, dir, "recoveries.csv", "id,status,fiscal_received,fiscal_spent,recover,reasons",
			   recovery_rows, w, err) &&
	       write_table(state, dir, "referrals.csv", "id,subject_kind,subject_id,name,article", referral_rows, w,
			   err);
}

static void close_state(void *state)
{
	struct sxm_state *s = state;
	for (int i = 0; s->decisions && i < s->batch.nbids; i++)
		reasons_free(&s->decisions[i].reasons);
	for (int i = 0; s->acceptance && i < s->batch.nacceptances; i++)
		reasons_free(&s->acceptance[i].reasons);
	free(s->decisions);
	free(s->acceptance);
	sxm_release_reading(s);
	sxm_release_panels(s);
	sxm_batch_free(&s->batch);
	free(s);
}

const struct programme SHANXI_MAJOR = {
	.kind = "shanxi-major",
	.prefix = "SXM",
	.name = "山西省科技重大项目（揭榜挂帅）",
	.files = FILES,
	.records_file = "applications.csv",
	.has_xml_form = false,
	.params = &SXM_PARAMS,
	.docs = SXM_DOCS,
	.ndocs = SXM_NDOCS,
	.open = open_state,
	.read_done = sxm_read_done,
	.decide = decide,
	.extra_outputs = extra_outputs,
	.plan = sxm_plan,
	.base_fields = sxm_base_fields,
	.fields = sxm_fields,
	.close = close_state,
};
