/* coop_run.c: one shanxi-coop run — read the batch (CSV or batch.xml),
 * decide, write the tables and the documents. */
#include "coop_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "documents.h"
#include "disburse.h"
#include "exitcodes.h"
#include "outfile.h"

#ifndef GRANTDOC_XSD
#define GRANTDOC_XSD "docs/batch.xsd"
#endif

static const char *const INPUTS[] = { "programme.xml", "applications.csv", "evaluations.csv",
				      "sanctions.csv", "objections.csv", "batch.xml", NULL };

const char *const COOP_REQUIRED_FILES[] = { "applications.csv", "evaluations.csv", NULL };

static int write_outputs(struct run *r, struct coop_batch *batch, struct decision *decisions,
			 const struct coop_round *round)
{
	const char *out = r->opt->out_dir;
	struct decided *rows = xmalloc((size_t)(batch->napps + 1) * sizeof *rows);
	for (int i = 0; i < batch->napps; i++)
		rows[i] = (struct decided){ batch->apps[i].id, coop_category_code(batch->apps[i].category),
					    &decisions[i] };
	struct run_outputs o;
	run_outputs_begin(r, &o, rows, batch->napps, INPUTS);
	/* In CSV a row can be refused before it is a record (too few fields);
	 * in XML every record reaches the binder. */
	o.m.rejected = batch->apps_read ? batch->apps_read - batch->napps
					: rejects_count_file(&r->rejects, "applications.csv");
	o.m.records = o.m.decided + o.m.rejected;
	o.m.rejects_total = r->rejects.count;
	o.m.publicity_start = r->prog.publicity_start;
	o.m.publicity_end = round->publicity_end;
	struct disbursement disb;
	disb_init(&disb, &r->arena, r->prog.disbursement_batch);
	coop_disbursement(&r->prog, batch, decisions, &disb);
	o.m.disbursement_projects = disb.projects;
	o.m.disbursement_total = disb.total;
	struct coop_doc_input in = { &r->prog, batch, decisions, round, &disb, NULL };
	bool ok = make_dirs(out, &r->err) &&
		  report_decisions(out, r->prog.kind_name, rows, batch->napps, &o.w, &r->err) &&
		  report_reasons(out, rows, batch->napps, &o.w, &r->err) &&
		  report_rejects(out, &r->rejects, &o.w, &r->err) &&
		  report_bans(out, NULL, 0, &o.w, &r->err) &&
		  report_disbursement_csv(out, &disb, r->opt->bom, &o.w, &r->err) &&
		  coop_write_documents(&r->docs, &in, out, r->opt->jobs, r->opt->incremental ? &o.prior : NULL,
				       &o.sp, &o.w, &o.errs, &o.timing, &r->arena, &r->err);
	int code = run_outputs_end(r, &o, ok, COOP_DOC_KINDS, COOP_NKINDS);
	disb_free(&disb);
	free(rows);
	return code;
}

int coop_run(struct run *r, bool xml)
{
	const char *dir = r->opt->batch_dir;
	struct coop_batch batch;
	memset(&batch, 0, sizeof batch);
	if (xml) {
		const char *xsd = getenv("GRANTDOC_XSD");
		char path[4096];
		snprintf(path, sizeof path, "%s/batch.xml", dir);
		if (!coop_ingest_xml(path, xsd && *xsd ? xsd : GRANTDOC_XSD, &r->prog, &batch, &r->rejects,
				     &r->arena, &r->err)) {
			coop_batch_free(&batch);
			return run_fail(EXIT_DATAERR, &r->err);
		}
	} else if (!coop_ingest(dir, r->opt->encoding, &batch, &r->rejects, &r->arena, &r->err)) {
		coop_batch_free(&batch);
		return run_fail(EXIT_DATAERR, &r->err);
	}
	int code = EXIT_OK;
	struct decision *decisions = xcalloc((size_t)batch.napps + 1, sizeof *decisions);
	struct coop_round round;
	memset(&round, 0, sizeof round);
	if (!coop_check_call(&r->prog, &r->err) || !run_load_documents(r, "shanxi-coop", COOP_TEMPLATES)) {
		code = run_fail(EXIT_DATAERR, &r->err);
	} else {
		coop_batch_facts(&batch);
		if (!coop_decide(&r->prog, &batch, &r->cal, decisions, &round, &r->arena, &r->err))
			code = run_fail(EXIT_DATAERR, &r->err);
		else
			code = write_outputs(r, &batch, decisions, &round);
	}
	for (int i = 0; i < batch.napps; i++)
		reasons_free(&decisions[i].reasons);
	free(decisions);
	coop_batch_free(&batch);
	return code;
}
