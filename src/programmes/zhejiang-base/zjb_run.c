/* zjb_run.c: one zhejiang-base run — read the bases and their history,
 * decide, write the tables, the bans and the documents. */
#include "zjb_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "disburse.h"
#include "exitcodes.h"
#include "outfile.h"
#include "documents.h"

const char *const ZJB_REQUIRED_FILES[] = { "applications.csv", NULL };
static const char *const INPUTS[] = { "programme.xml", "applications.csv", "history.csv",
				      "sanctions.csv", NULL };

/* One 单位 ban per revoked base (第十八条、第二十二条): the host, from the
 * decision date for three years. */
static struct ban_out *bans_of(const struct programme *p, const struct zjb_batch *batch,
			       const struct decision *decisions, int *n, struct arena *a)
{
	struct ban_out *bans = arena_alloc(a, (size_t)(batch->nbases + 1) * sizeof *bans);
	*n = 0;
	for (int i = 0; i < batch->nbases; i++) {
		const struct decision *d = &decisions[i];
		if (d->status != ST_REVOKED)
			continue;
		char codes[128];
		reasons_codes(&d->reasons, codes, sizeof codes);
		const struct zjb_base *b = &batch->bases[i];
		size_t len = strlen(b->name) + strlen(codes) + 160;
		char *reason = arena_alloc(a, len);
		snprintf(reason, len, "取消省国际科技合作基地“%s”资格（%s），三年内不得再次申报（第十八条、第二十二条）",
			 b->name, codes);
		bans[(*n)++] = (struct ban_out){ "单位", b->host_uscc, b->host, p->decided, d->ban_until,
						 reason, b->id };
	}
	return bans;
}

static int write_outputs(struct run *r, const struct zjb_batch *batch, const struct decision *decisions)
{
	const char *out = r->opt->out_dir;
	struct decided *rows = xmalloc((size_t)(batch->nbases + 1) * sizeof *rows);
	for (int i = 0; i < batch->nbases; i++)
		rows[i] = (struct decided){ batch->bases[i].id, zjb_type_code(batch->bases[i].type), &decisions[i] };
	struct run_outputs o;
	run_outputs_begin(r, &o, rows, batch->nbases, INPUTS);
	o.m.rejected = rejects_count_file(&r->rejects, "applications.csv");
	o.m.records = o.m.decided + o.m.rejected;
	o.m.rejects_total = r->rejects.count;
	o.m.publicity_start = o.m.publicity_end = DATE_NONE;
	int nbans;
	const struct ban_out *bans = bans_of(&r->prog, batch, decisions, &nbans, &r->arena);
	struct disbursement disb;
	disb_init(&disb, &r->arena, r->prog.disbursement_batch);
	zjb_disbursement(batch, decisions, &disb);
	o.m.disbursement_projects = disb.projects;
	o.m.disbursement_total = disb.total;
	struct zjb_doc_input in = { &r->prog, batch, decisions, &disb };
	bool ok = make_dirs(out, &r->err) &&
		  report_decisions(out, r->prog.kind_name, rows, batch->nbases, &o.w, &r->err) &&
		  report_reasons(out, rows, batch->nbases, &o.w, &r->err) &&
		  report_rejects(out, &r->rejects, &o.w, &r->err) &&
		  report_bans(out, bans, nbans, &o.w, &r->err) &&
		  report_disbursement_csv(out, &disb, r->opt->bom, &o.w, &r->err) &&
		  zjb_write_documents(&r->docs, &in, out, r->opt->jobs, r->opt->incremental ? &o.prior : NULL,
				      &o.sp, &o.w, &o.errs, &o.timing, &r->arena, &r->err);
	int code = run_outputs_end(r, &o, ok, ZJB_DOC_KINDS, ZJB_NKINDS);
	disb_free(&disb);
	free(rows);
	return code;
}

int zjb_run(struct run *r)
{
	struct zjb_batch batch;
	if (!zjb_ingest(r->opt->batch_dir, &r->prog, r->opt->encoding, &batch, &r->rejects, &r->arena,
			&r->err)) {
		zjb_batch_free(&batch);
		return run_fail(EXIT_DATAERR, &r->err);
	}
	int code;
	struct decision *decisions = xcalloc((size_t)batch.nbases + 1, sizeof *decisions);
	if (!run_load_documents(r, "zhejiang-base", ZJB_TEMPLATES)) {
		code = run_fail(EXIT_DATAERR, &r->err);
	} else {
		zjb_decide(&r->prog, &batch, decisions, &r->arena);
		code = write_outputs(r, &batch, decisions);
	}
	for (int i = 0; i < batch.nbases; i++)
		reasons_free(&decisions[i].reasons);
	free(decisions);
	zjb_batch_free(&batch);
	return code;
}
