/* zjb_docs.h: the zhejiang-base documents — a notice per base, the grade
 * list, the reward disbursement sheet — from decisions, through
 * templates. Maps facts to template fields; decides nothing, draws
 * nothing itself. */
#ifndef GRANTDOC_ZJB_DOCS_H
#define GRANTDOC_ZJB_DOCS_H

#include "disburse.h"
#include "docrun.h"
#include "model.h"

#define ZJB_NKINDS 3
extern const char *const ZJB_TEMPLATES[];
extern const char *const ZJB_DOC_KINDS[ZJB_NKINDS];

struct zjb_doc_input {
	const struct programme *prog;
	const struct zjb_batch *batch;
	const struct decision *decisions;
	const struct disbursement *disb;
};

/* The reward sheet: every 优秀 base, grouped by type (JRD, OSV, FTR), in
 * input order within one. */
void zjb_disbursement(const struct zjb_batch *batch, const struct decision *decisions,
		      struct disbursement *d);

/* notices/<id>.pdf for every base, publicity.pdf and disbursement.pdf. */
bool zjb_write_documents(const struct doc_resources *r, const struct zjb_doc_input *in,
			 const char *out_dir, int workers, const struct prior *prior,
			 struct shard_plan *sp, struct written *w, struct doc_errors *errs,
			 struct doc_timing *timing, struct arena *arena, struct strbuf *err);

#endif
