/* szi_run.c: one shenzhen-intl run — read, decide the applications and
 * the earlier contracts, write the tables (contracts-out.csv and bans.csv
 * besides the common ones) and the documents. */
#include "szi_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "date.h"
#include "disburse.h"
#include "exitcodes.h"
#include "outfile.h"
#include "documents.h"

const char *const SZI_REQUIRED_FILES[] = { "applications.csv", NULL };
static const char *const INPUTS[] = { "programme.xml", "applications.csv", "evaluations.csv", "experts.csv",
				      "contracts.csv", "sanctions.csv", NULL };

/* contracts-out.csv: id,status,ban_until,reasons. */
static bool write_contracts(const char *dir, const struct szi_batch *batch,
			    const struct szi_contract_outcome *o, struct written *w, struct strbuf *err)
{
	struct outfile f;
	if (!outfile_open(&f, dir, "contracts-out.csv", err))
		return false;
	fputs("id,status,ban_until,reasons\n", f.f);
	for (int i = 0; i < batch->ncontracts; i++) {
		char buf[512] = "";
		csv_text(f.f, batch->contracts[i].id), csv_sep(f.f);
		csv_raw(f.f, szi_contract_status_name(o[i].status)), csv_sep(f.f);
		if (o[i].ban_until != DATE_NONE)
			date_format_iso(o[i].ban_until, buf);
		csv_raw(f.f, buf), csv_sep(f.f);
		reasons_codes(&o[i].reasons, buf, sizeof buf);
		csv_raw(f.f, buf), csv_end(f.f);
	}
	if (!outfile_commit(&f, err))
		return false;
	written_add(w, "contracts-out.csv", 0);
	return true;
}

/* Two bans per banned contract: the unit and the PI (第十五条). */
static struct ban_out *bans_of(const struct programme *p, const struct szi_batch *batch,
			       const struct szi_contract_outcome *o, int *n, struct arena *a)
{
	struct ban_out *bans = arena_alloc(a, (size_t)(2 * batch->ncontracts + 1) * sizeof *bans);
	*n = 0;
	for (int i = 0; i < batch->ncontracts; i++) {
		if (o[i].status != CONTRACT_BANNED)
			continue;
		const struct szi_contract *c = &batch->contracts[i];
		const char *why = c->terminated_unapproved ? "未经同意终止国际科技合作项目（第十五条）"
							   : "未经同意不按期完成国际科技合作项目（第十五条）";
		bans[(*n)++] = (struct ban_out){ "单位", c->applicant_uscc, c->applicant, p->decided, o[i].ban_until, why, c->id };
		bans[(*n)++] = (struct ban_out){ "个人", c->pi_id, c->pi_name, p->decided, o[i].ban_until, why, c->id };
	}
	return bans;
}

static int write_outputs(struct run *r, const struct szi_batch *batch, const struct decision *decisions,
			 const struct szi_round *round, const struct szi_contract_outcome *contracts)
{
	const char *out = r->opt->out_dir;
	struct decided *rows = xmalloc((size_t)(batch->napps + 1) * sizeof *rows);
	for (int i = 0; i < batch->napps; i++)
		rows[i] = (struct decided){ batch->apps[i].id, szi_category_code(batch->apps[i].category), &decisions[i] };
	struct run_outputs o;
	run_outputs_begin(r, &o, rows, batch->napps, INPUTS);
	o.m.rejected = rejects_count_file(&r->rejects, "applications.csv");
	o.m.records = o.m.decided + o.m.rejected;
	o.m.rejects_total = r->rejects.count;
	o.m.publicity_start = r->prog.publicity_start;
	o.m.publicity_end = round->publicity_end;
	int nbans;
	const struct ban_out *bans = bans_of(&r->prog, batch, contracts, &nbans, &r->arena);
	struct disbursement disb;
	disb_init(&disb, &r->arena, r->prog.disbursement_batch);
	szi_disbursement(batch, decisions, &disb);
	o.m.disbursement_projects = disb.projects;
	o.m.disbursement_total = disb.total;
	struct szi_doc_input in = { &r->prog, batch, decisions, round, contracts, &disb };
	bool ok = make_dirs(out, &r->err) &&
		  report_decisions(out, r->prog.kind_name, rows, batch->napps, &o.w, &r->err) &&
		  report_reasons(out, rows, batch->napps, &o.w, &r->err) &&
		  report_rejects(out, &r->rejects, &o.w, &r->err) &&
		  report_bans(out, bans, nbans, &o.w, &r->err) &&
		  write_contracts(out, batch, contracts, &o.w, &r->err) &&
		  report_disbursement_csv(out, &disb, r->opt->bom, &o.w, &r->err) &&
		  szi_write_documents(&r->docs, &in, out, r->opt->jobs, r->opt->incremental ? &o.prior : NULL,
				      &o.sp, &o.w, &o.errs, &o.timing, &r->arena, &r->err);
	int code = run_outputs_end(r, &o, ok, SZI_DOC_KINDS, SZI_NKINDS);
	disb_free(&disb);
	free(rows);
	return code;
}

int szi_run(struct run *r)
{
	struct szi_batch batch;
	if (!szi_ingest(r->opt->batch_dir, r->opt->encoding, &batch, &r->rejects, &r->arena, &r->err)) {
		szi_batch_free(&batch);
		return run_fail(EXIT_DATAERR, &r->err);
	}
	int code = EXIT_OK;
	if (batch.ncontracts && r->prog.decided == DATE_NONE) {
		sb_printf(&r->err, "programme.xml: contracts.csv is given but <decided> is missing: bans start on the decision date");
		code = run_fail(EXIT_DATAERR, &r->err);
	} else if (!run_load_documents(r, "shenzhen-intl", SZI_TEMPLATES)) {
		code = run_fail(EXIT_DATAERR, &r->err);
	}
	struct decision *decisions = xcalloc((size_t)batch.napps + 1, sizeof *decisions);
	struct szi_contract_outcome *contracts = xcalloc((size_t)batch.ncontracts + 1, sizeof *contracts);
	if (code == EXIT_OK) {
		struct szi_round round;
		szi_decide(&r->prog, &batch, decisions, &round, &r->arena);
		szi_check_contracts(&r->prog, &batch, contracts, &r->arena);
		code = write_outputs(r, &batch, decisions, &round, contracts);
	}
	for (int i = 0; i < batch.napps; i++)
		reasons_free(&decisions[i].reasons);
	for (int i = 0; i < batch.ncontracts; i++)
		reasons_free(&contracts[i].reasons);
	free(decisions);
	free(contracts);
	szi_batch_free(&batch);
	return code;
}
