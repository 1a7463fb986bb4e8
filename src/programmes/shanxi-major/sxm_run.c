/* sxm_run.c: one shanxi-major round — read, decide the bids and the
 * acceptances, write the tables (recoveries.csv and the integrity records
 * in bans.csv besides the common ones) and the documents. */
#include "sxm_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "date.h"
#include "disburse.h"
#include "exitcodes.h"
#include "outfile.h"
#include "documents.h"

const char *const SXM_REQUIRED_FILES[] = { "tasks.csv", "applications.csv", NULL };
static const char *const INPUTS[] = { "programme.xml", "tasks.csv", "applications.csv", "evaluations.csv",
				      "panels.csv", "acceptance.csv", NULL };

/* recoveries.csv: id,status,fiscal_received,fiscal_spent,recover,reasons. */
static bool write_recoveries(const char *dir, const struct sxm_batch *batch, const struct sxm_outcome *o,
			     struct written *w, struct strbuf *err)
{
	struct outfile f;
	if (!outfile_open(&f, dir, "recoveries.csv", err))
		return false;
	fputs("id,status,fiscal_received,fiscal_spent,recover,reasons\n", f.f);
	for (int i = 0; i < batch->nacceptances; i++) {
		const struct sxm_acceptance *a = &batch->acceptances[i];
		char codes[256];
		csv_text(f.f, a->id), csv_sep(f.f);
		csv_raw(f.f, sxm_recovery_status_name(o[i].status)), csv_sep(f.f);
		csv_int(f.f, a->received), csv_sep(f.f);
		csv_int(f.f, a->spent), csv_sep(f.f);
		csv_int(f.f, o[i].recover), csv_sep(f.f);
		reasons_codes(&o[i].reasons, codes, sizeof codes);
		csv_raw(f.f, codes), csv_end(f.f);
	}
	if (!outfile_commit(&f, err))
		return false;
	written_add(w, "recoveries.csv", 0);
	return true;
}

/* 第四十四条: integrity records on the lead solver and the leader, with no
 * end (the integrity authority sets the period). */
static struct ban_out *records_of(const struct programme *p, const struct sxm_batch *batch,
				  const struct sxm_outcome *o, int *n, struct arena *a)
{
	struct ban_out *bans = arena_alloc(a, (size_t)(2 * batch->nacceptances + 1) * sizeof *bans);
	*n = 0;
	for (int i = 0; i < batch->nacceptances; i++) {
		if (!o[i].integrity_record)
			continue;
		const struct sxm_acceptance *x = &batch->acceptances[i];
		const char *why = o[i].status == REC_REVOKED ? "项目撤销，收回全部财政资金（第四十九条）"
							      : "不通过验收，收回全部财政资金并按科研诚信有关规定惩戒（第四十四条）";
		bans[(*n)++] = (struct ban_out){ "单位", x->lead_uscc, x->lead_solver, p->decided, DATE_NONE, why, x->id };
		bans[(*n)++] = (struct ban_out){ "个人", x->leader_id, x->leader_name, p->decided, DATE_NONE, why, x->id };
	}
	return bans;
}

static int write_outputs(struct run *r, const struct sxm_batch *batch, const struct decision *decisions,
			 const struct sxm_round *round, const struct sxm_outcome *acceptance)
{
	const char *out = r->opt->out_dir;
	struct decided *rows = xmalloc((size_t)(batch->nbids + 1) * sizeof *rows);
	for (int i = 0; i < batch->nbids; i++)
		rows[i] = (struct decided){ batch->bids[i].id, sxm_class_code(batch->tasks[batch->bids[i].task].cls),
					    &decisions[i] };
	struct run_outputs o;
	run_outputs_begin(r, &o, rows, batch->nbids, INPUTS);
	o.m.rejected = rejects_count_file(&r->rejects, "applications.csv");
	o.m.records = o.m.decided + o.m.rejected;
	o.m.rejects_total = r->rejects.count;
	o.m.publicity_start = r->prog.publicity_start;
	o.m.publicity_end = round->publicity_end;
	int nrecords;
	const struct ban_out *records = records_of(&r->prog, batch, acceptance, &nrecords, &r->arena);
	struct disbursement disb;
	disb_init(&disb, &r->arena, r->prog.disbursement_batch);
	sxm_disbursement(batch, decisions, &disb);
	o.m.disbursement_projects = disb.projects;
	o.m.disbursement_total = disb.total;
	struct sxm_doc_input in = { &r->prog, batch, decisions, round, acceptance, &disb };
	bool ok = make_dirs(out, &r->err) &&
		  report_decisions(out, r->prog.kind_name, rows, batch->nbids, &o.w, &r->err) &&
		  report_reasons(out, rows, batch->nbids, &o.w, &r->err) &&
		  report_rejects(out, &r->rejects, &o.w, &r->err) &&
		  report_bans(out, records, nrecords, &o.w, &r->err) &&
		  write_recoveries(out, batch, acceptance, &o.w, &r->err) &&
		  report_disbursement_csv(out, &disb, r->opt->bom, &o.w, &r->err) &&
		  sxm_write_documents(&r->docs, &in, out, r->opt->jobs, r->opt->incremental ? &o.prior : NULL,
				      &o.sp, &o.w, &o.errs, &o.timing, &r->arena, &r->err);
	int code = run_outputs_end(r, &o, ok, SXM_DOC_KINDS, SXM_NKINDS);
	disb_free(&disb);
	free(rows);
	return code;
}

int sxm_run(struct run *r)
{
	struct sxm_batch batch;
	if (!sxm_ingest(r->opt->batch_dir, r->opt->encoding, &batch, &r->rejects, &r->arena, &r->err)) {
		sxm_batch_free(&batch);
		return run_fail(EXIT_DATAERR, &r->err);
	}
	int code = EXIT_OK;
	if (batch.nacceptances && r->prog.decided == DATE_NONE) {
		sb_printf(&r->err, "programme.xml: acceptance.csv is given but <decided> is missing: overdue acceptances and records are counted to the decision date");
		code = run_fail(EXIT_DATAERR, &r->err);
	} else if (!run_load_documents(r, "shanxi-major", SXM_TEMPLATES)) {
		code = run_fail(EXIT_DATAERR, &r->err);
	}
	struct decision *decisions = xcalloc((size_t)batch.nbids + 1, sizeof *decisions);
	struct sxm_outcome *acceptance = xcalloc((size_t)batch.nacceptances + 1, sizeof *acceptance);
	struct sxm_round round;
	if (code == EXIT_OK && !sxm_decide(&r->prog, &batch, &r->cal, decisions, &round, &r->arena, &r->err))
		code = run_fail(EXIT_DATAERR, &r->err);
	if (code == EXIT_OK) {
		sxm_check_acceptance(&r->prog, &batch, acceptance, &r->arena);
		code = write_outputs(r, &batch, decisions, &round, acceptance);
	}
	for (int i = 0; i < batch.nbids; i++)
		reasons_free(&decisions[i].reasons);
	for (int i = 0; i < batch.nacceptances; i++)
		reasons_free(&acceptance[i].reasons);
	free(decisions);
	free(acceptance);
	sxm_batch_free(&batch);
	return code;
}
